import type { BrazeChange } from '../../nodes/shared/braze/changes';
import type { PlanEntry } from '../../nodes/shared/braze/plan';
import { DEFAULT_EXPORT_FIELDS } from '../../nodes/shared/braze/endpoints/usersExportIds';
import { plan } from '../../nodes/shared/braze/planner';

const time = '2026-01-31T12:00:00Z';
const attributes = (id: string, value = 1): BrazeChange => ({ type: 'attributes', user: { external_id: id }, attributes: { v: value } });
const event = (id: string): BrazeChange => ({ type: 'event', user: { external_id: id }, name: 'e', time });
const entries = (changes: BrazeChange[]): PlanEntry[] => changes.map((change, ref) => ({ change, ref }));

describe('planner', () => {
	it('packs /users/track up to the chosen batch limit', () => {
		const changes = Array.from({ length: 120 }, (_, i) => attributes(`u${i}`));
		expect(plan(entries(changes), { trackLimit: 'combined50' }).map((r) => r.slots.length)).toEqual([50, 50, 20]);
		expect(plan(entries(changes), { trackLimit: 'legacy75' }).map((r) => r.slots.length)).toEqual([75, 45]);
		// Legacy: 75 of each type in one request.
		const mixed = Array.from({ length: 75 }, (_, i) => [attributes(`u${i}`), event(`u${i}`)]).flat();
		expect(plan(entries(mixed), { trackLimit: 'legacy75' })).toHaveLength(1);
		expect(plan(entries(mixed), { trackLimit: 'combined50' })).toHaveLength(3);
	});

	it('builds Braze request bodies with the identifier on every object', () => {
		const [request] = plan(entries([attributes('u1'), event('u1')]), { trackLimit: 'combined50' });
		expect(request.endpoint).toBe('/users/track');
		expect(request.body).toEqual({
			attributes: [{ external_id: 'u1', v: 1 }],
			events: [{ external_id: 'u1', name: 'e', time }],
		});
		expect(request.slots).toEqual([
			{ ref: 0, array: 'attributes', index: 0 },
			{ ref: 1, array: 'events', index: 0 },
		]);
	});

	it('never lets an attribute overtake an earlier event of the same user', () => {
		// Braze applies attributes before events in one request: this pair must be split.
		const requests = plan(entries([event('u1'), attributes('u1'), attributes('u2')]), { trackLimit: 'combined50' });
		expect(requests).toHaveLength(2);
		expect(requests[0].slots.map((s) => s.ref)).toEqual([0]);
		expect(requests[1].slots.map((s) => s.ref)).toEqual([1, 2]);
		expect(requests[1].after).toEqual([0]);
	});

	it('orders requests of different endpoints for the same user', () => {
		const changes: BrazeChange[] = [
			attributes('u1'),
			{ type: 'subscription', user: { external_id: 'u1' }, groupId: 'g', state: 'subscribed' },
			attributes('u1', 2),
		];
		const requests = plan(entries(changes), { trackLimit: 'combined50' });
		// The third change may not join the first request: it would overtake the subscription.
		expect(requests.map((r) => r.endpoint)).toEqual(['/users/track', '/v2/subscription/status/set', '/users/track']);
		expect(requests[1].after).toEqual([0]);
		expect(requests[2].after).toEqual([1]);
	});

	it('never mixes emails and phones in one subscription request, and groups by group and state', () => {
		const changes: BrazeChange[] = [
			{ type: 'subscription', user: { email: 'a@x.io' }, groupId: 'g1', state: 'subscribed' },
			{ type: 'subscription', user: { phone: '+14155550100' }, groupId: 'g2', state: 'subscribed' },
			{ type: 'subscription', user: { email: 'b@x.io' }, groupId: 'g1', state: 'subscribed' },
			{ type: 'subscription', user: { external_id: 'u9' }, groupId: 'g1', state: 'unsubscribed' },
		];
		const requests = plan(entries(changes), { trackLimit: 'combined50' });
		expect(requests).toHaveLength(2);
		expect(requests[0].body).toEqual({
			subscription_groups: [
				{ subscription_group_id: 'g1', subscription_state: 'subscribed', emails: ['a@x.io', 'b@x.io'] },
				{ subscription_group_id: 'g1', subscription_state: 'unsubscribed', external_ids: ['u9'] },
			],
		});
		expect(requests[1].body).toEqual({
			subscription_groups: [{ subscription_group_id: 'g2', subscription_state: 'subscribed', phones: ['+14155550100'] }],
		});
	});

	it('sends one identifier type per delete request and caps lists at 50', () => {
		const changes: BrazeChange[] = [
			...Array.from({ length: 51 }, (_, i): BrazeChange => ({ type: 'delete', user: { external_id: `u${i}` } })),
			{ type: 'delete', user: { braze_id: 'b1' } },
		];
		const requests = plan(entries(changes), { trackLimit: 'combined50' });
		expect(requests.map((r) => Object.keys(r.body))).toEqual([['external_ids'], ['external_ids'], ['braze_ids']]);
		expect((requests[0].body.external_ids as string[]).length).toBe(50);
	});

	it('puts partner cohort adds and removes in one request per cohort, with no secrets', () => {
		const changes: BrazeChange[] = [
			{ type: 'cohortMembership', cohortId: 'c1', member: { external_id: 'u1' }, action: 'add' },
			{ type: 'cohortMembership', cohortId: 'c1', member: { device_id: 'd1' }, action: 'remove' },
			{ type: 'cohortMembership', cohortId: 'c2', member: { external_id: 'u1' }, action: 'add' },
		];
		const requests = plan(entries(changes), { trackLimit: 'combined50' });
		expect(requests[0]).toMatchObject({
			endpoint: '/partners/{partner}/cohorts/users',
			credential: 'brazeCohortApi',
			body: { cohort_id: 'c1', cohort_changes: [{ user_ids: ['u1'] }, { should_remove: true, device_ids: ['d1'] }] },
		});
		expect(requests).toHaveLength(2);
	});

	it('places every change exactly once', () => {
		const changes = Array.from({ length: 500 }, (_, i) => (i % 3 === 0 ? event(`u${i % 37}`) : attributes(`u${i % 41}`, i)));
		const refs = plan(entries(changes), { trackLimit: 'combined75' }).flatMap((r) => r.slots.map((s) => s.ref));
		expect(refs.sort((a, b) => a - b)).toEqual(changes.map((_, i) => i));
	});
});

describe('planner: export by a single-value identifier', () => {
	it('sends email_address, phone and braze_id as one string per request, as Braze requires', () => {
		const changes: BrazeChange[] = [
			{ type: 'export', user: { email: 'a@x.io' } },
			{ type: 'export', user: { email: 'b@x.io' } },
			{ type: 'export', user: { braze_id: 'b1' } },
		];
		const requests = plan(entries(changes), { trackLimit: 'combined50' });
		const fields_to_export = DEFAULT_EXPORT_FIELDS;
		expect(requests.map((r) => r.body)).toEqual([
			{ email_address: 'a@x.io', fields_to_export },
			{ email_address: 'b@x.io', fields_to_export },
			{ braze_id: 'b1', fields_to_export },
		]);
	});

	it('sends the fields asked for instead of the default list', () => {
		const [request] = plan(entries([{ type: 'export', user: { external_id: 'u1' }, fields: ['email'] }]), { trackLimit: 'combined50' });
		expect(request.body).toEqual({ external_ids: ['u1'], fields_to_export: ['email'] });
	});
});

describe('planner: order keys', () => {
	it("keeps one item's changes in order across endpoints and identifiers", () => {
		const alias = { alias_name: 'ann@example.com', alias_label: 'email' };
		const item = ['item:0'];
		const requests = plan(
			[
				{ ref: 0, orderKeys: item, change: { type: 'attributes', user: { user_alias: alias }, attributes: { a: 1 }, updateExistingOnly: false } },
				{ ref: 1, orderKeys: item, change: { type: 'subscription', user: { email: 'ann@example.com' }, groupId: 'g', state: 'subscribed' } },
			],
			{ trackLimit: 'combined50' },
		);
		expect(requests.map((r) => r.endpoint)).toEqual(['/users/track', '/v2/subscription/status/set']);
		// Without the item key, these would run concurrently (different users as far as the planner knows).
		expect(requests[1].after).toEqual([0]);
	});
});
