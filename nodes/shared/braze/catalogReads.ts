import type { IDataObject } from 'n8n-workflow';

import { catalogItemsPath } from './endpoints/catalogItems';
import type { BrazeTransport } from './transport';

/** Catalog reads: GET /catalogs, GET /catalogs/{name}/items (cursor pages) and /items/{id}. */

async function get(transport: BrazeTransport, endpoint: string, qs?: IDataObject): Promise<{ body: IDataObject; headers: Record<string, unknown> }> {
	const result = await transport.call({ method: 'GET', endpoint, credential: 'brazeApi', ...(qs ? { qs } : {}) });
	if (!result.ok) throw new Error(`${endpoint}: ${result.error ?? 'Braze did not answer'}`);
	return { body: result.body ?? {}, headers: result.headers ?? {} };
}

export async function listCatalogs(transport: BrazeTransport): Promise<IDataObject[]> {
	return ((await get(transport, '/catalogs')).body.catalogs as IDataObject[] | undefined) ?? [];
}

export async function getCatalogItem(transport: BrazeTransport, catalogName: string, itemId: string): Promise<IDataObject> {
	const { body } = await get(transport, `${catalogItemsPath(catalogName)}/${encodeURIComponent(itemId)}`);
	const [item] = (body.items as IDataObject[] | undefined) ?? [];
	if (!item) throw new Error(`Braze returned no item "${itemId}" from catalog "${catalogName}"`);
	return item;
}

/** The `cursor` of the `rel="next"` link in Braze's Link header, if there is a next page. */
export function nextCursor(headers: Record<string, unknown>): string | undefined {
	const entry = Object.entries(headers).find(([name]) => name.toLowerCase() === 'link');
	const link = entry ? String(Array.isArray(entry[1]) ? entry[1].join(',') : entry[1]) : '';
	for (const part of link.split(',')) {
		const match = /<([^>]*)>\s*;\s*rel="?next"?/.exec(part);
		if (!match) continue;
		const cursor = /[?&]cursor=([^&]*)/.exec(match[1]);
		if (cursor) return decodeURIComponent(cursor[1]);
	}
	return undefined;
}

/** Reads pages of 50 until there is no next link or the limit is met; one page at a time (50 requests a minute). */
export async function getCatalogItems(transport: BrazeTransport, catalogName: string, limit: number | undefined): Promise<IDataObject[]> {
	const rows: IDataObject[] = [];
	let cursor: string | undefined;
	for (let page = 0; page < 100_000; page++) {
		const { body, headers } = await get(transport, catalogItemsPath(catalogName), cursor ? { cursor } : undefined);
		rows.push(...((body.items as IDataObject[] | undefined) ?? []));
		if (limit !== undefined && rows.length >= limit) return rows.slice(0, limit);
		cursor = nextCursor(headers);
		if (!cursor) break;
	}
	return rows;
}
