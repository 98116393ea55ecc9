import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { failureJson } from '../../shared/itemErrors';
import { BrazeTransport } from '../../shared/braze/transport';

/**
 * The path for reading operations: each input item asks Braze once (with paging), and every row
 * Braze returns becomes an output item paired with that input item. A failing item fails alone.
 */
export async function executeReads(
	this: IExecuteFunctions,
	read: (transport: BrazeTransport, itemIndex: number, item: INodeExecutionData) => Promise<IDataObject[]>,
): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const transport = new BrazeTransport(this);
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		let rows: IDataObject[];
		try {
			rows = await read(transport, itemIndex, items[itemIndex]);
		} catch (cause) {
			const error = new NodeOperationError(this.getNode(), `[item ${itemIndex}] ${(cause as Error).message}`, {
				itemIndex,
				description: 'Check the fields named above and the API key\'s permissions; other items were read.',
			});
			if (!this.continueOnFail()) throw error;
			output.push({ json: failureJson(this, error.message), pairedItem: { item: itemIndex } });
			continue;
		}
		for (const row of rows) output.push({ json: row, pairedItem: { item: itemIndex } });
	}
	return [output];
}
