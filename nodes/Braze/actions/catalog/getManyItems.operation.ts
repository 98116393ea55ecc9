import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { executeReads } from '../executeReads';
import { readLimit, returnAllFields } from '../helpers';
import { catalogField, readCatalogName } from './fields';
import { getCatalogItems } from '../../../shared/braze/catalogReads';

const displayOptions = { show: { resource: ['catalog'], operation: ['getManyItems'] } };

export const description = updateDisplayOptions(displayOptions, [
	{
		displayName: 'Braze returns 50 items a page and allows 50 catalog item reads a minute per workspace: a large catalog takes a minute for every 2,500 items.',
		name: 'getManyItemsNotice',
		type: 'notice',
		default: '',
	},
	catalogField,
	...returnAllFields(),
]);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await executeReads.call(this, async (transport, i) => await getCatalogItems(transport, readCatalogName(this, i), readLimit(this, i)));
}
