import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { sortDirectionOptions } from '../helpers';
import { emailListFields, executeEmailList } from './emailList';

const displayOptions = { show: { resource: ['email'], operation: ['getUnsubscribes'] } };

const properties: INodeProperties[] = [
	...emailListFields('that unsubscribed'),
	sortDirectionOptions('unsubscribeOptions', 'desc'),
];

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await executeEmailList.call(this, '/email/unsubscribes', (i) => {
		const { sortDirection } = this.getNodeParameter('unsubscribeOptions', i, {}) as { sortDirection?: string };
		return sortDirection ? { sort_direction: sortDirection } : {};
	});
}
