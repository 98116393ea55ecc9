import type { IDataObject } from 'n8n-workflow';

import { isRecord } from '../../shared/values';

/** Ketch merges JSON documents across callbacks and limits the total to 1 MB. */
export const MAX_JSON_DOCUMENTS_BYTES = 1024 * 1024;

/** One embedded JSON document, as Ketch's Document object wants it. */
export function jsonDocument(data: unknown): IDataObject {
	return { data: Buffer.from(JSON.stringify(data), 'utf8').toString('base64'), headers: { 'Content-Type': 'application/json' } };
}

/**
 * The profiles a Braze "Change > Apply" exported for this item (`braze.results[].data`), or
 * undefined when the item holds no export at all.
 */
export function brazeExports(json: IDataObject): { found: IDataObject[]; missing: number } | undefined {
	const braze = json.braze;
	if (!isRecord(braze) || !Array.isArray(braze.results)) return undefined;
	const exports = braze.results.filter((result) => isRecord(result) && result.type === 'export') as IDataObject[];
	if (exports.length === 0) return undefined;
	const found: IDataObject[] = [];
	let missing = 0;
	for (const result of exports) {
		const data = result.data;
		if (isRecord(data) && data.found === true && isRecord(data.user)) found.push(data.user as IDataObject);
		else missing++;
	}
	return { found, missing };
}

/** Size of the JSON the documents carry, decoded. */
export function documentsBytes(documents: IDataObject[]): number {
	return documents.reduce((total, document) => total + Buffer.from(String(document.data ?? ''), 'base64').length, 0);
}
