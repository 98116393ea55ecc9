import type { BrazeChange } from '../../nodes/shared/braze/changes';
import { outcomesOf } from '../../nodes/shared/braze/outcomes';
import type { PlanEntry } from '../../nodes/shared/braze/plan';
import { plan } from '../../nodes/shared/braze/planner';
import { seededRandom } from '../../harness/random';

const entries = (changes: BrazeChange[]): PlanEntry[] => changes.map((change, ref) => ({ change, ref }));
const options = { trackLimit: 'combined50' as const };

describe('planner: request order', () => {
	it('never lets a change join an open request that would have to wait for a later one (no cycles)', () => {
		// u2's attributes must follow u2's subscription; u1's subscription must follow u1's attributes.
		// Joining the first track request would make the two requests wait for each other.
		const changes: BrazeChange[] = [
			{ type: 'attributes', user: { external_id: 'u1' }, attributes: { a: 1 } },
			{ type: 'subscription', user: { external_id: 'u2' }, groupId: 'g', state: 'subscribed' },
			{ type: 'attributes', user: { external_id: 'u2' }, attributes: { a: 1 } },
			{ type: 'subscription', user: { external_id: 'u1' }, groupId: 'g', state: 'subscribed' },
		];
		const requests = plan(entries(changes), options);
		for (const request of requests) for (const id of request.after) expect(id).toBeLessThan(request.id);
		const requestOf = (ref: number) => requests.find((r) => r.slots.some((s) => s.ref === ref))!;
		expect(requestOf(2).after).toContain(requestOf(1).id);
		expect(requestOf(3).after).toContain(requestOf(0).id);
	});

	it('keeps every dependency pointing backwards on random mixes', () => {
		const random = seededRandom(7);
		for (let run = 0; run < 50; run++) {
			const changes: BrazeChange[] = Array.from({ length: 80 }, () => {
				const user = { external_id: `u${Math.floor(random() * 8)}` };
				const kind = random();
				if (kind < 0.4) return { type: 'attributes', user, attributes: { v: 1 } };
				if (kind < 0.6) return { type: 'event', user, name: 'e', time: '2026-01-01T00:00:00Z' };
				if (kind < 0.8) return { type: 'subscription', user, groupId: `g${Math.floor(random() * 3)}`, state: 'subscribed' };
				return { type: 'campaignSend', campaignId: 'c', recipient: user };
			});
			const requests = plan(entries(changes), options);
			for (const request of requests) for (const id of request.after) expect(id).toBeLessThan(request.id);
			// Each user's changes run in input order: a later change's request is the same or depends on the earlier one's.
			const requestOf = new Map(requests.flatMap((r) => r.slots.map((s) => [s.ref, r] as const)));
			// Dependencies point backwards, so each request's ancestors are known once its own are.
			const ancestors: Array<Set<number>> = [];
			for (const request of requests) ancestors[request.id] = new Set([request.id, ...request.after.flatMap((id) => [...ancestors[id]])]);
			const reaches = (from: number, to: number): boolean => ancestors[from].has(to);
			changes.forEach((change, ref) => {
				const earlier = changes.findIndex((c, i) => i < ref && 'user' in c && 'user' in change && JSON.stringify(c.user) === JSON.stringify(change.user));
				if (earlier >= 0 && change.type !== 'campaignSend' && changes[earlier].type !== 'campaignSend') {
					expect(reaches(requestOf.get(ref)!.id, requestOf.get(earlier)!.id)).toBe(true);
				}
			});
		}
	});

	it("makes a cohort's later membership changes wait for its create-or-rename, yet packs members together", () => {
		const changes: BrazeChange[] = [
			{ type: 'cohortUpsert', cohortId: 'c1', name: 'One', createdAt: '2026-01-01T00:00:00Z' },
			...Array.from({ length: 3 }, (_, i): BrazeChange => ({ type: 'cohortMembership', cohortId: 'c1', member: { external_id: `u${i}` }, action: 'add' })),
		];
		const requests = plan(entries(changes), options);
		expect(requests.map((r) => [r.endpoint, r.credential, r.slots.length, r.after])).toEqual([
			['/partners/{partner}/cohorts', 'brazeCohortApi', 1, []],
			['/partners/{partner}/cohorts/users', 'brazeCohortApi', 3, [0]],
		]);
		expect(requests[0].body).toEqual({ cohort_id: 'c1', name: 'One', created_at: '2026-01-01T00:00:00Z' });
	});
});

describe('planner: subscription groups', () => {
	it('puts one user in several groups in the same request, but never twice in one group', () => {
		const changes: BrazeChange[] = ['u1', 'u2'].flatMap((id): BrazeChange[] => [
			{ type: 'subscription', user: { external_id: id }, groupId: 'g1', state: 'subscribed' },
			{ type: 'subscription', user: { external_id: id }, groupId: 'g2', state: 'subscribed' },
		]);
		const requests = plan(entries(changes), options);
		expect(requests).toHaveLength(1);
		expect(requests[0].body).toEqual({
			subscription_groups: [
				{ subscription_group_id: 'g1', subscription_state: 'subscribed', external_ids: ['u1', 'u2'] },
				{ subscription_group_id: 'g2', subscription_state: 'subscribed', external_ids: ['u1', 'u2'] },
			],
		});
		const flip = plan(
			entries([
				{ type: 'subscription', user: { external_id: 'u1' }, groupId: 'g1', state: 'subscribed' },
				{ type: 'subscription', user: { external_id: 'u1' }, groupId: 'g1', state: 'unsubscribed' },
			]),
			options,
		);
		expect(flip).toHaveLength(2);
		expect(flip[1].after).toEqual([0]);
	});
});

describe('planner: sends', () => {
	it('batches trigger recipients by 50 per campaign and send ID, one user once per request', () => {
		const send = (id: string, campaignId = 'c1', sendId?: string): BrazeChange => ({
			type: 'campaignSend',
			campaignId,
			recipient: { external_id: id },
			...(sendId ? { sendId } : {}),
		});
		const changes = [...Array.from({ length: 60 }, (_, i) => send(`u${i}`)), send('u0'), send('x', 'c2'), send('y', 'c1', 's1')];
		const requests = plan(entries(changes), options);
		expect(requests.map((r) => [r.endpoint, (r.body.recipients as unknown[]).length, r.body.campaign_id, r.body.send_id])).toEqual([
			['/campaigns/trigger/send', 50, 'c1', undefined],
			['/campaigns/trigger/send', 11, 'c1', undefined],
			['/campaigns/trigger/send', 1, 'c2', undefined],
			['/campaigns/trigger/send', 1, 'c1', 's1'],
		]);
		// u0 twice: the second send goes in the second request, after the first.
		expect(requests[1].after).toEqual([0]);
	});

	it('builds recipients the way Braze names them', () => {
		const [campaign] = plan(
			entries([
				{ type: 'campaignSend', campaignId: 'c', recipient: { email: 'a@b.co' }, triggerProperties: { x: 1 }, sendToExistingOnly: false, attributes: { first_name: 'A' } },
				{ type: 'campaignSend', campaignId: 'c', recipient: { user_alias: { alias_name: 'n', alias_label: 'l' } } },
			]),
			options,
		);
		expect(campaign.body).toEqual({
			campaign_id: 'c',
			recipients: [
				{ email: 'a@b.co', prioritization: ['most_recently_updated'], trigger_properties: { x: 1 }, attributes: { first_name: 'A' }, send_to_existing_only: false },
				{ user_alias: { alias_name: 'n', alias_label: 'l' } },
			],
		});
		const [canvas] = plan(entries([{ type: 'canvasSend', canvasId: 'v', recipient: { external_id: 'u' }, context: { step: 2 } }]), options);
		expect(canvas).toMatchObject({ endpoint: '/canvas/trigger/send', body: { canvas_id: 'v', recipients: [{ external_user_id: 'u', context: { step: 2 } }] } });
	});

	it('sends transactional email one recipient per request, on the campaign path', () => {
		const requests = plan(
			entries([
				{ type: 'transactionalSend', campaignId: 'c/1', recipient: { external_id: 'u1' }, externalSendId: 'k1', triggerProperties: { a: 1 } },
				{ type: 'transactionalSend', campaignId: 'c/1', recipient: { user_alias: { alias_name: 'n', alias_label: 'l' } }, attributes: { x: 1 } },
			]),
			options,
		);
		expect(requests.map((r) => [r.endpoint, r.body])).toEqual([
			['/transactional/v1/campaigns/c%2F1/send', { external_send_id: 'k1', trigger_properties: { a: 1 }, recipient: { external_user_id: 'u1' } }],
			['/transactional/v1/campaigns/c%2F1/send', { recipient: { user_alias: { alias_name: 'n', alias_label: 'l' }, attributes: { x: 1 } } }],
		]);
	});

	it('reads the dispatch id back onto every recipient, and flags resent trigger sends as possible duplicates', () => {
		const [request] = plan(
			entries([
				{ type: 'campaignSend', campaignId: 'c', recipient: { external_id: 'u1' } },
				{ type: 'campaignSend', campaignId: 'c', recipient: { external_id: 'u2' } },
			]),
			options,
		);
		const outcomes = outcomesOf(request, {
			ok: true,
			statusCode: 201,
			body: { message: 'success', dispatch_id: 'd-1', notice: 'The Campaign is paused.' },
			attempts: 2,
			rateLimited: 0,
			resentAfterNetworkFailure: true,
		});
		expect(outcomes.map((o) => [o.ok, o.data, o.possibleDuplicate])).toEqual([
			[true, { dispatch_id: 'd-1', notice: 'The Campaign is paused.' }, true],
			[true, { dispatch_id: 'd-1', notice: 'The Campaign is paused.' }, true],
		]);
	});
});
