import type { IDataObject } from 'n8n-workflow';

/**
 * Data points as Braze bills them (braze-docs, _docs/_user_guide/data/infrastructure/data_points.md):
 * every attribute set on a profile counts, changed or not; each custom event and purchase counts
 * once. Subscription state (email_subscribe, push_subscribe, subscription groups), push tokens
 * ("collected by default") and the identifiers (User ID, user alias) do not count. Event and
 * purchase properties count extra only when enabled for segmentation, a workspace setting we
 * cannot see: they are not counted here.
 */

/** Attribute keys of a /users/track object that are free: identity, request flags, subscription state, push tokens. */
const FREE_KEYS = new Set([
	'external_id',
	'braze_id',
	'user_alias',
	'_update_existing_only',
	'_merge_objects',
	'email_subscribe',
	'push_subscribe',
	'subscription_groups',
	'push_tokens',
	'push_token_import',
]);

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Keys of a nested object, each one a data point; nested objects count their own keys. */
function objectKeys(value: Record<string, unknown>): number {
	let count = 0;
	for (const inner of Object.values(value)) count += isPlainObject(inner) && Object.keys(inner).length ? objectKeys(inner) : 1;
	return count;
}

function objectsKeys(list: unknown): number {
	if (!Array.isArray(list)) return 1;
	return list.reduce<number>((sum, entry) => sum + (isPlainObject(entry) ? Math.max(objectKeys(entry), 1) : 1), 0);
}

/** The data points one attribute costs when written (0 for a free key). */
export function attributeDataPoints(key: string, value: unknown): number {
	if (FREE_KEYS.has(key)) return 0;
	// Unsetting counts too; so does setting a simple array whole (one point).
	if (value === null || typeof value !== 'object') return 1;
	if (Array.isArray(value)) return value.some(isPlainObject) ? objectsKeys(value) : 1;
	const object = value as Record<string, unknown>;
	if ('inc' in object) return 1;
	// Adding values one by one costs one point per value; a remove costs one per call.
	if ('add' in object || 'remove' in object) return (Array.isArray(object.add) ? object.add.length : 0) + ('remove' in object ? 1 : 0);
	if ('$add' in object || '$remove' in object || '$update' in object) {
		const updates = Array.isArray(object.$update) ? object.$update.map((u: unknown) => (isPlainObject(u) ? u.$new_object : u)) : [];
		return objectsKeys(object.$add ?? []) + (Array.isArray(object.$remove) ? object.$remove.length : 0) + objectsKeys(updates);
	}
	if ('$time' in object) return 1;
	return Math.max(objectKeys(object), 1);
}

/** The key naming the user of a /users/track object: external_id, braze_id or user_alias, else email or phone. */
function identifierKeyOf(object: IDataObject): string | undefined {
	for (const key of ['external_id', 'braze_id', 'user_alias']) if (key in object) return key;
	if ('email' in object) return 'email';
	if ('phone' in object) return 'phone';
	return undefined;
}

/** The data points of one attributes object (of /users/track, or a recipient's attributes when `identified` is false). */
export function attributesObjectDataPoints(object: IDataObject, identified = true): number {
	const identifier = identified ? identifierKeyOf(object) : undefined;
	let count = 0;
	for (const [key, value] of Object.entries(object)) if (key !== identifier) count += attributeDataPoints(key, value);
	return count;
}

export interface DataPointCount {
	total: number;
	attributes: number;
	events: number;
	purchases: number;
}

/** What one request body costs when Braze applies it; endpoints that write no profile data cost nothing. */
export function requestDataPoints(endpoint: string, body: IDataObject): DataPointCount {
	const count: DataPointCount = { total: 0, attributes: 0, events: 0, purchases: 0 };
	const list = (name: string) => (Array.isArray(body[name]) ? (body[name] as IDataObject[]) : []);
	if (endpoint === '/users/track') {
		for (const object of list('attributes')) count.attributes += attributesObjectDataPoints(object);
		count.events = list('events').length;
		count.purchases = list('purchases').length;
	} else {
		// Trigger and transactional sends may set profile attributes just before sending.
		for (const recipient of list('recipients')) {
			if (isPlainObject(recipient.attributes)) count.attributes += attributesObjectDataPoints(recipient.attributes as IDataObject, false);
		}
		if (isPlainObject(body.recipient) && isPlainObject((body.recipient as IDataObject).attributes)) {
			count.attributes += attributesObjectDataPoints((body.recipient as IDataObject).attributes as IDataObject, false);
		}
	}
	count.total = count.attributes + count.events + count.purchases;
	return count;
}

export function addDataPoints(into: DataPointCount, more: DataPointCount): DataPointCount {
	into.total += more.total;
	into.attributes += more.attributes;
	into.events += more.events;
	into.purchases += more.purchases;
	return into;
}
