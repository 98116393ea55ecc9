/* eslint-disable @typescript-eslint/no-explicit-any */
import { type Sandbox, startSandbox } from '../../sandbox/server';
import { FAST, credentialsFor, json, run, runFailing, seed } from './braze.harness';

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const addresses = (n: number, prefix = 'a') => Array.from({ length: n }, (_, i) => `${prefix}${i}@example.com`);

describe('Braze node: Email (against the sandbox)', () => {
	let sb: Sandbox;
	beforeAll(async () => {
		sb = await startSandbox();
	});
	afterAll(async () => await sb.close());
	beforeEach(() => sb.reset());

	describe('Set Global Status', () => {
		const parameters = (emails: string[], states: string[]) => (i: number) => ({
			resource: 'email',
			operation: 'setGlobalStatus',
			emailAddress: emails[i],
			emailState: states[i],
			...FAST,
		});

		it('sends up to 50 addresses per request, one request per state, and updates users with the address', async () => {
			await seed(sb, '/users/track', { attributes: [{ external_id: 'u1', email: 'a0@example.com', email_subscribe: 'subscribed' }] });
			const emails = addresses(60);
			const states = emails.map((_, i) => (i === 59 ? 'opted_in' : 'unsubscribed'));
			const { output } = await run(sb, { items: emails.map((email) => ({ json: { email } })), parameters: parameters(emails, states) });
			const bodies = sb.state.requests.list({ path: '/email/status' }).map((r) => r.body as any);
			expect(bodies.map((b) => [b.subscription_state, b.email.length])).toEqual([
				['unsubscribed', 50],
				['unsubscribed', 9],
				['opted_in', 1],
			]);
			expect(sb.state.user('u1')!.email_subscribe).toBe('unsubscribed');
			expect(sb.state.emails.get('a59@example.com')!.subscription_state).toBe('opted_in');
			expect(output).toHaveLength(60);
			expect(output[59]).toEqual({
				json: { user: { email: 'a59@example.com' }, success: true, email: 'a59@example.com', subscription_state: 'opted_in' },
				pairedItem: { item: 59 },
			});
		});

		it('partial failure: a bad address fails alone with its reason; the others land', async () => {
			const emails = ['ok1@example.com', 'not an email', 'ok2@example.com'];
			const { output } = await run(sb, {
				continueOnFail: true,
				items: emails.map((email) => ({ json: { email } })),
				parameters: parameters(emails, ['subscribed', 'subscribed', 'subscribed']),
			});
			expect(output[1].json.error).toMatch(/\[item 1\] email must be an email address/);
			expect(output[0].json.success).toBe(true);
			expect(output[2].json.success).toBe(true);
			expect(sb.state.emails.get('ok2@example.com')!.subscription_state).toBe('subscribed');
		});

		it('fatal error: a wrong API key fails every item and names the likely causes', async () => {
			const emails = ['ok1@example.com', 'ok2@example.com'];
			const error = await runFailing(sb, {
				credentials: credentialsFor(sb, { apiKey: 'wrong-key' }),
				items: emails.map((email) => ({ json: { email } })),
				parameters: parameters(emails, ['subscribed', 'subscribed']),
			});
			expect(error.message).toMatch(/\[item 0\] email "ok1@example\.com": \/email\/status: Braze refused the API key \(401/);
			expect(error.message).not.toContain('wrong-key');
			expect(sb.state.emails.all()).toEqual([]);
		});
	});

	describe('Blocklist', () => {
		it('blocklists addresses in one request and marks them hard bounced', async () => {
			const emails = ['spam1@example.com', 'spam2@example.com'];
			const { output } = await run(sb, {
				items: emails.map((email) => ({ json: { email } })),
				parameters: (i) => ({ resource: 'email', operation: 'blocklist', emailAddress: emails[i] }),
			});
			expect(sb.state.requests.list({ path: '/email/blocklist' }).map((r) => r.body)).toEqual([{ email: emails }]);
			expect(sb.state.emails.get('spam1@example.com')).toMatchObject({ blocklisted: true, subscription_state: 'unsubscribed' });
			expect(json(output)).toEqual([
				{ user: { email: 'spam1@example.com' }, success: true, email: 'spam1@example.com', blocklisted: true },
				{ user: { email: 'spam2@example.com' }, success: true, email: 'spam2@example.com', blocklisted: true },
			]);
		});

		it('partial failure and fatal error', async () => {
			const emails = ['spam1@example.com', '@nope'];
			const parameters = (i: number) => ({ resource: 'email', operation: 'blocklist', emailAddress: emails[i], ...FAST });
			const { output } = await run(sb, { continueOnFail: true, items: [{ json: {} }, { json: {} }], parameters });
			expect(output[0].json.blocklisted).toBe(true);
			expect(output[1].json.error).toMatch(/\[item 1\] email must be an email address/);

			sb.reset();
			sb.setOptions({ permissions: ['email.status'] });
			const error = await runFailing(sb, { items: [{ json: {} }], parameters });
			expect(error.message).toMatch(/\/email\/blocklist: Braze refused the request \(403/);
			expect(error.message).toMatch(/lacks the permission/);
		});
	});

	describe('Get Unsubscribes', () => {
		const base = { resource: 'email', operation: 'getUnsubscribes', filterBy: 'dateRange', startDate: day(-1), endDate: day(1) };

		beforeEach(async () => {
			for (let start = 0; start < 620; start += 50) {
				await seed(sb, '/email/status', { email: addresses(620).slice(start, start + 50), subscription_state: 'unsubscribed' });
			}
			sb.state.requests.clear();
		});

		it('Return All reads pages of 500 until a short one', async () => {
			const { output } = await run(sb, { parameters: { ...base, returnAll: true } });
			expect(output).toHaveLength(620);
			expect(output[0].json).toEqual({ email: expect.stringMatching(/@example\.com$/), unsubscribed_at: expect.any(String) });
			const queries = sb.state.requests.list({ path: '/email/unsubscribes' }).map((r) => r.query);
			expect(queries).toEqual([
				{ start_date: day(-1), end_date: day(1), limit: '500', offset: '0' },
				{ start_date: day(-1), end_date: day(1), limit: '500', offset: '500' },
			]);
		});

		it('Limit and sort direction', async () => {
			const { output } = await run(sb, { parameters: { ...base, returnAll: false, limit: 7, unsubscribeOptions: { sortDirection: 'asc' } } });
			expect(output).toHaveLength(7);
			expect(sb.state.requests.list({ path: '/email/unsubscribes' })[0].query).toMatchObject({ limit: '7', sort_direction: 'asc' });
		});

		it('by email: one request, with the end date Braze requires', async () => {
			const { output } = await run(sb, { parameters: { ...base, filterBy: 'email', emailAddress: 'a5@example.com', returnAll: true } });
			expect(json(output)).toEqual([{ email: 'a5@example.com', unsubscribed_at: expect.any(String) }]);
			expect(sb.state.requests.list({ path: '/email/unsubscribes' })[0].query).toEqual({ email: 'a5@example.com', end_date: day(1) });
		});

		it('an item with a reversed date range fails alone', async () => {
			const dates = [
				[day(-1), day(1)],
				[day(1), day(-1)],
			];
			const { output } = await run(sb, {
				continueOnFail: true,
				items: [{ json: {} }, { json: {} }],
				parameters: (i) => ({ ...base, startDate: dates[i][0], endDate: dates[i][1], returnAll: false, limit: 1 }),
			});
			expect(output).toHaveLength(2);
			expect(output[0].pairedItem).toEqual({ item: 0 });
			expect(output[1].json.error).toMatch(/\[item 1\] End Date must be later than Start Date/);
		});
	});

	describe('Get Hard Bounces', () => {
		it('lists blocklisted (hard bounced) addresses by date range and by email', async () => {
			await seed(sb, '/email/blocklist', { email: ['b1@example.com', 'b2@example.com'] });
			const base = { resource: 'email', operation: 'getHardBounces', returnAll: true };
			const range = await run(sb, { parameters: { ...base, filterBy: 'dateRange', startDate: `${day(-2)}T00:00:00`, endDate: day(1) } });
			expect(json(range.output).map((row) => row.email).sort()).toEqual(['b1@example.com', 'b2@example.com']);
			expect(range.output[0].json.hard_bounced_at).toEqual(expect.any(String));
			const one = await run(sb, { parameters: { ...base, filterBy: 'email', emailAddress: 'b2@example.com' } });
			expect(json(one.output)).toEqual([{ email: 'b2@example.com', hard_bounced_at: expect.any(String) }]);
		});

		it('a missing permission fails the item with the fix', async () => {
			sb.setOptions({ permissions: ['email.unsubscribe'] });
			const error = await runFailing(sb, {
				parameters: { resource: 'email', operation: 'getHardBounces', filterBy: 'dateRange', startDate: day(-1), endDate: day(1), returnAll: true },
			});
			expect(error.message).toMatch(/\[item 0\] \/email\/hard_bounces: Braze refused the request \(403/);
		});
	});
});
