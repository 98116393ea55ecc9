import type { IDataObject } from 'n8n-workflow';

import type { ChangeOf } from '../changes';
import { userKey } from '../identifiers';
import { TRACK_LIMITS, type TrackBatchLimit } from '../limits';
import type { Bucket, PlanEntry } from '../plan';
import type { BuiltRequest, Slot } from '../request';
import { identifierFields } from './shapes';
import type { EndpointSpec } from './spec';

/** POST /users/track: attributes, events and purchases (permission `users.track`). */

type TrackChange = ChangeOf<'attributes'> | ChangeOf<'event'> | ChangeOf<'purchase'>;

const ARRAY_OF = { attributes: 'attributes', event: 'events', purchase: 'purchases' } as const;
/** Braze applies attributes, then events, then purchases within one request. */
const PHASE_OF = { attributes: 0, event: 1, purchase: 2 } as const;

/** Copies own fields, "__proto__" included as a plain field (as object spread does), without spread's cost. */
function assignFields(target: IDataObject, source: Record<string, unknown>): void {
	for (const key of Object.keys(source)) {
		if (key === '__proto__') Object.defineProperty(target, key, { value: source[key], enumerable: true, writable: true, configurable: true });
		else target[key] = source[key] as IDataObject[string];
	}
}

/** One object of the request's attributes, events or purchases array, in Braze's wire names. */
export function trackObject(change: TrackChange): IDataObject {
	// Built field by field: this runs once per change of every sync, and spreads cost several times more.
	const object = identifierFields(change.user);
	switch (change.type) {
		case 'attributes':
			assignFields(object, change.attributes);
			if (change.updateExistingOnly !== undefined) object._update_existing_only = change.updateExistingOnly;
			if (change.mergeObjects !== undefined) object._merge_objects = change.mergeObjects;
			return object;
		case 'event':
			object.name = change.name;
			object.time = change.time;
			if (change.properties) object.properties = change.properties as IDataObject;
			if (change.appId) object.app_id = change.appId;
			break;
		case 'purchase':
			object.product_id = change.productId;
			object.currency = change.currency;
			object.price = change.price;
			if (change.quantity !== undefined) object.quantity = change.quantity;
			object.time = change.time;
			if (change.properties) object.properties = change.properties as IDataObject;
			if (change.appId) object.app_id = change.appId;
			break;
	}
	if (change.updateExistingOnly !== undefined) object._update_existing_only = change.updateExistingOnly;
	return object;
}

/** The /users/track body for these changes, in their order within each array. */
function trackBody(entries: PlanEntry[]): IDataObject {
	const body: IDataObject = {};
	for (const entry of entries) {
		const change = entry.change as TrackChange;
		const name = ARRAY_OF[change.type];
		((body[name] as IDataObject[] | undefined) ?? (body[name] = [])).push(trackObject(change));
	}
	// Braze reads the arrays in this order whatever the keys' order; keep the wire text stable too.
	const ordered: IDataObject = {};
	for (const name of ['attributes', 'events', 'purchases'] as const) if (body[name]) ordered[name] = body[name];
	return ordered;
}

/**
 * One /users/track request, filled with Braze's processing order in mind. It keeps the changes,
 * not their wire objects: the body is built when the request is sent.
 */
class TrackBucket implements Bucket {
	entries: PlanEntry[] = [];
	private counts = { attributes: 0, events: 0, purchases: 0 };
	private slots: Slot[] = [];
	/** The highest phase each user has in this request. */
	private phaseOfUser = new Map<string, number>();
	private readonly total: number;
	private readonly perType: number;

	constructor(limit: TrackBatchLimit) {
		({ total: this.total, perType: this.perType } = TRACK_LIMITS[limit]);
	}

	hasUser(user: string): boolean {
		return this.phaseOfUser.has(user);
	}

	fits(entry: PlanEntry, users: string[]): boolean {
		const change = entry.change as TrackChange;
		if (this.slots.length + 1 > this.total) return false;
		if (this.counts[ARRAY_OF[change.type]] + 1 > this.perType) return false;
		const phase = PHASE_OF[change.type];
		for (const user of users) if ((this.phaseOfUser.get(user) ?? -1) > phase) return false;
		return true;
	}

	add(entry: PlanEntry, users: string[]): void {
		const change = entry.change as TrackChange;
		const phase = PHASE_OF[change.type];
		for (const user of users) {
			const known = this.phaseOfUser.get(user);
			if (known === undefined || known < phase) this.phaseOfUser.set(user, phase);
		}
		const name = ARRAY_OF[change.type];
		this.slots.push({ ref: entry.ref, array: name, index: this.counts[name]++ });
		this.entries.push(entry);
	}

	build(): BuiltRequest {
		return { endpoint: '/users/track', credential: 'brazeApi', body: trackBody(this.entries), slots: this.slots };
	}

	lazy(): { request: Omit<BuiltRequest, 'body'>; body: (entries: PlanEntry[]) => IDataObject } {
		return { request: { endpoint: '/users/track', credential: 'brazeApi', slots: this.slots }, body: trackBody };
	}
}

/** Whether an attribute update counts twice when sent twice: `inc` adds again, `$add` appends again. */
function attributesApplyTwice(change: ChangeOf<'attributes'>): boolean {
	return Object.values(change.attributes).some(
		(value) => value !== null && typeof value === 'object' && !Array.isArray(value) && ('inc' in value || '$add' in value),
	);
}

export const track: EndpointSpec<TrackChange> = {
	path: '/users/track',
	credential: 'brazeApi',
	requestKey: () => 'track',
	users: (change) => [userKey(change.user)],
	open: (_change, options) => new TrackBucket(options.trackLimit),
	// Braze has no idempotency key here: a resent event or purchase is recorded again.
	appliesTwice: (change) => change.type !== 'attributes' || attributesApplyTwice(change),
};
