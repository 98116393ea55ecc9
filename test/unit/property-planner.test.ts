/* eslint-disable @n8n/community-nodes/no-restricted-globals */
/**
 * Property-based tests of the planner (nodes/shared/braze/planner.ts + endpoints/): for random
 * change sets of every type,
 *
 *  1. nothing is dropped or duplicated: every change sits in exactly one request, in exactly one
 *     slot, and the slot points at a body item that is that change (slots and entries aligned);
 *     bodies hold no item without a slot;
 *  2. every endpoint limit holds (see LIMITS below, from reference/braze-api.md);
 *  3. each user's order is kept. Precisely: two changes i < j CONFLICT when they share a key of
 *     `userKeysOf` (or j waits for a key of i via `prerequisiteKeysOf`), except two subscription
 *     changes for different groups (Braze applies groups independently). For every conflicting
 *     pair, either both sit in one /users/track request where Braze applies i first (attributes,
 *     then events, then purchases, each array in order), or j's request transitively waits for
 *     i's (`after`), so i's request has finished before j's starts. Dependencies point backwards
 *     only (no cycles);
 *  4. the plan is a pure function of its input.
 *
 * The same ordering rule with Braze's notion of "one user" (e-mail case-insensitive, phone with or
 * without "+") is checked separately: see the last test.
 */
import fc from 'fast-check';

import { type BrazeChange, parseChange } from '../../nodes/shared/braze/changes';
import { IDS_PER_REQUEST, SUBSCRIPTION_ENTRIES_PER_REQUEST, TRACK_LIMITS, type TrackBatchLimit } from '../../nodes/shared/braze/limits';
import type { PlanEntry, PlannedRequest } from '../../nodes/shared/braze/plan';
import { plan } from '../../nodes/shared/braze/planner';
import { prerequisiteKeysOf, userKeysOf } from '../../nodes/shared/braze/endpoints';
import { anyChange, brazeIdentifierKey, changeSet, syncChange } from '../property/arbitraries';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 150);
const TRACK_LIMIT = fc.constantFrom<TrackBatchLimit>('combined50', 'combined75', 'legacy75');

/** As executeChanges does: the planner only ever sees parsed changes. */
function entriesOf(changes: BrazeChange[]): PlanEntry[] {
	return changes.map((raw, ref) => {
		const parsed = parseChange(raw);
		if (!parsed.ok) throw new Error(`generator produced an invalid change (${parsed.error}): ${JSON.stringify(raw)}`);
		return { change: parsed.change, ref };
	});
}

type Body = Record<string, unknown>;

/** The body item a slot points at. */
function itemAt(request: PlannedRequest, slot: { array: string; index: number }): unknown {
	const body = request.body as Body;
	if (slot.array === 'request') return body;
	const sub = /^subscription_groups\.(\d+)\.(\w+)$/.exec(slot.array);
	if (sub) return ((body.subscription_groups as Body[])[Number(sub[1])][sub[2]] as unknown[])[slot.index];
	const cohort = /^(add|remove)\.(\w+)$/.exec(slot.array);
	if (cohort) {
		const change = (body.cohort_changes as Body[]).find((c) => (c.should_remove === true) === (cohort[1] === 'remove'));
		return (change?.[cohort[2]] as unknown[] | undefined)?.[slot.index];
	}
	const value = body[slot.array];
	// single-value fields (export's braze_id, email_address, phone) hold the value itself
	return Array.isArray(value) ? value[slot.index] : slot.index === 0 ? value : undefined;
}

/** How many per-change items a body holds (what the slots must account for). */
function itemCount(request: PlannedRequest): number {
	const body = request.body as Body;
	switch (request.endpoint) {
		case '/users/track':
			return ['attributes', 'events', 'purchases'].reduce((n, k) => n + ((body[k] as unknown[] | undefined)?.length ?? 0), 0);
		case '/v2/subscription/status/set':
			return (body.subscription_groups as Body[]).reduce(
				(n, g) => n + ['external_ids', 'emails', 'phones'].reduce((m, k) => m + ((g[k] as unknown[] | undefined)?.length ?? 0), 0),
				0,
			);
		case '/partners/{partner}/cohorts/users':
			return (body.cohort_changes as Body[]).reduce(
				(n, c) => n + ['user_ids', 'device_ids', 'aliases'].reduce((m, k) => m + ((c[k] as unknown[] | undefined)?.length ?? 0), 0),
				0,
			);
		case '/partners/{partner}/cohorts':
			return 1;
		default:
			if (request.endpoint.startsWith('/transactional/') || request.endpoint.includes('/schedule/')) return 1;
			if (request.endpoint === '/users/export/ids' && ['braze_id', 'email_address', 'phone'].some((k) => typeof body[k] === 'string')) return 1;
			return Object.entries(body)
				.filter(([, v]) => Array.isArray(v))
				.filter(([k]) => k !== 'fields_to_export')
				.reduce((n, [, v]) => n + (v as unknown[]).length, 0);
	}
}

/** The value of the change that its body item must carry (identifier or e-mail). */
function identityOf(change: BrazeChange): unknown {
	switch (change.type) {
		case 'attributes':
		case 'event':
		case 'purchase':
		case 'delete':
		case 'export':
		case 'subscription': {
			const user = change.user as Record<string, unknown>;
			const key = Object.keys(user)[0];
			return user[key];
		}
		case 'emailStatus':
		case 'emailBlocklist':
			return change.email;
		case 'aliasCreate':
			return change.alias.alias_name;
		case 'aliasUpdate':
			return change.newAliasName;
		case 'identify':
			return change.externalId;
		case 'merge':
			return Object.values(change.toMerge)[0];
		case 'renameExternalId':
			return change.newExternalId;
		case 'removeExternalId':
			return change.externalId;
		case 'cohortMembership':
			return Object.values(change.member)[0];
		case 'cohortUpsert':
			return change.cohortId;
		case 'campaignSend':
		case 'canvasSend':
		case 'transactionalSend':
		case 'messageSend':
			return Object.values(change.recipient)[0];
		case 'catalogItemCreate':
		case 'catalogItemUpdate':
		case 'catalogItemReplace':
		case 'catalogItemDelete':
			return change.itemId;
		case 'messageScheduleCreate':
		case 'campaignScheduleCreate':
		case 'canvasScheduleCreate':
			return change.schedule.time;
		case 'messageScheduleUpdate':
		case 'messageScheduleDelete':
		case 'campaignScheduleUpdate':
		case 'campaignScheduleDelete':
		case 'canvasScheduleUpdate':
		case 'canvasScheduleDelete':
			return change.scheduleId;
		case 'emailBounceRemove':
		case 'emailSpamRemove':
			return change.email;
		case 'smsInvalidRemove':
			return change.phone;
	}
}

function contains(haystack: unknown, needle: unknown): boolean {
	if (JSON.stringify(haystack) === JSON.stringify(needle)) return true;
	if (haystack && typeof haystack === 'object') return Object.values(haystack).some((v) => contains(v, needle));
	return false;
}

/** Braze's per-request limits (reference/braze-api.md), written out independently of limits.ts where Braze names them. */
function checkLimits(request: PlannedRequest, trackLimit: TrackBatchLimit): string | undefined {
	const body = request.body as Body;
	const len = (v: unknown) => (Array.isArray(v) ? v.length : 0);
	switch (request.endpoint) {
		case '/users/track': {
			const sizes = ['attributes', 'events', 'purchases'].map((k) => len(body[k]));
			const total = sizes.reduce((a, b) => a + b, 0);
			if (trackLimit === 'legacy75') return sizes.some((s) => s > 75) ? `track arrays ${sizes}` : undefined;
			const max = trackLimit === 'combined50' ? 50 : 75;
			if (TRACK_LIMITS[trackLimit].total !== max) return 'limits.ts disagrees with Braze';
			return total > max ? `track total ${total} > ${max}` : undefined;
		}
		case '/v2/subscription/status/set': {
			const groups = body.subscription_groups as Body[];
			if (groups.length > SUBSCRIPTION_ENTRIES_PER_REQUEST) return `${groups.length} subscription entries`;
			for (const g of groups) {
				const kinds = ['external_ids', 'emails', 'phones'].filter((k) => g[k] !== undefined);
				// Braze: up to 50 ids per entry, and never emails and phones in one request.
				if (kinds.length !== 1 || len(g[kinds[0]]) > 50 || len(g[kinds[0]]) === 0) return `subscription entry ${JSON.stringify(g)}`;
			}
			const all = new Set(groups.flatMap((g) => ['external_ids', 'emails', 'phones'].filter((k) => g[k] !== undefined)));
			return all.has('emails') && all.has('phones') ? 'emails and phones in one subscription request' : undefined;
		}
		case '/partners/{partner}/cohorts/users': {
			const n = itemCount(request);
			return n > 1000 || n === 0 ? `${n} cohort members` : undefined;
		}
		case '/campaigns/trigger/send':
		case '/canvas/trigger/send':
			return len(body.recipients) > 50 || len(body.recipients) === 0 ? `${len(body.recipients)} recipients` : undefined;
		case '/users/export/ids': {
			// braze_id, email_address and phone: one user per request; ids and aliases: 50 together.
			const single = ['braze_id', 'email_address', 'phone'].filter((k) => body[k] !== undefined);
			if (single.length) {
				return single.length === 1 && body.external_ids === undefined && body.user_aliases === undefined && itemCount(request) === 1
					? undefined
					: `export by ${single.join('+')} with ${itemCount(request)} users`;
			}
			return len(body.external_ids) + len(body.user_aliases) > 50 ? 'export over 50 ids' : undefined;
		}
		default:
			if (request.endpoint.startsWith('/transactional/') || request.endpoint === '/partners/{partner}/cohorts') return undefined;
			// Schedules: one per request.
			if (request.endpoint.includes('/schedule/')) return request.slots.length === 1 ? undefined : `${request.slots.length} schedules in one request`;
			// identify, alias new/update, delete, merge, rename, remove, email status/blocklist: 50 per request.
			return itemCount(request) > IDS_PER_REQUEST || itemCount(request) === 0 ? `${request.endpoint} holds ${itemCount(request)} items` : undefined;
	}
}

function trackPosition(request: PlannedRequest, ref: number): [number, number] | undefined {
	if (request.endpoint !== '/users/track') return undefined;
	const slot = request.slots.find((s) => s.ref === ref)!;
	return [['attributes', 'events', 'purchases'].indexOf(slot.array), slot.index];
}

/**
 * Checks rule 3 for a key function; returns the first violated pair, or undefined.
 */
function orderViolation(changes: BrazeChange[], requests: PlannedRequest[], keysOf: (c: BrazeChange) => string[]): string | undefined {
	const requestOf = new Map<number, PlannedRequest>();
	for (const request of requests) for (const slot of request.slots) requestOf.set(slot.ref, request);
	const ancestors: Array<Set<number>> = [];
	for (const request of requests) ancestors[request.id] = new Set([request.id, ...request.after.flatMap((id) => [...(ancestors[id] ?? [])])]);

	const keys = changes.map(keysOf);
	const waits = changes.map(prerequisiteKeysOf);
	const byKey = new Map<string, number[]>();
	changes.forEach((_c, i) => {
		for (const key of keys[i]) byKey.set(key, [...(byKey.get(key) ?? []), i]);
	});
	const commute = (a: BrazeChange, b: BrazeChange) => a.type === 'subscription' && b.type === 'subscription' && a.groupId !== b.groupId;
	for (let j = 0; j < changes.length; j++) {
		const earlier = new Set<number>();
		for (const key of [...keys[j], ...waits[j]]) for (const i of byKey.get(key) ?? []) if (i < j) earlier.add(i);
		for (const i of earlier) {
			if (commute(changes[i], changes[j])) continue;
			const ri = requestOf.get(i)!;
			const rj = requestOf.get(j)!;
			if (ri === rj) {
				const pi = trackPosition(ri, i);
				const pj = trackPosition(rj, j);
				if (pi && pj && (pi[0] < pj[0] || (pi[0] === pj[0] && pi[1] < pj[1]))) continue;
				return `changes ${i} and ${j} (${changes[i].type}, ${changes[j].type}) share request ${ri.id} (${ri.endpoint}) where Braze may apply them out of order`;
			}
			if (!ancestors[rj.id].has(ri.id)) {
				return `change ${j} (${changes[j].type}, request ${rj.id}) does not wait for earlier change ${i} (${changes[i].type}, request ${ri.id}) of the same user: ${JSON.stringify(changes[i])} / ${JSON.stringify(changes[j])}`;
			}
		}
	}
	return undefined;
}

describe('planner properties (fast-check)', () => {
	it('neither drops nor duplicates a change; every slot points at its own change in the body', () => {
		fc.assert(
			fc.property(changeSet(), TRACK_LIMIT, (changes, trackLimit) => {
				const entries = entriesOf(changes);
				const requests = plan(entries, { trackLimit });
				const refs = requests.flatMap((r) => r.slots.map((s) => s.ref)).sort((a, b) => a - b);
				expect(refs).toEqual(entries.map((e) => e.ref));
				for (const request of requests) {
					// outcomes.ts reads request.entries[position] for request.slots[position]
					expect(request.entries.map((e) => e.ref)).toEqual(request.slots.map((s) => s.ref));
					expect(itemCount(request)).toBe(request.slots.length);
					for (const [position, slot] of request.slots.entries()) {
						const item = itemAt(request, slot);
						expect(item).toBeDefined();
						const change = request.entries[position].change;
						if (!contains(item, identityOf(change))) throw new Error(`slot ${JSON.stringify(slot)} of ${request.endpoint} holds ${JSON.stringify(item)}, not ${JSON.stringify(change)}`);
					}
				}
			}),
			{ numRuns: RUNS },
		);
	});

	it('respects every endpoint limit', () => {
		fc.assert(
			fc.property(changeSet(), TRACK_LIMIT, (changes, trackLimit) => {
				for (const request of plan(entriesOf(changes), { trackLimit })) {
					const problem = checkLimits(request, trackLimit);
					if (problem) throw new Error(`${request.endpoint}: ${problem}`);
				}
			}),
			{ numRuns: RUNS },
		);
	});

	it("keeps each user's order (planner keys): same track request in Braze's order, or a dependency chain", () => {
		fc.assert(
			fc.property(changeSet(), TRACK_LIMIT, (changes, trackLimit) => {
				const entries = entriesOf(changes);
				const requests = plan(entries, { trackLimit });
				for (const request of requests) for (const id of request.after) expect(id).toBeLessThan(request.id);
				const problem = orderViolation(entries.map((e) => e.change), requests, userKeysOf);
				if (problem) throw new Error(problem);
			}),
			{ numRuns: RUNS },
		);
	});

	it('keeps the order on long single-user histories that overflow many requests', () => {
		const oneUser = fc.array(syncChange, { minLength: 50, maxLength: 300, size: 'max' }).map((changes) =>
			changes.map((c) => ('user' in c && c.type !== 'subscription' ? ({ ...c, user: { external_id: 'solo' } } as BrazeChange) : c)),
		);
		fc.assert(
			fc.property(oneUser, TRACK_LIMIT, (changes, trackLimit) => {
				const entries = entriesOf(changes);
				const problem = orderViolation(entries.map((e) => e.change), plan(entries, { trackLimit }), userKeysOf);
				if (problem) throw new Error(problem);
			}),
			{ numRuns: RUNS },
		);
	});

	it('is a pure function: the same changes give the same plan', () => {
		fc.assert(
			fc.property(changeSet(anyChange), TRACK_LIMIT, (changes, trackLimit) => {
				const strip = (rs: PlannedRequest[]) => rs.map(({ entries, ...rest }) => ({ ...rest, refs: entries.map((e) => e.ref) }));
				expect(strip(plan(entriesOf(changes), { trackLimit }))).toEqual(strip(plan(entriesOf(changes), { trackLimit })));
			}),
			{ numRuns: 50 },
		);
	});

	// Regression: userKey() once keyed "Ann@Example.com" and "ann@example.com" (one Braze user) apart,
	// so their changes could run in parallel requests and land out of order.
	it("keeps each user's order with Braze's notion of one user (e-mail case, phone '+')", () => {
		const brazeKeys = (c: BrazeChange): string[] =>
			userKeysOf(c).map((key) => {
				const m = /^(email|phone):(.*)$/.exec(key);
				if (!m) return key;
				return brazeIdentifierKey(m[1] === 'email' ? { email: m[2] } : { phone: m[2] });
			});
		fc.assert(
			fc.property(changeSet(syncChange), TRACK_LIMIT, (changes, trackLimit) => {
				const entries = entriesOf(changes);
				const problem = orderViolation(entries.map((e) => e.change), plan(entries, { trackLimit }), brazeKeys);
				if (problem) throw new Error(problem);
			}),
			{ numRuns: RUNS, endOnFailure: true },
		);
	});
});
