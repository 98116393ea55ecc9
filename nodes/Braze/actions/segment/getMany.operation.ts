import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { executeReads } from '../executeReads';
import { LIST_PAGE_SIZE, collectPages, listPage, readLimit, returnAllFields, sortDirectionOptions } from '../paging';

const show = { resource: ['segment'], operation: ['getMany'] };

export const description: INodeProperties[] = [
	...returnAllFields(show),
	sortDirectionOptions('segmentOptions', show, 'asc'),
];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await executeReads.call(this, async (transport, i) => {
		const { sortDirection } = this.getNodeParameter('segmentOptions', i, {}) as { sortDirection?: string };
		return await collectPages<IDataObject>(
			async ({ page }) => await listPage(transport, '/segments/list', page, sortDirection ? { sort_direction: sortDirection } : {}),
			{ pageSize: LIST_PAGE_SIZE, limit: readLimit(this, i), fixedPageSize: true },
		);
	});
}
