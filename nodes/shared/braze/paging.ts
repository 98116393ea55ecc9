import type { IDataObject } from 'n8n-workflow';

import type { BrazeTransport } from './transport';

/**
 * Paging over Braze's read endpoints, used by the Braze node's read operations and by its list
 * searches (resource locators), so it lives outside both.
 */

export interface PageRequest {
	/** 0-based page number, for endpoints paged by `page`. */
	page: number;
	/** Rows already read, for endpoints paged by `offset`. */
	offset: number;
	/** Rows to ask for on this page. */
	size: number;
}

export interface PagingOptions {
	/** The most rows Braze returns per page. */
	pageSize: number;
	/** Stop after this many rows; undefined reads every page. */
	limit?: number;
	/** Endpoints paged by page number always return full pages: the size cannot shrink to the limit. */
	fixedPageSize?: boolean;
	/** A bound on requests, in case an endpoint ignores paging and repeats itself. */
	maxPages?: number;
}

/**
 * Reads pages until one comes back short or the limit is reached. Braze's list endpoints give no
 * total or next token: a page with fewer rows than asked for is the last one.
 */
export async function collectPages<T>(fetchPage: (request: PageRequest) => Promise<T[]>, options: PagingOptions): Promise<T[]> {
	const rows: T[] = [];
	const maxPages = options.maxPages ?? 10_000;
	for (let page = 0; page < maxPages; page++) {
		const wanted = options.limit === undefined ? options.pageSize : Math.min(options.pageSize, options.limit - rows.length);
		const size = options.fixedPageSize ? options.pageSize : wanted;
		const batch = await fetchPage({ page, offset: rows.length, size });
		rows.push(...batch.slice(0, wanted));
		if (batch.length < size) break;
		if (options.limit !== undefined && rows.length >= options.limit) break;
	}
	return rows;
}

/** A GET whose failure becomes an Error with Braze's words (never the key). */
export async function brazeGet(transport: BrazeTransport, endpoint: string, qs: IDataObject): Promise<IDataObject> {
	const result = await transport.call({ method: 'GET', endpoint, credential: 'brazeApi', qs });
	if (!result.ok) throw new Error(`${endpoint}: ${result.error ?? 'Braze did not answer'}`);
	return result.body ?? {};
}

/** Pages of a list endpoint read with `page` (100 per page): /campaigns/list, /canvas/list, /segments/list. */
export async function listPage(
	transport: BrazeTransport,
	endpoint: '/campaigns/list' | '/canvas/list' | '/segments/list',
	page: number,
	qs: IDataObject = {},
): Promise<IDataObject[]> {
	const body = await brazeGet(transport, endpoint, { ...qs, page });
	const key = endpoint === '/campaigns/list' ? 'campaigns' : endpoint === '/canvas/list' ? 'canvases' : 'segments';
	return (body[key] as IDataObject[] | undefined) ?? [];
}

/** Braze's list endpoints return 100 rows per page. */
export const LIST_PAGE_SIZE = 100;
