/**
 * The fault suite's data: a seeded, repeatable mix of Braze changes for a few thousand users
 * (attribute sets, attribute increments, events, purchases, subscription states, deletes), put
 * into n8n items (most items one change, some two), with a sprinkling of invalid items whose
 * expected reason is known; and a model of what Braze must hold once every valid change was
 * applied exactly once, in each user's order.
 */
import { seededRandom } from '../../harness/random';

export type Change = Record<string, unknown> & { type: string };

export interface Item {
	/** Position in the whole data set (both phases). */
	index: number;
	brazeChanges: unknown;
	/** Set on invalid items: what the error output must say. */
	expectError?: RegExp;
	/** Refused by Braze itself (passes the node's validation). */
	refusedByBraze?: boolean;
}

export interface Dataset {
	items: Item[];
	/** Valid changes (in items that must succeed). */
	validChanges: number;
	/** All changes, valid or not. */
	totalChanges: number;
	users: string[];
}

const TIME = '2026-01-31T12:00:00Z';
export const USER_PREFIX = 'flt-';
export const GROUPS = ['flt-g1', 'flt-g2'];

/** The invalid items, each with the reason the error output must give. */
const INVALID: Array<{ make: (user: string, seq: number) => unknown; expect: RegExp; byBraze?: boolean }> = [
	{ make: (u, s) => [{ type: 'purchase', user: { external_id: u }, productId: 'sku', currency: 'XXX', price: 1, time: TIME, properties: { seq: s } }], expect: /currency must be an ISO 4217 currency code/ },
	{ make: (u, s) => [{ type: 'event', user: { external_id: u }, name: 'flt_event', properties: { seq: s } }], expect: /time is required/ },
	{ make: (u) => [{ type: 'attributes', user: { external_id: u, email: 'two@example.com' }, attributes: { plan: 'x' } }], expect: /user has external_id and email/ },
	{ make: (u) => [{ type: 'attribute', user: { external_id: u }, attributes: { plan: 'x' } }], expect: /type "attribute" is not a Braze change/ },
	{ make: (u) => [{ type: 'attributes', user: { external_id: u }, attributes: { _update_existing_only: true } }], expect: /Braze request flags/ },
	{ make: (u, s) => [{ type: 'event', user: { external_id: u }, name: 'flt_event', time: TIME, properties: { time: 'x', seq: s } }], expect: /properties\.time is reserved/ },
	{ make: () => 'not an array', expect: /must be an array of Braze change objects/ },
	// The item's first change is fine, its second is not: neither may be sent.
	{
		make: (u, s) => [
			{ type: 'event', user: { external_id: u }, name: 'flt_event', time: TIME, properties: { seq: s } },
			{ type: 'subscription', user: { braze_id: 'b-1' }, groupId: GROUPS[0], state: 'subscribed' },
		],
		expect: /\] external_id "[^"]+" \(and 1 more\): subscription\.user subscription groups take external_id, email or phone/,
	},
	// Valid for the node, refused by Braze per object (a minor error): the reason is Braze's.
	{ make: (u) => [{ type: 'attributes', user: { external_id: u }, attributes: { logins: { inc: 'two' } } }], expect: /Braze refused this change: 'logins\.inc' must be a number/, byBraze: true },
	{
		make: (u, s) => [{ type: 'event', user: { external_id: u }, name: 'flt_event', time: TIME, properties: { seq: s, order: { note: 'n'.repeat(300) } } }],
		// (or refused up front once the node checks nested values: then the field is named)
		expect: /Braze refused this change: property values must be 255 characters or fewer|properties\.order\.note/,
		byBraze: true,
	},
];

/**
 * `changes` changes for `userCount` users, about `invalidRate` of the items invalid.
 * Every event and purchase carries a unique `seq` property, so duplicates can be counted.
 */
export function makeDataset(options: { seed: number; changes: number; userCount: number; invalidRate: number }): Dataset {
	const rand = seededRandom(options.seed);
	const pick = <T>(list: T[]): T => list[Math.floor(rand() * list.length)];
	const users = Array.from({ length: options.userCount }, (_, i) => `${USER_PREFIX}${i}`);
	const items: Item[] = [];
	let seq = 0;
	let total = 0;
	let valid = 0;

	const change = (user: string): Change => {
		const r = rand();
		const id = { external_id: user };
		if (r < 0.28) return { type: 'attributes', user: id, attributes: { plan: `plan-${Math.floor(rand() * 5)}`, score: Math.floor(rand() * 1000) } };
		if (r < 0.38) return { type: 'attributes', user: id, attributes: { logins: { inc: 1 } } };
		if (r < 0.66) return { type: 'event', user: id, name: 'flt_event', time: TIME, properties: { seq: ++seq } };
		if (r < 0.8) return { type: 'purchase', user: id, productId: `sku-${Math.floor(rand() * 9)}`, currency: 'USD', price: Math.round(rand() * 10_000) / 100, time: TIME, properties: { seq: ++seq } };
		if (r < 0.97) return { type: 'subscription', user: id, groupId: pick(GROUPS), state: rand() < 0.5 ? 'subscribed' : 'unsubscribed' };
		return { type: 'delete', user: id };
	};

	while (total < options.changes) {
		const user = pick(users);
		if (rand() < options.invalidRate) {
			const kind = pick(INVALID);
			const brazeChanges = kind.make(user, ++seq);
			total += Array.isArray(brazeChanges) ? brazeChanges.length : 1;
			items.push({ index: items.length, brazeChanges, expectError: kind.expect, refusedByBraze: kind.byBraze });
			continue;
		}
		const changes = [change(user)];
		// Some items carry two changes for one user, like a partner node's profile + event.
		if (rand() < 0.15 && total + 1 < options.changes) changes.push({ type: 'event', user: { external_id: user }, name: 'flt_event', time: TIME, properties: { seq: ++seq } });
		total += changes.length;
		valid += changes.length;
		items.push({ index: items.length, brazeChanges: changes });
	}
	return { items, validChanges: valid, totalChanges: total, users };
}

/** What one user's Braze profile must hold. */
export interface ModelUser {
	exists: boolean;
	plan?: string;
	score?: number;
	logins?: number;
	/** seq -> change index (item index) of the events and purchases since the last delete */
	events: Map<number, number>;
	purchases: Map<number, number>;
	groups: Record<string, string>;
	/** item indexes of the increments since the last delete (duplicates allowed only when flagged) */
	increments: number[];
}

/** Applies the valid items in order, as Braze must end up: each change once, each user in order. */
export function model(items: Item[]): Map<string, ModelUser> {
	const users = new Map<string, ModelUser>();
	const fresh = (): ModelUser => ({ exists: false, events: new Map(), purchases: new Map(), groups: {}, increments: [] });
	for (const item of items) {
		if (item.expectError !== undefined) continue;
		for (const c of item.brazeChanges as Change[]) {
			const id = (c.user as { external_id: string }).external_id;
			const u = users.get(id) ?? fresh();
			users.set(id, u);
			switch (c.type) {
				case 'attributes': {
					const a = c.attributes as Record<string, unknown>;
					u.exists = true;
					if ('plan' in a) u.plan = a.plan as string;
					if ('score' in a) u.score = a.score as number;
					if ('logins' in a) {
						u.logins = (u.logins ?? 0) + (a.logins as { inc: number }).inc;
						u.increments.push(item.index);
					}
					break;
				}
				case 'event':
					u.exists = true;
					u.events.set((c.properties as { seq: number }).seq, item.index);
					break;
				case 'purchase':
					u.exists = true;
					u.purchases.set((c.properties as { seq: number }).seq, item.index);
					break;
				case 'subscription':
					// Braze skips external ids it does not know.
					if (u.exists) u.groups[c.groupId as string] = c.state as string;
					break;
				case 'delete':
					users.set(id, fresh());
					break;
			}
		}
	}
	return users;
}
