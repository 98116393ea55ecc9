import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { sortDirectionOptions } from '../paging';
import { emailListFields, executeEmailList } from './emailList';

const show = { resource: ['email'], operation: ['getUnsubscribes'] };

export const description: INodeProperties[] = [
	...emailListFields(show, 'that unsubscribed'),
	sortDirectionOptions('unsubscribeOptions', show, 'desc'),
];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await executeEmailList.call(this, '/email/unsubscribes', (i) => {
		const { sortDirection } = this.getNodeParameter('unsubscribeOptions', i, {}) as { sortDirection?: string };
		return sortDirection ? { sort_direction: sortDirection } : {};
	});
}
