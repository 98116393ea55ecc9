import type { Handler } from '../http/context';
import { badRequest, json } from '../http/reply';
import { parseBrazeTime } from '../validate/time';
import { queryInt } from '../validate/common';

// GET /campaigns/list, /canvas/list, /segments/list (braze-api.md §2.13): 100 per 0-based page.

const PAGE = 100;

function direction(q: URLSearchParams): 1 | -1 {
	const d = q.get('sort_direction') ?? 'asc';
	if (d !== 'asc' && d !== 'desc') badRequest("'sort_direction' must be 'asc' or 'desc'");
	return d === 'asc' ? 1 : -1;
}

function editedAfter(q: URLSearchParams): number | undefined {
	const raw = q.get('last_edit.time[gt]');
	if (raw === null || raw === '') return undefined;
	const ms = parseBrazeTime(raw);
	if (ms === undefined) badRequest("'last_edit.time[gt]' must be a time as yyyy-MM-DDTHH:mm:ss");
	return ms;
}

function page<T>(q: URLSearchParams, items: T[]): T[] {
	const p = queryInt(q, 'page', 0, 0, Number.MAX_SAFE_INTEGER);
	return items.slice(p * PAGE, (p + 1) * PAGE);
}

function filterSort<T extends { last_edited: string; archived: boolean }>(q: URLSearchParams, items: T[]): T[] {
	const archived = q.get('include_archived') === 'true';
	const after = editedAfter(q);
	const dir = direction(q);
	return items
		.filter((x) => (archived || !x.archived) && (after === undefined || Date.parse(x.last_edited) > after))
		.sort((a, b) => dir * a.last_edited.localeCompare(b.last_edited));
}

export const campaignsList: Handler = (ctx) => {
	const items = page(ctx.query, filterSort(ctx.query, ctx.state.catalog.campaigns));
	return json({
		message: 'success',
		campaigns: items.map((c) => ({ id: c.id, last_edited: c.last_edited, name: c.name, is_api_campaign: c.is_api_campaign, tags: c.tags })),
	});
};

// Stopped (paused) Canvases are listed by default; archived ones only on request.
export const canvasList: Handler = (ctx) => {
	const items = page(ctx.query, filterSort(ctx.query, ctx.state.catalog.canvases));
	return json({ canvases: items.map((c) => ({ id: c.id, last_edited: c.last_edited, name: c.name, tags: c.tags })), message: 'success' });
};

export const segmentsList: Handler = (ctx) => {
	const dir = direction(ctx.query);
	const sorted = ctx.state.catalog.segments.slice().sort((a, b) => dir * a.created_at.localeCompare(b.created_at));
	return json({
		message: 'success',
		segments: page(ctx.query, sorted).map((s) => ({ id: s.id, name: s.name, analytics_tracking_enabled: s.analytics_tracking_enabled, tags: s.tags })),
	});
};
