import type { IDataObject, ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { BrazeTransport } from '../../shared/braze/transport';
import { LIST_PAGE_SIZE, listPage } from '../../shared/braze/paging';

/** Pages read per call: with a search term, enough to find matches without a long wait. */
const PAGES_PER_CALL = 5;
/** Matches that make one call worth returning. */
const ENOUGH_RESULTS = 50;

/**
 * One list-search page for a resource locator. Braze's list endpoints cannot filter by name, so
 * this reads pages (newest first) and keeps the names that contain the search term; the token
 * is the next page to read.
 */
async function search(
	ctx: ILoadOptionsFunctions,
	endpoint: '/campaigns/list' | '/canvas/list' | '/segments/list',
	filter: string | undefined,
	paginationToken: string | undefined,
	usable: (row: IDataObject) => boolean = () => true,
): Promise<INodeListSearchResult> {
	const transport = new BrazeTransport(ctx);
	const term = (filter ?? '').trim().toLowerCase();
	const results: INodeListSearchItems[] = [];
	let page = Number(paginationToken ?? 0) || 0;
	for (let read = 0; read < PAGES_PER_CALL; read++) {
		let rows: IDataObject[];
		try {
			rows = await listPage(transport, endpoint, page, { sort_direction: 'desc' });
		} catch (error) {
			throw new NodeOperationError(ctx.getNode(), (error as Error).message, {
				description: 'Check the credential, and that the API key has the list permission (e.g. campaigns.list)',
			});
		}
		for (const row of rows) {
			if (!usable(row)) continue;
			const name = String(row.name ?? row.id);
			if (term && !name.toLowerCase().includes(term) && String(row.id) !== term) continue;
			results.push({ name, value: String(row.id) });
		}
		page++;
		if (rows.length < LIST_PAGE_SIZE) return { results };
		if (results.length >= ENOUGH_RESULTS) break;
	}
	return { results, paginationToken: String(page) };
}

export async function searchCampaigns(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	return await search(this, '/campaigns/list', filter, paginationToken);
}

/**
 * Campaigns an API call can send: /campaigns/list marks them `is_api_campaign`. Trigger Campaign
 * and Send Transactional Email use it; the list has no transactional flag (Braze's transactional
 * campaigns are API campaigns), so Braze itself refuses an API campaign that is not transactional.
 */
export async function searchApiCampaigns(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	return await search(this, '/campaigns/list', filter, paginationToken, (row) => row.is_api_campaign === true);
}

export async function searchCanvases(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	return await search(this, '/canvas/list', filter, paginationToken);
}

export async function searchSegments(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	return await search(this, '/segments/list', filter, paginationToken);
}
