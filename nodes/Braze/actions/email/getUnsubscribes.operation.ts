import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { emailListFields, executeEmailList } from './emailList';

const show = { resource: ['email'], operation: ['getUnsubscribes'] };

export const description: INodeProperties[] = [
	...emailListFields(show, 'that unsubscribed'),
	{
		displayName: 'Options',
		name: 'unsubscribeOptions',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Sort Direction',
				name: 'sortDirection',
				type: 'options',
				options: [
					{ name: 'Newest First', value: 'desc' },
					{ name: 'Oldest First', value: 'asc' },
				],
				default: 'desc',
			},
		],
	},
];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await executeEmailList.call(this, '/email/unsubscribes', (i) => {
		const { sortDirection } = this.getNodeParameter('unsubscribeOptions', i, {}) as { sortDirection?: string };
		return sortDirection ? { sort_direction: sortDirection } : {};
	});
}
