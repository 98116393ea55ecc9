import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { executeReads } from '../executeReads';
import { catalogField, itemIdField, readCatalogName, readItemId } from './fields';
import { getCatalogItem } from '../../../shared/braze/catalogReads';

const displayOptions = { show: { resource: ['catalog'], operation: ['getItem'] } };

export const description = updateDisplayOptions(displayOptions, [catalogField, itemIdField]);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await executeReads.call(this, async (transport, i) => {
		const itemId = readItemId(this, i);
		if (!itemId) throw new Error('Item ID is empty: give the ID of the item to get');
		return [await getCatalogItem(transport, readCatalogName(this, i), itemId)];
	});
}
