import type { BrazeChange } from '../../nodes/shared/braze/changes';
import { parseChange } from '../../nodes/shared/braze/changes';
import { attributeDataPoints, attributesObjectDataPoints, requestDataPoints } from '../../nodes/shared/braze/delta/dataPoints';
import { dryRun } from '../../nodes/shared/braze/delta/dryRun';
import { type Snapshot, advanceSnapshot, sendOnlyChanges } from '../../nodes/shared/braze/delta/sendOnlyChanges';
import { MEMORY_MAX_USERS, memoryTooSmall, readMemory, snapshotFromRows, writeMemory } from '../../nodes/shared/braze/delta/snapshot';
import { plan } from '../../nodes/shared/braze/planner';

function change(input: unknown): BrazeChange {
	const parsed = parseChange(input);
	if (!parsed.ok) throw new Error(parsed.error);
	return parsed.change;
}

const attrs = (id: string, attributes: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
	change({ type: 'attributes', user: { external_id: id }, attributes, ...extra });

const snapshot = (entries: Record<string, Record<string, unknown>>): Snapshot =>
	new Map(Object.entries(entries).map(([id, values]) => [`external_id:${id}`, values]));

describe('sendOnlyChanges', () => {
	it('sends only the attributes that differ, and nothing for a user whose attributes are all as last sent', () => {
		const previous = snapshot({ u1: { plan: 'pro', score: 3 }, u2: { plan: 'free', score: 1 } });
		const { changes, summary } = sendOnlyChanges([attrs('u1', { plan: 'pro', score: 4 }), attrs('u2', { plan: 'free', score: 1 })], previous);
		expect(changes[0]).toMatchObject({ type: 'attributes', user: { external_id: 'u1' }, attributes: { score: 4 } });
		expect(Object.keys((changes[0] as { attributes: object }).attributes)).toEqual(['score']);
		expect(changes[1]).toBeUndefined();
		expect(summary).toEqual({ usersSeen: 2, usersUnchanged: 1, attributesSent: 1, attributesUnchanged: 3, dataPointsSaved: 3 });
	});

	it('always sends events, purchases, inc and array operations; sends everything for a user it has never seen', () => {
		const previous = snapshot({ u1: { visits: 5, tags: ['a'] } });
		const input = [
			change({ type: 'event', user: { external_id: 'u1' }, name: 'login', time: '2026-01-01T00:00:00Z' }),
			attrs('u1', { visits: { inc: 1 }, tags: { add: ['a'] } }),
			change({ type: 'purchase', user: { external_id: 'u1' }, productId: 'p', currency: 'USD', price: 1, time: '2026-01-01T00:00:00Z' }),
			attrs('new', { plan: 'pro' }),
		];
		const { changes, summary } = sendOnlyChanges(input, previous);
		expect(changes).toEqual(input);
		expect(summary.attributesSent).toBe(3);
		expect(summary.usersUnchanged).toBe(0);
	});

	it('sends a changed nested object or array whole, and compares objects regardless of key order', () => {
		const previous = snapshot({ u1: { address: { city: 'Paris', zip: '75001' }, tags: ['a', 'b'] } });
		const same = sendOnlyChanges([attrs('u1', { address: { zip: '75001', city: 'Paris' }, tags: ['a', 'b'] })], previous);
		expect(same.changes[0]).toBeUndefined();
		const moved = sendOnlyChanges([attrs('u1', { address: { city: 'Lyon', zip: '69001' }, tags: ['b', 'a'] })], previous);
		expect((moved.changes[0] as { attributes: object }).attributes).toEqual({ address: { city: 'Lyon', zip: '69001' }, tags: ['b', 'a'] });
	});

	it('reads previous values as stored in a table: JSON text for arrays, un-normalised emails', () => {
		const previous = snapshot({ u1: { tags: '["a","b"]', email: 'Ann@Example.com' } });
		const { changes } = sendOnlyChanges([attrs('u1', { tags: ['a', 'b'], email: 'ann@example.com' })], previous);
		expect(changes[0]).toBeUndefined();
	});

	it('sends an unset unless the snapshot says the attribute was already unset', () => {
		expect(sendOnlyChanges([attrs('u1', { plan: null })], snapshot({ u1: {} })).changes[0]).toBeDefined();
		expect(sendOnlyChanges([attrs('u1', { plan: null })], snapshot({ u1: { plan: null } })).changes[0]).toBeUndefined();
	});

	it('diffs a second change of one user against the first one of the same run', () => {
		const { changes, next } = sendOnlyChanges([attrs('u1', { plan: 'pro' }), attrs('u1', { plan: 'pro', seats: 2 })], new Map());
		expect(changes[0]).toBeDefined();
		expect((changes[1] as { attributes: object }).attributes).toEqual({ seats: 2 });
		expect(next.get('external_id:u1')).toEqual({ plan: 'pro', seats: 2 });
	});

	it('keys users by identifier kind: emails without regard to case', () => {
		const previous = snapshotFromRows([{ email: 'ANN@example.com', plan: 'pro' }], 'email', 'email');
		if (!previous.ok) throw new Error(previous.error);
		const mine = change({ type: 'attributes', user: { email: 'ann@example.com' }, attributes: { plan: 'pro' } });
		expect(sendOnlyChanges([mine], previous.snapshot).changes[0]).toBeUndefined();
	});

	it('leaves its inputs alone, and the next snapshot forgets what an operation made of an attribute', () => {
		const previous = snapshot({ u1: { visits: 5, plan: 'free' } });
		const input = [attrs('u1', { visits: { inc: 1 }, plan: 'pro' })];
		const copy = JSON.stringify([...previous]);
		const { next } = sendOnlyChanges(input, previous);
		expect(JSON.stringify([...previous])).toBe(copy);
		expect(next.get('external_id:u1')).toEqual({ plan: 'pro' });
	});

	it('merges nested objects into the snapshot when the change merges them', () => {
		const previous = snapshot({ u1: { address: { city: 'Paris', zip: '75001' } } });
		const same = sendOnlyChanges([attrs('u1', { address: { city: 'Paris' } }, { mergeObjects: true })], previous);
		expect(same.changes[0]).toBeUndefined();
		const next = advanceSnapshot(previous, [attrs('u1', { address: { city: 'Lyon' } }, { mergeObjects: true })]);
		expect(next.get('external_id:u1')).toEqual({ address: { city: 'Lyon', zip: '75001' } });
	});
});

describe('snapshot sources', () => {
	it('reads rows keyed by the identifier field, without bookkeeping columns', () => {
		const read = snapshotFromRows([{ id: 7, user_id: 'u1', plan: 'pro', createdAt: 'x', updatedAt: 'y' }], 'user_id', 'external_id');
		expect(read).toEqual({ ok: true, snapshot: new Map([['external_id:u1', { plan: 'pro' }]]) });
	});

	it('names the row and the field when a row has no identifier', () => {
		expect(snapshotFromRows([{ user_id: 'u1' }, { plan: 'pro' }], 'user_id', 'external_id')).toEqual({
			ok: false,
			error: expect.stringContaining('row 1 has no "user_id" field'),
		});
	});

	it('keeps the node memory in static data and refuses more than the limit', () => {
		const staticData = {};
		const next = snapshot({ u1: { plan: 'pro' } });
		writeMemory(staticData, next, new Date('2026-01-01T00:00:00Z'));
		expect(readMemory(JSON.parse(JSON.stringify(staticData)))).toEqual(next);
		expect(memoryTooSmall(next)).toBeUndefined();
		const big: Snapshot = new Map(Array.from({ length: MEMORY_MAX_USERS + 1 }, (_, i) => [`external_id:u${i}`, {}]));
		expect(memoryTooSmall(big)).toMatch(/10,001 users.*at most 10,000.*Second Input/);
	});
});

describe('data points', () => {
	it('counts attributes as Braze bills them', () => {
		expect(attributeDataPoints('first_name', 'Ann')).toBe(1);
		expect(attributeDataPoints('plan', null)).toBe(1);
		expect(attributeDataPoints('tags', ['a', 'b', 'c'])).toBe(1);
		expect(attributeDataPoints('tags', { add: ['a', 'b'] })).toBe(2);
		expect(attributeDataPoints('tags', { remove: ['a', 'b'] })).toBe(1);
		expect(attributeDataPoints('address', { city: 'Paris', geo: { lat: 1, lon: 2 } })).toBe(3);
		expect(attributeDataPoints('pets', [{ name: 'a', kind: 'cat' }, { name: 'b' }])).toBe(3);
		for (const free of ['email_subscribe', 'push_subscribe', 'subscription_groups', 'push_tokens']) expect(attributeDataPoints(free, 'x')).toBe(0);
	});

	it('does not count the identifier of a track object, but counts an email that is not the identifier', () => {
		expect(attributesObjectDataPoints({ external_id: 'u1', email: 'a@b.co', plan: 'pro', _update_existing_only: true })).toBe(2);
		expect(attributesObjectDataPoints({ email: 'a@b.co', plan: 'pro' })).toBe(1);
	});

	it('counts a track body and nothing for endpoints that write no profile data', () => {
		const body = {
			attributes: [{ external_id: 'u1', plan: 'pro', score: 1 }],
			events: [{ external_id: 'u1', name: 'e', time: 't', properties: { a: 1 } }],
			purchases: [{ external_id: 'u1', product_id: 'p' }],
		};
		expect(requestDataPoints('/users/track', body)).toEqual({ total: 4, attributes: 2, events: 1, purchases: 1 });
		expect(requestDataPoints('/v2/subscription/status/set', { subscription_groups: [{}] }).total).toBe(0);
		expect(requestDataPoints('/campaigns/trigger/send', { recipients: [{ external_user_id: 'u1', attributes: { plan: 'pro' } }] }).total).toBe(1);
	});
});

describe('dryRun', () => {
	it('describes exactly the planned requests, the items each carries and their data points', () => {
		const entries = Array.from({ length: 60 }, (_, i) => ({ change: attrs(`u${i}`, { plan: 'pro', score: i }), ref: i }));
		const report = dryRun(entries, 'combined50', (ref) => ref * 2, undefined);
		const planned = plan(entries, { trackLimit: 'combined50' });
		expect(report.requestCount).toBe(2);
		expect(report.requests.map((r) => r.body)).toEqual(planned.map((r) => r.body));
		expect(report.requests[1].items).toEqual(Array.from({ length: 10 }, (_, i) => (50 + i) * 2));
		expect(report.requests.map((r) => [r.method, r.path])).toEqual([['POST', '/users/track'], ['POST', '/users/track']]);
		expect(report.dataPoints).toEqual({ total: 120, attributes: 120, events: 0, purchases: 0 });
	});

	it('fills the partner of Cohort Import paths, and no body holds a key', () => {
		const member = change({ type: 'cohortMembership', cohortId: 'c1', member: { external_id: 'u1' }, action: 'add' });
		const report = dryRun([{ change: member, ref: 0 }], 'combined50', (ref) => ref, 'acme');
		expect(report.requests[0].path).toBe('/partners/acme/cohorts/users');
		expect(JSON.stringify(report)).not.toMatch(/partner_api_key|client_secret|api_key/);
	});
});
