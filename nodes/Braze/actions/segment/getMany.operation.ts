import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { LIST_PAGE_SIZE, collectPages, listPage } from '../../../shared/braze/paging';
import { executeReads } from '../executeReads';
import { readLimit, returnAllFields, sortDirectionOptions } from '../helpers';

const displayOptions = { show: { resource: ['segment'], operation: ['getMany'] } };

const properties: INodeProperties[] = [
	...returnAllFields(),
	sortDirectionOptions('segmentOptions', 'asc'),
];

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await executeReads.call(this, async (transport, i) => {
		const { sortDirection } = this.getNodeParameter('segmentOptions', i, {}) as { sortDirection?: string };
		return await collectPages<IDataObject>(
			async ({ page }) => await listPage(transport, '/segments/list', page, sortDirection ? { sort_direction: sortDirection } : {}),
			{ pageSize: LIST_PAGE_SIZE, limit: readLimit(this, i), fixedPageSize: true },
		);
	});
}
