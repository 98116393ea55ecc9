/* eslint-disable @typescript-eslint/no-explicit-any */
import { type Sandbox, startSandbox } from '../../sandbox/server';
import { FAST, json, run, runFailing, seed } from './braze.harness';

const G1 = 'group-email-news';
const G2 = 'group-email-offers';
const SMS = 'group-sms-alerts';

const setStatus = (overrides: Record<string, unknown> = {}) => ({
	resource: 'subscription',
	operation: 'setStatus',
	identifyBy: 'external_id',
	subscriptionState: 'subscribed',
	...FAST,
	...overrides,
});

describe('Braze node: Subscription (against the sandbox)', () => {
	let sb: Sandbox;
	beforeAll(async () => {
		sb = await startSandbox();
	});
	afterAll(async () => await sb.close());
	beforeEach(async () => {
		sb.reset();
		await seed(sb, '/users/track', {
			attributes: [
				{ external_id: 'u1', email: 'u1@example.com' },
				{ external_id: 'u2', phone: '+14155550102' },
				{ external_id: 'u3' },
			],
		});
	});

	describe('Set Status', () => {
		it('packs many users and groups into one request, never mixing emails and phones', async () => {
			const rows = [
				{ by: 'external_id', id: 'u1', groups: `${G1}, ${G2}` },
				{ by: 'external_id', id: 'u3', groups: G1 },
				{ by: 'email', id: 'new@example.com', groups: G1 },
				{ by: 'phone', id: '+14155550102', groups: SMS },
			];
			const { output } = await run(sb, {
				items: rows.map((row) => ({ json: row })),
				parameters: (i) => ({
					...setStatus(),
					identifyBy: rows[i].by,
					externalId: rows[i].id,
					email: rows[i].id,
					phone: rows[i].id,
					subscriptionGroupIds: rows[i].groups,
				}),
			});

			const bodies = sb.state.requests.list({ path: '/v2/subscription/status/set' }).map((r) => r.body as any);
			expect(bodies).toHaveLength(2);
			expect(bodies[0].subscription_groups).toEqual([
				{ subscription_group_id: G1, subscription_state: 'subscribed', external_ids: ['u1', 'u3'] },
				{ subscription_group_id: G2, subscription_state: 'subscribed', external_ids: ['u1'] },
				{ subscription_group_id: G1, subscription_state: 'subscribed', emails: ['new@example.com'] },
			]);
			expect(bodies[1].subscription_groups).toEqual([{ subscription_group_id: SMS, subscription_state: 'subscribed', phones: ['+14155550102'] }]);
			for (const body of bodies) {
				const kinds = body.subscription_groups.flatMap((g: any) => Object.keys(g).filter((k) => k === 'emails' || k === 'phones'));
				expect(new Set(kinds).size).toBeLessThanOrEqual(1);
			}

			expect(sb.state.user('u1')!.subscription_groups).toEqual({ [G1]: 'subscribed', [G2]: 'subscribed' });
			expect(sb.state.user('u2')!.subscription_groups).toEqual({ [SMS]: 'subscribed' });
			expect(sb.state.users.withEmail('new@example.com')[0].subscription_groups).toEqual({ [G1]: 'subscribed' });
			expect(output.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
			expect(output[0].json).toMatchObject({
				success: true,
				external_id: 'u1',
				subscriptionGroups: [
					{ subscription_group_id: G1, subscription_state: 'subscribed' },
					{ subscription_group_id: G2, subscription_state: 'subscribed' },
				],
			});
		});

		it('sends use_double_opt_in_logic when asked, and unsubscribes', async () => {
			await run(sb, {
				parameters: setStatus({
					identifyBy: 'phone',
					phone: '+14155550102',
					subscriptionGroupIds: SMS,
					subscriptionState: 'unsubscribed',
					subscriptionOptions: { useDoubleOptIn: true },
				}),
			});
			const [request] = sb.state.requests.list({ path: '/v2/subscription/status/set' });
			expect(request.body).toEqual({
				subscription_groups: [{ subscription_group_id: SMS, subscription_state: 'unsubscribed', phones: ['+14155550102'] }],
				use_double_opt_in_logic: true,
			});
			expect(sb.state.user('u2')!.subscription_groups[SMS]).toBe('unsubscribed');
		});

		it('partial failure: a phone Braze refuses and a bad email fail alone; the others land', async () => {
			// "+1415555" passes our E.164 check (6+ digits) but Braze's (7+) refuses it: the batch is split until it fails alone.
			const rows = [
				{ by: 'phone', id: '+14155550102' },
				{ by: 'phone', id: '+141555' },
				{ by: 'email', id: 'not-an-email' },
				{ by: 'external_id', id: 'u3' },
			];
			const { output } = await run(sb, {
				continueOnFail: true,
				items: rows.map((row) => ({ json: row })),
				parameters: (i) => ({ ...setStatus(), identifyBy: rows[i].by, externalId: rows[i].id, email: rows[i].id, phone: rows[i].id, subscriptionGroupIds: SMS }),
			});
			expect(output).toHaveLength(4);
			expect(output[0].json).toMatchObject({ success: true, phone: '+14155550102' });
			expect(output[1].json.error).toMatch(/\[item 1\] phone "\+141555": \/v2\/subscription\/status\/set: Braze answered 400: 'phone' numbers must be in E\.164 format/);
			expect(output[2].json.error).toMatch(/\[item 2\] user\.email must be an email address/);
			expect(output[3].json).toMatchObject({ success: true, external_id: 'u3' });
			expect(output.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
			expect(sb.state.user('u2')!.subscription_groups[SMS]).toBe('subscribed');
			expect(sb.state.user('u3')!.subscription_groups[SMS]).toBe('subscribed');
		});

		it('fatal error: without the permission every item fails with Braze\'s answer and how to fix it', async () => {
			sb.setOptions({ permissions: ['users.track'] });
			const parameters = (i: number) => setStatus({ externalId: `u${i + 1}`, subscriptionGroupIds: G1 });
			const error = await runFailing(sb, { items: [{ json: {} }, { json: {} }], parameters });
			expect(error.message).toMatch(/\[item 0\] external_id "u1": \/v2\/subscription\/status\/set: Braze refused the request \(403: Access Denied\)/);
			const { output } = await run(sb, { items: [{ json: {} }, { json: {} }], parameters, continueOnFail: true });
			expect(json(output).map((o) => String(o.error))).toEqual([expect.stringMatching(/403/), expect.stringMatching(/403/)]);
			expect(sb.state.user('u1')!.subscription_groups).toEqual({});
		});
	});

	describe('Get Status', () => {
		it('asks once for up to 50 users of a group and gives each item its own state', async () => {
			await seed(sb, '/v2/subscription/status/set', {
				subscription_groups: [
					{ subscription_group_id: G1, subscription_state: 'subscribed', external_ids: ['u1'] },
					{ subscription_group_id: G1, subscription_state: 'unsubscribed', external_ids: ['u2'] },
				],
			});
			const ids = ['u1', 'u2', 'nobody'];
			const { output } = await run(sb, {
				items: ids.map((id) => ({ json: { id } })),
				parameters: (i) => ({ resource: 'subscription', operation: 'getStatus', subscriptionGroupId: G1, identifyBy: 'external_id', externalId: ids[i] }),
			});
			expect(json(output)).toEqual([
				{ subscription_group_id: G1, external_id: 'u1', status: 'Subscribed' },
				{ subscription_group_id: G1, external_id: 'u2', status: 'Unsubscribed' },
				{ subscription_group_id: G1, external_id: 'nobody', status: 'Unknown' },
			]);
			const requests = sb.state.requests.list({ path: '/subscription/status/get' });
			expect(requests).toHaveLength(1);
			expect(requests[0].query).toEqual({ subscription_group_id: G1, 'external_id[]': ['u1', 'u2', 'nobody'] });
		});

		it('reads by email, and fails an item with an empty group alone', async () => {
			await seed(sb, '/v2/subscription/status/set', {
				subscription_groups: [{ subscription_group_id: G1, subscription_state: 'subscribed', emails: ['u1@example.com'] }],
			});
			const groups = [G1, ''];
			const { output } = await run(sb, {
				continueOnFail: true,
				items: [{ json: {} }, { json: {} }],
				parameters: (i) => ({ resource: 'subscription', operation: 'getStatus', subscriptionGroupId: groups[i], identifyBy: 'email', email: 'u1@example.com' }),
			});
			expect(output[0].json).toEqual({ subscription_group_id: G1, email: 'u1@example.com', status: 'Subscribed' });
			expect(output[1].json.error).toMatch(/\[item 1\] Subscription Group ID is empty/);
		});
	});

	describe("Get User's Groups", () => {
		beforeEach(async () => {
			// 130 groups with a recorded state: more than one page of 100.
			const groups = Array.from({ length: 130 }, (_, i) => ({ subscription_group_id: `g-${i}`, subscription_state: 'subscribed', external_ids: ['u1'] }));
			// Braze takes at most 50 users per request, counted over every group.
			for (let start = 0; start < groups.length; start += 50) {
				await seed(sb, '/v2/subscription/status/set', { subscription_groups: groups.slice(start, start + 50) });
			}
			sb.state.requests.clear();
		});

		it('Return All pages with limit/offset until a short page', async () => {
			const { output } = await run(sb, {
				parameters: { resource: 'subscription', operation: 'getUserGroups', identifyBy: 'external_id', externalId: 'u1', returnAll: true },
			});
			expect(output).toHaveLength(130);
			expect(output[0]).toEqual({ json: { subscription_group_id: 'g-0', subscription_status: 'Subscribed' }, pairedItem: { item: 0 } });
			const queries = sb.state.requests.list({ path: '/subscription/user/status' }).map((r) => r.query);
			expect(queries).toEqual([
				{ 'external_id[]': 'u1', limit: '100', offset: '0' },
				{ 'external_id[]': 'u1', limit: '100', offset: '100' },
			]);
		});

		it('Limit asks for no more than it needs', async () => {
			const { output } = await run(sb, {
				parameters: { resource: 'subscription', operation: 'getUserGroups', identifyBy: 'external_id', externalId: 'u1', returnAll: false, limit: 3 },
			});
			expect(json(output).map((row) => row.subscription_group_id)).toEqual(['g-0', 'g-1', 'g-2']);
			expect(sb.state.requests.list({ path: '/subscription/user/status' }).map((r) => r.query.limit)).toEqual(['3']);
		});
	});
});
