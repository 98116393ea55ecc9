/* eslint-disable @n8n/community-nodes/no-restricted-globals */
/**
 * The shortcuts that let a run send while it reads its items (issue 17), each held equal to the
 * plain rule it replaces:
 *
 *  1. `itemKeys`: an item whose changes all name the same users gets no `item:<index>` order key.
 *     The plan (requests, bodies, slots, dependencies) is exactly the plan with the key.
 *  2. `Planner` one change at a time: every request is emitted once, when no later change can
 *     join it, waits only for requests with smaller ids, and `plan()` is the emitted set in id order.
 *  3. `whoOf`: the user an output item names is what a JSON.stringify dedupe of its changes'
 *     identifiers gives (same JSON for `user`, same list for `users`).
 */
import fc from 'fast-check';

import { type BrazeChange, parseChange } from '../../nodes/shared/braze/changes';
import type { TrackBatchLimit } from '../../nodes/shared/braze/limits';
import type { PlanEntry, PlannedRequest } from '../../nodes/shared/braze/plan';
import { Planner, itemKeys, plan } from '../../nodes/shared/braze/planner';
import { whoOf } from '../../nodes/shared/braze/userOf';
import { anyChange, identifier, syncChange } from '../property/arbitraries';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 150);
const TRACK_LIMIT = fc.constantFrom<TrackBatchLimit>('combined50', 'combined75', 'legacy75');

/** Items of 1 to 4 changes; often every change of an item is about one user (the usual sync). */
const item = fc.oneof(
	fc.array(anyChange, { minLength: 1, maxLength: 3 }),
	fc
		.tuple(identifier(['external_id', 'email', 'phone', 'user_alias']), fc.array(syncChange, { minLength: 1, maxLength: 4 }))
		.map(([user, changes]) => changes.map((change) => ('user' in change ? ({ ...change, user } as BrazeChange) : change))),
);
const items = fc.array(item, { minLength: 1, maxLength: 120 });

/** Parsed changes per item (a change the arbitrary made invalid for its type is left out). */
function parsedItems(raw: BrazeChange[][]): BrazeChange[][] {
	return raw.map((changes) =>
		changes.flatMap((change) => {
			const parsed = parseChange(change);
			return parsed.ok ? [parsed.change] : [];
		}),
	);
}

function entriesOf(changesOfItem: BrazeChange[][], withShortcut: boolean): PlanEntry[] {
	const entries: PlanEntry[] = [];
	changesOfItem.forEach((changes, itemIndex) => {
		const keys = itemKeys(itemIndex, changes);
		const orderKeys = withShortcut ? keys.orderKeys : changes.length > 1 ? [`item:${itemIndex}`] : undefined;
		changes.forEach((change, position) => {
			const entry: PlanEntry = { change, ref: entries.length, ...(withShortcut ? { users: keys.users[position] } : {}) };
			if (orderKeys) entry.orderKeys = orderKeys;
			entries.push(entry);
		});
	});
	return entries;
}

const shape = (requests: PlannedRequest[]) =>
	requests.map((r) => ({ id: r.id, endpoint: r.endpoint, method: r.method, body: r.body, slots: r.slots, after: r.after, refs: r.entries.map((e) => e.ref) }));

describe('streaming shortcuts (fast-check)', () => {
	it('itemKeys: leaving out the item order key when every change names the same users gives the same plan', () => {
		fc.assert(
			fc.property(items, TRACK_LIMIT, (raw, trackLimit) => {
				const changes = parsedItems(raw);
				expect(shape(plan(entriesOf(changes, true), { trackLimit }))).toEqual(shape(plan(entriesOf(changes, false), { trackLimit })));
			}),
			{ numRuns: RUNS },
		);
	});

	it('Planner: each request is emitted once, closed for good, waiting only for smaller ids; plan() is them in id order', () => {
		fc.assert(
			fc.property(items, TRACK_LIMIT, (raw, trackLimit) => {
				const entries = entriesOf(parsedItems(raw), true);
				const emitted: Array<{ id: number; refs: number[]; afterPush: number }> = [];
				let pushed = 0;
				const planner = new Planner({ trackLimit }, (request) => {
					expect(request.after.every((id) => id < request.id)).toBe(true);
					emitted.push({ id: request.id, refs: request.entries.map((e) => e.ref), afterPush: pushed });
				});
				for (const entry of entries) {
					planner.push(entry);
					pushed++;
				}
				planner.flush();
				const whole = plan(entries, { trackLimit });
				expect(emitted.map((e) => e.id).sort((a, b) => a - b)).toEqual(whole.map((r) => r.id));
				for (const { id, refs, afterPush } of emitted) {
					// Closed for good: it holds the same changes as in the whole plan, none pushed after it was emitted.
					expect(refs).toEqual(whole[id].entries.map((e) => e.ref));
					expect(refs.every((ref) => ref < afterPush)).toBe(true);
				}
			}),
			{ numRuns: RUNS },
		);
	});

	it('whoOf names the user exactly as a JSON.stringify dedupe of the identifiers does', () => {
		const part = fc.oneof(fc.constantFrom('u1', 'u2', 'a@example.com'), fc.constant(undefined), fc.integer({ min: 0, max: 2 }));
		const raw = fc.oneof(
			fc.record({ external_id: part }, { requiredKeys: [] }),
			fc.record({ external_id: part, email: part }, { requiredKeys: [] }),
			fc.record({ email: part, external_id: part }, { requiredKeys: [] }),
			fc.record({ user_alias: fc.oneof(fc.record({ alias_name: part, alias_label: part }), fc.record({ alias_label: part, alias_name: part })) }),
		);
		const pool = fc.array(raw, { minLength: 1, maxLength: 4 });
		const identifiers = pool.chain((objects) => fc.array(fc.oneof(fc.constantFrom(...objects), fc.constant(undefined), raw), { maxLength: 5 }));
		fc.assert(
			fc.property(identifiers, (list) => {
				const unique = new Map<string, unknown>();
				for (const identifier of list) if (identifier) unique.set(JSON.stringify(identifier), identifier);
				const expected = unique.size === 0 ? {} : unique.size === 1 ? { user: [...unique.values()][0] } : { users: [...unique.values()] };
				expect(JSON.stringify(whoOf(list as never))).toBe(JSON.stringify(expected));
			}),
			{ numRuns: RUNS * 4 },
		);
	});
});
