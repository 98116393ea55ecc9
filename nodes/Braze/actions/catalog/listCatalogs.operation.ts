import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { executeReads } from '../executeReads';
import { readLimit, returnAllFields } from '../helpers';
import { listCatalogs } from '../../../shared/braze/catalogReads';

const displayOptions = { show: { resource: ['catalog'], operation: ['listCatalogs'] } };

export const description = updateDisplayOptions(displayOptions, returnAllFields());

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await executeReads.call(this, async (transport, i) => {
		const limit = readLimit(this, i);
		const catalogs = await listCatalogs(transport);
		return limit === undefined ? catalogs : catalogs.slice(0, limit);
	});
}
