import type { Handler, HandlerContext } from '../http/context';
import { ApiError, json } from '../http/reply';
import type { BrazeCatalog, CatalogField } from '../state/braze-catalogs';
import { parseBrazeTime } from '../validate/time';
import { isRecord } from '../validate/common';

// Braze Catalogs, as strict as braze-docs `_docs/_api/endpoints/catalogs/`: GET /catalogs;
// POST, PATCH, PUT, DELETE and GET /catalogs/:name/items; GET /catalogs/:name/items/:id.
// Errors are Braze's catalog shape: {errors: [{id, message, parameters, parameter_values}], message}.
// A write with one bad item is refused as a whole (400), as the bulk pages show.

const MAX_ITEMS = 50;
const PAGE = 50;
const ID = /^[A-Za-z0-9_-]+$/;

interface CatalogError {
	id: string;
	message: string;
	parameters: string[];
	parameter_values: unknown[];
}

function refuse(status: number, errors: CatalogError[]): never {
	throw new ApiError(status, { errors, message: 'Invalid Request' });
}

const error = (id: string, message: string, parameters: string[] = [], values: unknown[] = []): CatalogError => ({ id, message, parameters, parameter_values: values });

function catalogOf(ctx: HandlerContext): BrazeCatalog {
	const name = ctx.params.name;
	const catalog = ctx.state.catalogs.get(name);
	if (!catalog) refuse(404, [error('catalog-not-found', 'Could not find catalog', ['catalog_name'], [name])]);
	return catalog;
}

function depth(value: unknown): number {
	if (Array.isArray(value)) return 1 + Math.max(0, ...value.map(depth));
	if (isRecord(value)) return 1 + Math.max(0, ...Object.values(value).map(depth));
	return 0;
}

function badKeys(value: unknown, operators: boolean, level = 0): boolean {
	if (Array.isArray(value)) return value.some((v) => badKeys(v, false, level + 1));
	if (!isRecord(value)) return false;
	return Object.entries(value).some(([key, v]) => {
		const operator = operators && level === 1 && (key === '$add' || key === '$remove');
		return (!operator && (key.includes('.') || key.includes('$'))) || badKeys(v, operators, level + 1);
	});
}

function tooLarge(value: unknown): boolean {
	if (typeof value === 'string') return value.length > 5000;
	if (Array.isArray(value)) return value.some(tooLarge);
	if (isRecord(value)) return Object.values(value).some(tooLarge);
	return false;
}

/** Whether the value fits the field's type (Braze coerces what it can, e.g. "4" into a number field). */
function coerce(field: CatalogField, value: unknown): { ok: true; value: unknown } | { ok: false } {
	if (value === null) return { ok: true, value };
	switch (field.type) {
		case 'string':
			return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? { ok: true, value: String(value) } : { ok: false };
		case 'number': {
			const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
			return Number.isFinite(n) ? { ok: true, value: n } : { ok: false };
		}
		case 'boolean':
			if (typeof value === 'boolean') return { ok: true, value };
			return value === 'true' || value === 'false' ? { ok: true, value: value === 'true' } : { ok: false };
		case 'time': {
			const ms = typeof value === 'string' ? parseBrazeTime(value) : undefined;
			return ms === undefined ? { ok: false } : { ok: true, value: new Date(ms).toISOString() };
		}
		case 'array':
			return Array.isArray(value) ? { ok: true, value } : { ok: false };
		case 'object':
			return isRecord(value) ? { ok: true, value } : { ok: false };
	}
}

type Mode = 'create' | 'update' | 'replace' | 'delete';

/** Checks the whole request first: one bad item refuses it all, nothing is applied. */
function readItems(ctx: HandlerContext, catalog: BrazeCatalog, mode: Mode): Array<Record<string, unknown>> {
	const body = ctx.body;
	const items = isRecord(body) ? body.items : undefined;
	if (!Array.isArray(items) || !items.every(isRecord)) refuse(400, [error('item-array-invalid', '`items` must be an array of objects', ['items'])]);
	if (items.length > MAX_ITEMS) refuse(400, [error('request-includes-too-many-items', 'Your request has too many items. The item limit per request is 50', ['items'])]);
	const errors: CatalogError[] = [];
	const missing = items.filter((item) => item.id === undefined).length;
	if (missing) errors.push(error('items-missing-ids', `There are ${missing} item(s) that do not have ids`));
	const ids = items.map((item) => item.id).filter((id) => id !== undefined);
	const notStrings = ids.filter((id) => typeof id !== 'string');
	if (notStrings.length) errors.push(error('ids-not-strings', 'Item IDs must be of type string', ['id'], notStrings));
	const strings = ids.filter((id): id is string => typeof id === 'string');
	const long = strings.filter((id) => id.length > 250);
	if (long.length) errors.push(error('ids-too-large', "Item IDs can't be more than 250 characters", ['id'], long));
	const invalid = strings.filter((id) => id.length <= 250 && !ID.test(id));
	if (invalid.length) errors.push(error('invalid-ids', 'Item IDs can only include letters, numbers, hyphens, and underscores', ['id'], invalid));
	const dupes = strings.filter((id, i) => strings.indexOf(id) !== i);
	if (dupes.length) errors.push(error('ids-not-unique', 'Item IDs must be unique in the request', ['id'], [...new Set(dupes)]));
	if (mode !== 'delete') {
		const fields = new Map(catalog.fields.map((f) => [f.name, f]));
		const unknownIds: unknown[] = [];
		const coercionIds: unknown[] = [];
		const keyIds: unknown[] = [];
		const largeIds: unknown[] = [];
		const deepIds: unknown[] = [];
		for (const item of items) {
			const { id, ...rest } = item;
			if (Object.keys(rest).some((key) => !fields.has(key))) unknownIds.push(id);
			if (badKeys(rest, mode === 'update')) keyIds.push(id);
			if (tooLarge(rest)) largeIds.push(id);
			if (depth(rest) > 50) deepIds.push(id);
			for (const [key, value] of Object.entries(rest)) {
				const field = fields.get(key);
				if (!field) continue;
				const operator = mode === 'update' && field.type === 'array' && isRecord(value) && Object.keys(value).every((k) => k === '$add' || k === '$remove');
				if (!operator && !coerce(field, value).ok) coercionIds.push(id);
			}
		}
		if (unknownIds.length) errors.push(error('invalid-fields', 'Some of the fields given do not exist in the catalog', ['id'], unknownIds));
		if (keyIds.length) errors.push(error('invalid-keys-in-value-object', "Item object keys can't include '.' or '$'", ['id'], keyIds));
		if (largeIds.length) errors.push(error('items-too-large', "Item values can't exceed 5,000 characters", ['id'], largeIds));
		if (deepIds.length) errors.push(error('too-deep-nesting-in-value-object', "Item objects can't have more than 50 levels of nesting", ['id'], deepIds));
		if (coercionIds.length) errors.push(error('unable-to-coerce-value', "Item types can't be converted", ['id'], [...new Set(coercionIds)]));
	}
	if (errors.length) refuse(400, errors);
	return items;
}

function typed(catalog: BrazeCatalog, fields: Record<string, unknown>): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const field of catalog.fields) {
		if (!(field.name in fields)) continue;
		const coerced = coerce(field, fields[field.name]);
		out[field.name] = coerced.ok ? coerced.value : fields[field.name];
	}
	return out;
}

function write(mode: Mode): Handler {
	return (ctx) => {
		const catalog = catalogOf(ctx);
		const items = readItems(ctx, catalog, mode);
		for (const item of items) {
			const id = item.id as string;
			const fields = { ...item };
			delete fields.id;
			const existing = catalog.items.get(id);
			if (mode === 'delete') catalog.items.delete(id);
			else if (mode === 'create' || mode === 'replace') catalog.items.set(id, { id, ...typed(catalog, fields) });
			// PATCH edits existing items only; $add/$remove work on array fields.
			else if (existing) {
				for (const [key, value] of Object.entries(fields)) {
					if (isRecord(value) && Object.keys(value).every((k) => k === '$add' || k === '$remove')) {
						const current = Array.isArray(existing[key]) ? (existing[key] as unknown[]) : [];
						const removed = new Set((Array.isArray(value.$remove) ? value.$remove : []).map((v) => JSON.stringify(v)));
						existing[key] = [...current.filter((v) => !removed.has(JSON.stringify(v))), ...(Array.isArray(value.$add) ? value.$add : [])];
					} else Object.assign(existing, typed(catalog, { [key]: value }));
				}
			}
		}
		catalog.updated_at = new Date(ctx.now).toISOString();
		ctx.state.stats.apply(`catalog_items_${mode}`);
		return json({ message: 'success' }, 202);
	};
}

export const catalogItemsCreate = write('create');
export const catalogItemsUpdate = write('update');
export const catalogItemsReplace = write('replace');
export const catalogItemsDelete = write('delete');

export const catalogsList: Handler = (ctx) =>
	json({
		catalogs: ctx.state.catalogs.all().map((c) => ({ description: c.description, fields: c.fields, name: c.name, num_items: c.items.size, updated_at: c.updated_at })),
		message: 'success',
	});

export const catalogItem: Handler = (ctx) => {
	const catalog = catalogOf(ctx);
	const item = catalog.items.get(ctx.params.id);
	if (!item) refuse(404, [error('item-not-found', 'Could not find item', ['item_id'], [ctx.params.id])]);
	return json({ items: [item], message: 'success' });
};

const cursorOf = (skip: number) => Buffer.from(`skip:${skip}`).toString('base64');

/** 50 items a page; the `Link` header holds prev/next cursors, and is absent for 50 items or fewer. */
export const catalogItemsList: Handler = (ctx) => {
	const catalog = catalogOf(ctx);
	const raw = ctx.query.get('cursor');
	let skip = 0;
	if (raw !== null) {
		const match = /^skip:(\d+)$/.exec(Buffer.from(raw, 'base64').toString('utf8'));
		if (!match || cursorOf(Number(match[1])) !== raw) refuse(400, [error('invalid-cursor', "'cursor' is not valid", ['cursor'], [raw])]);
		skip = Number(match[1]);
	}
	const all = [...catalog.items.values()];
	const path = `/catalogs/${encodeURIComponent(catalog.name)}/items`;
	const links: string[] = [];
	if (raw !== null) links.push(`<${path}?cursor=${cursorOf(Math.max(0, skip - PAGE))}>; rel="prev"`);
	if (skip + PAGE < all.length) links.push(`<${path}?cursor=${cursorOf(skip + PAGE)}>; rel="next"`);
	return { status: 200, body: { items: all.slice(skip, skip + PAGE), message: 'success' }, ...(links.length ? { headers: { Link: links.join(',') } } : {}) };
};
