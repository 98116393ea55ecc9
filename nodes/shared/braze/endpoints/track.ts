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

/** One object of the request's attributes, events or purchases array, in Braze's wire names. */
export function trackObject(change: TrackChange): IDataObject {
	const flags: IDataObject = {};
	if (change.updateExistingOnly !== undefined) flags._update_existing_only = change.updateExistingOnly;
	switch (change.type) {
		case 'attributes':
			if (change.mergeObjects !== undefined) flags._merge_objects = change.mergeObjects;
			return { ...identifierFields(change.user), ...(change.attributes as IDataObject), ...flags };
		case 'event':
			return {
				...identifierFields(change.user),
				name: change.name,
				time: change.time,
				...(change.properties ? { properties: change.properties as IDataObject } : {}),
				...(change.appId ? { app_id: change.appId } : {}),
				...flags,
			};
		case 'purchase':
			return {
				...identifierFields(change.user),
				product_id: change.productId,
				currency: change.currency,
				price: change.price,
				...(change.quantity !== undefined ? { quantity: change.quantity } : {}),
				time: change.time,
				...(change.properties ? { properties: change.properties as IDataObject } : {}),
				...(change.appId ? { app_id: change.appId } : {}),
				...flags,
			};
	}
}

/** One /users/track body, filled with Braze's processing order in mind. */
class TrackBucket implements Bucket {
	entries: PlanEntry[] = [];
	private arrays: Record<'attributes' | 'events' | 'purchases', IDataObject[]> = { attributes: [], events: [], purchases: [] };
	private slots: Slot[] = [];
	/** The highest phase each user has in this request. */
	private phaseOfUser = new Map<string, number>();

	constructor(private readonly limit: TrackBatchLimit) {}

	hasUser(user: string): boolean {
		return this.phaseOfUser.has(user);
	}

	fits(entry: PlanEntry, users: string[]): boolean {
		const change = entry.change as TrackChange;
		const { total, perType } = TRACK_LIMITS[this.limit];
		if (this.slots.length + 1 > total) return false;
		if (this.arrays[ARRAY_OF[change.type]].length + 1 > perType) return false;
		const phase = PHASE_OF[change.type];
		return users.every((user) => (this.phaseOfUser.get(user) ?? -1) <= phase);
	}

	add(entry: PlanEntry, users: string[]): void {
		const change = entry.change as TrackChange;
		const phase = PHASE_OF[change.type];
		for (const user of users) this.phaseOfUser.set(user, Math.max(phase, this.phaseOfUser.get(user) ?? -1));
		const name = ARRAY_OF[change.type];
		const array = this.arrays[name];
		this.slots.push({ ref: entry.ref, array: name, index: array.length });
		array.push(trackObject(change));
		this.entries.push(entry);
	}

	build(): BuiltRequest {
		const body: IDataObject = {};
		for (const name of ['attributes', 'events', 'purchases'] as const) if (this.arrays[name].length) body[name] = this.arrays[name];
		return { endpoint: '/users/track', credential: 'brazeApi', body, slots: this.slots };
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
