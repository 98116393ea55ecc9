import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { LIST_PAGE_SIZE, listPage } from '../../../shared/braze/paging';
import { executeReads } from '../executeReads';
import { locatorProperty, readLocator } from '../helpers';

const displayOptions = { show: { resource: ['segment'], operation: ['get'] } };

const properties: INodeProperties[] = [
	locatorProperty({ displayName: 'Segment', name: 'segmentId', searchListMethod: 'searchSegments', thing: 'segment' }),
];

export const description = updateDisplayOptions(displayOptions, properties);

/** Finds the segment in /segments/list (needs only segments.list), reading pages until it shows up. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await executeReads.call(this, async (transport, i) => {
		const id = readLocator(this, 'segmentId', i);
		if (!id) throw new Error('Segment is empty: pick one from the list or give its ID');
		for (let page = 0; page < 10_000; page++) {
			const rows = await listPage(transport, '/segments/list', page);
			const found = rows.find((row: IDataObject) => row.id === id);
			if (found) return [found];
			if (rows.length < LIST_PAGE_SIZE) break;
		}
		throw new Error(`Braze has no segment with ID "${id}" (archived segments are not listed)`);
	});
}
