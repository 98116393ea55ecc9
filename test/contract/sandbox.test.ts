/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-hardcoded-secrets, @typescript-eslint/no-explicit-any */
// Test code: spawns the CLI, reads JSON loosely, and uses the sandbox's fixed dev keys.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { FIXTURE_IDS, startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox/server';

// Contract tests for the Braze sandbox, over real HTTP with Node's fetch.

const KEY = 'sandbox-api-key';

interface Res {
	status: number;
	headers: Headers;
	body: any;
}

async function call(sb: Sandbox, method: string, route: string, body?: unknown, opts: { key?: string | null; raw?: string } = {}): Promise<Res> {
	const headers: Record<string, string> = { 'content-type': 'application/json' };
	const key = opts.key === undefined ? KEY : opts.key;
	if (key !== null) headers.authorization = `Bearer ${key}`;
	const r = await fetch(sb.url + route, { method, headers, body: opts.raw ?? (body === undefined ? undefined : JSON.stringify(body)) });
	const text = await r.text();
	return { status: r.status, headers: r.headers, body: text ? JSON.parse(text) : undefined };
}

const post = (sb: Sandbox, route: string, body: unknown, opts?: { key?: string | null; raw?: string }) => call(sb, 'POST', route, body, opts);
const get = (sb: Sandbox, route: string, opts?: { key?: string | null }) => call(sb, 'GET', route, undefined, opts);

const ev = (external_id: string, name = 'opened', extra: Record<string, unknown> = {}) => ({ external_id, name, time: '2024-05-01T10:00:00Z', ...extra });

describe('Braze sandbox', () => {
	let sb: Sandbox;
	beforeAll(async () => {
		sb = await startSandbox();
	});
	afterAll(() => sb.close());
	beforeEach(() => sb.reset());

	describe('auth and permissions', () => {
		it('answers 401 with a masked key when the Bearer key is missing or wrong', async () => {
			const missing = await post(sb, '/users/track', {}, { key: null });
			expect(missing.status).toBe(401);
			expect(missing.body).toEqual({ message: 'Invalid API key: ***' });
			const wrong = await post(sb, '/users/track', {}, { key: 'wrong-key-123456' });
			expect(wrong.status).toBe(401);
			expect(wrong.body.message).toBe('Invalid API key: wron***');
			expect(JSON.stringify(wrong.body)).not.toContain('wrong-key-123456');
			// A key wrapped in quotes is wrong too.
			expect((await post(sb, '/users/track', {}, { key: `"${KEY}"` })).status).toBe(401);
		});

		it('answers 403 Access Denied when the key lacks the endpoint permission', async () => {
			const limited = await startSandbox({ permissions: ['users.track'] });
			try {
				expect((await post(limited, '/users/track', {})).status).toBe(201);
				const denied = await post(limited, '/users/export/ids', { external_ids: ['a'] });
				expect(denied.status).toBe(403);
				expect(denied.body).toEqual({ message: 'Access Denied' });
				// /email/blocklist and /email/blacklist share one permission.
				limited.setOptions({ permissions: ['email.blacklist'] });
				expect((await post(limited, '/email/blacklist', { email: 'a@b.io' })).status).toBe(201);
				expect((await post(limited, '/email/status', { email: 'a@b.io', subscription_state: 'subscribed' })).status).toBe(403);
			} finally {
				await limited.close();
			}
		});

		it('returns 404 {"message":"Not found"} for unknown paths and wrong methods', async () => {
			expect(await get(sb, '/users/nothing')).toMatchObject({ status: 404, body: { message: 'Not found' } });
			expect((await get(sb, '/users/track')).status).toBe(404);
		});

		it('answers 400 Invalid JSON for a body that is not JSON', async () => {
			const r = await post(sb, '/users/track', undefined, { raw: '{"attributes": [' });
			expect(r).toMatchObject({ status: 400, body: { message: 'Invalid JSON' } });
		});
	});

	describe('/users/track', () => {
		it('accepts an empty body and empty arrays with exactly {"message":"success"}', async () => {
			expect(await post(sb, '/users/track', {})).toMatchObject({ status: 201, body: { message: 'success' } });
			const r = await post(sb, '/users/track', { attributes: [] });
			expect(r.status).toBe(201);
			expect(r.body).toEqual({ message: 'success' });
		});

		it('applies attributes, events and purchases and reports counts only for given arrays', async () => {
			const r = await post(sb, '/users/track', {
				attributes: [{ external_id: 'u1', first_name: 'Ada', email: 'Ada@Example.com', visits: { inc: 2 } }],
				events: [ev('u1'), ev('u1')],
			});
			expect(r.status).toBe(201);
			expect(r.body).toEqual({ message: 'success', attributes_processed: 1, events_processed: 2 });
			const u = sb.state.user('u1')!;
			expect(u.attributes.first_name).toBe('Ada');
			expect(u.email).toBe('ada@example.com');
			expect(u.custom_attributes.visits).toBe(2);
			// Events are never deduplicated.
			expect(u.custom_events).toHaveLength(2);
		});

		it('skips invalid objects as minor errors and still applies the valid ones', async () => {
			const r = await post(sb, '/users/track', {
				attributes: [{ first_name: 'nobody' }, { external_id: 'a', braze_id: 'b' }, { external_id: 'ok', long: 'x'.repeat(256) }, { external_id: 'ok', plan: 'pro' }],
				events: [ev('ok'), { external_id: 'ok', time: '2024-01-01T00:00:00Z' }, { external_id: 'ok', name: 'n' }, ev('ok', 'e', { properties: { $bad: 1 } }), ev('ok', 'e', { properties: { time: 'x' } })],
				purchases: [
					{ external_id: 'ok', product_id: 'p', currency: 'EUR', price: 9.5, time: '2024-01-01T00:00:00Z', quantity: 2 },
					{ external_id: 'ok', product_id: 'p', currency: 'XXY', price: 1, time: '2024-01-01T00:00:00Z' },
					{ external_id: 'ok', product_id: 'p', currency: 'USD', price: 1, time: '2024-01-01T00:00:00Z', quantity: 101 },
					{ external_id: 'ok', currency: 'USD', price: 1, time: '2024-01-01T00:00:00Z' },
				],
			});
			expect(r.status).toBe(201);
			expect(r.body.message).toBe('success');
			expect(r.body.attributes_processed).toBe(1);
			expect(r.body.events_processed).toBe(1);
			expect(r.body.purchases_processed).toBe(1);
			const where = r.body.errors.map((e: any) => `${e.input_array}:${e.index}`);
			expect(where).toEqual(['attributes:0', 'attributes:1', 'attributes:2', 'events:1', 'events:2', 'events:3', 'events:4', 'purchases:1', 'purchases:2', 'purchases:3']);
			for (const e of r.body.errors) expect(typeof e.type).toBe('string');
			expect(r.body.errors[3].type).toBe("'name' is required");
			expect(r.body.errors[4].type).toBe("'time' is required");
			const u = sb.state.user('ok')!;
			expect(u.custom_attributes).toEqual({ plan: 'pro' });
			expect(u.custom_events).toHaveLength(1);
			expect(u.purchases).toEqual([expect.objectContaining({ product_id: 'p', currency: 'EUR', quantity: 2 })]);
			expect(sb.state.user('a')).toBeUndefined();
		});

		it('refuses batches over the configured limit with 400 and applies nothing', async () => {
			const events = Array.from({ length: 70 }, (_, i) => ev(`b${i}`));
			const attributes = Array.from({ length: 6 }, (_, i) => ({ external_id: `a${i}`, x: 1 }));
			const over = await post(sb, '/users/track', { attributes, events });
			expect(over.status).toBe(400);
			expect(over.body.message).toBe('Max Input Length Exceeded');
			expect(sb.state.users.size).toBe(0);
			expect((await post(sb, '/users/track', { attributes: attributes.slice(0, 5), events })).status).toBe(201);

			sb.setOptions({ trackLimit: 'combined50' });
			expect((await post(sb, '/users/track', { events: events.slice(0, 51) })).status).toBe(400);
			expect((await post(sb, '/users/track', { events: events.slice(0, 50) })).status).toBe(201);

			sb.setOptions({ trackLimit: 'legacy' });
			const many = Array.from({ length: 75 }, (_, i) => ({ external_id: `l${i}`, y: 1 }));
			expect((await post(sb, '/users/track', { attributes: many, events: events.slice(0, 70) })).status).toBe(201);
			expect((await post(sb, '/users/track', { events: [...events, ...events.slice(0, 6)] })).status).toBe(400);
		});

		it('implements array add/remove, the 25 cap, null removal and _merge_objects', async () => {
			const first = Array.from({ length: 24 }, (_, i) => `v${i}`);
			await post(sb, '/users/track', { attributes: [{ external_id: 'arr', tags: first, pet: { name: 'Rex', age: 3 }, gone: 'soon' }] });
			await post(sb, '/users/track', { attributes: [{ external_id: 'arr', tags: { add: ['v0', 'new1', 'new2'], remove: ['v5'] }, gone: null, _merge_objects: true, pet: { age: 4 } }] });
			const u = sb.state.user('arr')!;
			const tags = u.custom_attributes.tags as string[];
			expect(tags).toHaveLength(25);
			expect(tags.slice(-3)).toEqual(['v0', 'new1', 'new2']);
			expect(tags).not.toContain('v5');
			expect(tags.filter((t) => t === 'v0')).toHaveLength(1);
			expect(u.custom_attributes.pet).toEqual({ name: 'Rex', age: 4 });
			expect('gone' in u.custom_attributes).toBe(false);
			await post(sb, '/users/track', { attributes: [{ external_id: 'arr', pet: { age: 5 } }] });
			expect(u.custom_attributes.pet).toEqual({ age: 5 });
		});

		it('follows Braze identifier rules: aliases update only, email creates an email-only user', async () => {
			const alias = { alias_name: 'anon-1', alias_label: 'web' };
			await post(sb, '/users/track', { attributes: [{ user_alias: alias, x: 1 }], events: [{ user_alias: alias, name: 'e', time: '2024-01-01T00:00:00Z' }] });
			expect(sb.state.users.size).toBe(0);
			await post(sb, '/users/track', { attributes: [{ user_alias: alias, x: 1, _update_existing_only: false }] });
			expect(sb.state.users.byAliasOf(alias)?.custom_attributes.x).toBe(1);
			await post(sb, '/users/track', { attributes: [{ external_id: 'nope', _update_existing_only: true, x: 1 }] });
			expect(sb.state.user('nope')).toBeUndefined();
			await post(sb, '/users/track', { events: [{ email: 'only@mail.io', name: 'e', time: '2024-01-01T00:00:00Z' }] });
			const emailOnly = sb.state.users.withEmail('only@mail.io');
			expect(emailOnly).toHaveLength(1);
			expect(emailOnly[0].external_id).toBeUndefined();
		});
	});

	describe('rate limits', () => {
		it('sends X-RateLimit headers with an absolute reset in epoch seconds', async () => {
			const before = Date.now();
			const a = await post(sb, '/users/track', {});
			const b = await post(sb, '/users/track', {});
			expect(a.headers.get('x-ratelimit-limit')).toBe('3000');
			expect(Number(b.headers.get('x-ratelimit-remaining'))).toBe(Number(a.headers.get('x-ratelimit-remaining')) - 1);
			const reset = Number(a.headers.get('x-ratelimit-reset'));
			expect(reset).toBeGreaterThanOrEqual(Math.floor(before / 1000));
			expect(reset).toBeLessThanOrEqual(Math.ceil(before / 1000) + 4);
			expect((await post(sb, '/users/export/ids', { external_ids: ['x'] })).headers.get('x-ratelimit-limit')).toBe('250');
			// Even refusals carry the headers.
			expect((await post(sb, '/users/track', {}, { key: 'bad-key-000' })).headers.get('x-ratelimit-limit')).toBe('3000');
		});

		it('answers 429 over a small limit, applies nothing, and keeps buckets apart', async () => {
			const small = await startSandbox({ rateLimit: { limit: 2, windowMs: 86_400_000 } });
			try {
				expect((await post(small, '/users/track', { attributes: [{ external_id: 'r1', a: 1 }] })).status).toBe(201);
				expect((await post(small, '/users/track', { attributes: [{ external_id: 'r2', a: 1 }] })).status).toBe(201);
				const refused = await post(small, '/users/track', { attributes: [{ external_id: 'r3', a: 1 }] });
				expect(refused.status).toBe(429);
				expect(refused.body).toEqual({ message: 'Rate Limit Exceeded' });
				expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
				expect(small.state.user('r3')).toBeUndefined();
				expect((await post(small, '/users/export/ids', { external_ids: ['r1'], fields_to_export: ['external_id'] })).status).toBe(201);
				small.setOptions({ rateLimit: null });
				expect((await post(small, '/users/track', { attributes: [{ external_id: 'r3', a: 1 }] })).status).toBe(201);
				expect((await get(small, '/_sandbox/stats')).body.sent_429_rate_limit).toBe(1);
			} finally {
				await small.close();
			}
		});
	});

	describe('fault injection', () => {
		it('rate429 answers 429 with Remaining 0 and Reset about a second ahead, without applying', async () => {
			sb.setFaults({ rate429: 1 });
			const now = Date.now();
			const r = await post(sb, '/users/track', { attributes: [{ external_id: 'f1', a: 1 }] });
			expect(r.status).toBe(429);
			expect(r.headers.get('x-ratelimit-remaining')).toBe('0');
			const reset = Number(r.headers.get('x-ratelimit-reset'));
			expect(reset).toBeGreaterThanOrEqual(Math.floor(now / 1000) + 1);
			expect(reset).toBeLessThanOrEqual(Math.ceil(now / 1000) + 2);
			expect(sb.state.user('f1')).toBeUndefined();
			// Control endpoints are never faulted.
			expect((await get(sb, '/_sandbox/stats')).body.sent_429_fault).toBe(1);
		});

		it('rate5xx answers 500/502/503 without applying', async () => {
			await post(sb, '/_sandbox/faults', { rate5xx: 1 }, { key: null });
			const r = await post(sb, '/users/track', { attributes: [{ external_id: 'f2', a: 1 }] });
			expect([500, 502, 503]).toContain(r.status);
			expect(r.body).toEqual({ message: 'Internal Server Error' });
			expect(sb.state.user('f2')).toBeUndefined();
		});

		it('rateDrop kills the socket; with dropAfterApply the change lands anyway', async () => {
			sb.setFaults({ rateDrop: 1 });
			await expect(post(sb, '/users/track', { attributes: [{ external_id: 'd1', a: 1 }] })).rejects.toThrow();
			expect(sb.state.user('d1')).toBeUndefined();
			sb.setFaults({ rateDrop: 1, dropAfterApply: true });
			await expect(post(sb, '/users/track', { attributes: [{ external_id: 'd2', a: 1 }] })).rejects.toThrow();
			expect(sb.state.user('d2')).toBeDefined();
			sb.setFaults({});
			const stats = (await get(sb, '/_sandbox/stats')).body;
			expect(stats.drops).toBe(2);
			expect(stats.drops_after_apply).toBe(1);
		});

		it('is repeatable for one seed', async () => {
			const statuses = async (opts: SandboxOptions) => {
				const s = await startSandbox(opts);
				try {
					const out: number[] = [];
					for (let i = 0; i < 20; i++) out.push((await post(s, '/users/track', {})).status);
					return out;
				} finally {
					await s.close();
				}
			};
			const a = await statuses({ seed: 7, faults: { rate5xx: 0.3, rate429: 0.2 } });
			const b = await statuses({ seed: 7, faults: { rate5xx: 0.3, rate429: 0.2 } });
			expect(a).toEqual(b);
			expect(new Set(a).size).toBeGreaterThan(1);
		});

		it('latencyMs delays the answer', async () => {
			sb.setOptions({ latencyMs: 150 });
			const t = Date.now();
			await post(sb, '/users/track', {});
			expect(Date.now() - t).toBeGreaterThanOrEqual(140);
		});
	});

	describe('email and subscriptions', () => {
		it('keeps an /email/status state for an address no user has, and applies it when a user gets it', async () => {
			expect((await post(sb, '/email/status', { email: 'Later@Mail.io', subscription_state: 'opted_in' })).status).toBe(201);
			await post(sb, '/users/track', { attributes: [{ external_id: 'late', email: 'later@mail.io' }] });
			expect(sb.state.user('late')!.email_subscribe).toBe('opted_in');
			await post(sb, '/email/blocklist', { email: ['later@mail.io'] });
			expect(sb.state.user('late')!.email_subscribe).toBe('unsubscribed');
			const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
			const bounces = await get(sb, `/email/hard_bounces?end_date=${tomorrow}&email=later@mail.io`);
			expect(bounces.body.emails).toEqual([{ email: 'later@mail.io', hard_bounced_at: expect.any(String) }]);
		});

		it('v2 refuses emails and phones in one group entry, applying nothing', async () => {
			await post(sb, '/users/track', { attributes: [{ external_id: 's1' }] });
			const r = await post(sb, '/v2/subscription/status/set', {
				subscription_groups: [
					{ subscription_group_id: 'g1', subscription_state: 'subscribed', external_ids: ['s1'] },
					{ subscription_group_id: 'g2', subscription_state: 'subscribed', emails: ['a@b.io'], phones: ['+14155550100'] },
				],
			});
			expect(r.status).toBe(400);
			expect(r.body).toEqual({ message: 'Either an email address or a phone number should be provided, but not both.' });
			expect(sb.state.user('s1')!.subscription_groups).toEqual({});
			const ok = await post(sb, '/v2/subscription/status/set', { subscription_groups: [{ subscription_group_id: 'g1', subscription_state: 'subscribed', external_ids: ['s1'] }] });
			expect(ok.status).toBe(201);
			expect(sb.state.user('s1')!.subscription_groups).toEqual({ g1: 'subscribed' });
			const status = await get(sb, '/subscription/status/get?subscription_group_id=g1&external_id[]=s1&external_id[]=nobody');
			expect(status.body).toEqual({ status: { s1: 'Subscribed', nobody: 'Unknown' }, message: 'success' });
		});

		it('pages /subscription/user/status with limit and offset', async () => {
			const groups = Array.from({ length: 5 }, (_, i) => ({ subscription_group_id: `g${i}`, subscription_state: 'subscribed' }));
			await post(sb, '/users/track', { attributes: [{ external_id: 'p1', subscription_groups: groups }] });
			const page = await get(sb, '/subscription/user/status?external_id=p1&limit=2&offset=3');
			expect(page.body.success).toBe(true);
			expect(page.body.subscription_groups.map((g: any) => g.subscription_group_id)).toEqual(['g3', 'g4']);
			expect((await get(sb, '/subscription/user/status?external_id=p1&limit=101')).status).toBe(400);
		});

		it('pages /email/unsubscribes (max 500) and needs end_date plus start_date or email', async () => {
			await post(sb, '/email/status', { email: ['u1@x.io', 'u2@x.io', 'u3@x.io'], subscription_state: 'unsubscribed' });
			const today = new Date().toISOString().slice(0, 10);
			const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
			const first = await get(sb, `/email/unsubscribes?start_date=${today}&end_date=${tomorrow}&limit=2`);
			const second = await get(sb, `/email/unsubscribes?start_date=${today}&end_date=${tomorrow}&limit=2&offset=2`);
			expect(first.body.emails).toHaveLength(2);
			expect(second.body.emails).toHaveLength(1);
			const all = [...first.body.emails, ...second.body.emails].map((e: any) => e.email).sort();
			expect(all).toEqual(['u1@x.io', 'u2@x.io', 'u3@x.io']);
			expect((await get(sb, `/email/unsubscribes?start_date=${today}&end_date=${tomorrow}&limit=501`)).status).toBe(400);
			expect((await get(sb, `/email/unsubscribes?end_date=${tomorrow}`)).status).toBe(400);
		});

		it('pages /sms/invalid_phone_numbers', async () => {
			await post(sb, '/_sandbox/seed', { invalid_phone_numbers: ['+1555', '+1556', '+1557'] }, { key: null });
			const r = await get(sb, '/sms/invalid_phone_numbers?phone_numbers[]=%2B1556&phone_numbers[]=%2B1557&limit=1&offset=1');
			expect(r.body.sms).toEqual([{ phone: '+1557', invalid_detected_at: expect.any(String) }]);
		});
	});

	describe('user endpoints', () => {
		it('exports in Braze shape, honours fields_to_export and lists invalid ids', async () => {
			await post(sb, '/users/track', {
				attributes: [{ external_id: 'x1', first_name: 'Lin', email: 'lin@x.io', score: 3 }],
				events: [ev('x1', 'a'), ev('x1', 'a', { time: '2024-06-01T00:00:00Z' })],
				purchases: [{ external_id: 'x1', product_id: 'sku', currency: 'USD', price: 2, quantity: 3, time: '2024-01-01T00:00:00Z' }],
			});
			// A workspace onboarded before 2024-08-22 may omit fields_to_export and gets every field.
			sb.setOptions({ exportFieldsRequired: false });
			const full = await post(sb, '/users/export/ids', { external_ids: ['x1', 'ghost'] });
			sb.setOptions({ exportFieldsRequired: true });
			expect(full.status).toBe(201);
			expect(full.body.message).toBe('success');
			expect(full.body.invalid_user_ids).toEqual(['ghost']);
			const u = full.body.users[0];
			expect(u).toMatchObject({ external_id: 'x1', first_name: 'Lin', email: 'lin@x.io', custom_attributes: { score: 3 }, total_revenue: 6 });
			expect(u.braze_id).toMatch(/^[0-9a-f]{24}$/);
			expect(u.custom_events).toEqual([{ name: 'a', first: '2024-05-01T10:00:00.000Z', last: '2024-06-01T00:00:00.000Z', count: 2 }]);
			expect(u.purchases).toEqual([expect.objectContaining({ name: 'sku', count: 3 })]);
			const some = await post(sb, '/users/export/ids', { external_ids: ['x1'], fields_to_export: ['external_id', 'custom_attributes'] });
			expect(some.body.users).toEqual([{ external_id: 'x1', custom_attributes: { score: 3 } }]);
			expect(some.body.invalid_user_ids).toBeUndefined();
		});

		it('refuses more than 50 ids', async () => {
			const ids = Array.from({ length: 51 }, (_, i) => `id${i}`);
			expect(await post(sb, '/users/export/ids', { external_ids: ids })).toMatchObject({ status: 400, body: { message: 'The max number of ids per request was exceeded' } });
			expect((await post(sb, '/users/delete', { external_ids: ids })).status).toBe(400);
		});

		it('renames and removes external ids with per-item errors by index', async () => {
			await post(sb, '/users/track', { attributes: [{ external_id: 'old' }, { external_id: 'taken' }] });
			const r = await post(sb, '/users/external_ids/rename', {
				external_id_renames: [
					{ current_external_id: 'old', new_external_id: 'new' },
					{ current_external_id: 'missing', new_external_id: 'n2' },
					{ current_external_id: 'taken', new_external_id: 'new' },
				],
			});
			expect(r.status).toBe(201);
			expect(r.body.message).toBe('success');
			expect(r.body.external_ids).toEqual(['old']);
			expect(r.body.rename_errors.map((e: [number, string]) => e[0])).toEqual([1, 2]);
			// The deprecated id still resolves to the renamed user.
			expect(sb.state.user('old')!.external_id).toBe('new');
			const rm = await post(sb, '/users/external_ids/remove', { external_ids: ['new', 'old', 'never'] });
			expect(rm.body.removed_ids).toEqual(['old']);
			expect(rm.body.removal_errors.map((e: [number, string]) => e[0])).toEqual([0, 2]);
			expect(sb.state.user('old')).toBeUndefined();
			expect((await post(sb, '/users/external_ids/rename', { external_id_renames: [] })).status).toBe(400);
		});

		it('identifies an alias-only user, merges with 202 and deletes with a count', async () => {
			const alias = { alias_name: 'a1', alias_label: 'crm' };
			await post(sb, '/users/alias/new', { user_aliases: [alias] });
			await post(sb, '/users/track', { events: [{ user_alias: alias, name: 'anon', time: '2024-01-01T00:00:00Z' }], attributes: [{ external_id: 'known', k: 1 }] });
			const id = await post(sb, '/users/identify', { aliases_to_identify: [{ external_id: 'known', user_alias: alias }] });
			expect(id.body).toEqual({ message: 'success', aliases_processed: 1 });
			expect(sb.state.users.size).toBe(1);
			expect(sb.state.user('known')!.custom_events.map((e) => e.name)).toEqual(['anon']);
			await post(sb, '/users/track', { attributes: [{ external_id: 'dup', d: 2 }] });
			const merged = await post(sb, '/users/merge', { merge_updates: [{ identifier_to_merge: { external_id: 'dup' }, identifier_to_keep: { external_id: 'known' } }] });
			expect(merged).toMatchObject({ status: 202, body: { message: 'success' } });
			expect(sb.state.user('known')!.custom_attributes).toEqual({ k: 1, d: 2 });
			expect((await post(sb, '/users/merge', { merge_updates: [{ identifier_to_merge: { external_id: 'a' }, identifier_to_keep: { external_id: 'b' }, x: 1 }] })).body.message).toBe(
				"'merge_updates' must only have 'identifier_to_merge' and 'identifier_to_keep'",
			);
			expect((await post(sb, '/users/delete', { external_ids: ['known', 'ghost'] })).body).toEqual({ deleted: 1 });
		});
	});

	describe('messaging and lists', () => {
		it('deduplicates transactional sends on external_send_id', async () => {
			const route = `/transactional/v1/campaigns/${FIXTURE_IDS.campaigns.receipt}/send`;
			const body = { external_send_id: 'order-42', recipient: { external_user_id: 't1', attributes: { first_name: 'T' } } };
			const a = await post(sb, route, body);
			const b = await post(sb, route, body);
			expect(a.status).toBe(201);
			expect(a.body).toEqual({ dispatch_id: expect.any(String), status: 'queued', metadata: { external_send_id: 'order-42' } });
			expect(b.body.dispatch_id).toBe(a.body.dispatch_id);
			expect(sb.state.sends.records).toHaveLength(1);
			expect(sb.state.user('t1')!.attributes.first_name).toBe('T');
			expect((await post(sb, `/transactional/v1/campaigns/${FIXTURE_IDS.campaigns.welcome}/send`, body)).status).toBe(400);
			expect((await post(sb, '/transactional/v1/campaigns/nope/send', body)).status).toBe(404);
		});

		it('records trigger sends and returns a notice for a paused Canvas', async () => {
			const c = await post(sb, '/campaigns/trigger/send', { campaign_id: FIXTURE_IDS.campaigns.welcome, recipients: [{ external_user_id: 'm1' }] });
			expect(c.body).toEqual({ message: 'success', dispatch_id: expect.any(String) });
			expect(sb.state.sends.records[0].recipients[0]).toMatchObject({ external_user_id: 'm1', matched: false });
			const v = await post(sb, '/canvas/trigger/send', { canvas_id: FIXTURE_IDS.canvases.winback, broadcast: true });
			expect(v.body.notice).toMatch(/paused/);
			expect((await post(sb, '/campaigns/trigger/send', { campaign_id: FIXTURE_IDS.campaigns.welcome })).body.message).toBe('No Recipients');
		});

		it('pages campaign lists 100 at a time and hides archived ones by default', async () => {
			expect((await get(sb, '/campaigns/list')).body.campaigns).toHaveLength(2);
			expect((await get(sb, '/campaigns/list?include_archived=true')).body.campaigns).toHaveLength(3);
			await post(sb, '/_sandbox/seed', { campaigns: 150 }, { key: null });
			expect((await get(sb, '/campaigns/list?page=0')).body.campaigns).toHaveLength(100);
			expect((await get(sb, '/campaigns/list?page=1')).body.campaigns).toHaveLength(52);
			expect((await get(sb, '/segments/list')).body.segments).toHaveLength(3);
		});
	});

	describe('partner cohorts', () => {
		const keys = { partner_api_key: 'sandbox-partner-key', client_secret: 'sandbox-data-import-key' };

		it('checks the partner keys in the body', async () => {
			expect(await post(sb, '/partners/sandbox-partner/cohorts/users', { ...keys, partner_api_key: 'x', cohort_id: 'c', cohort_changes: [] }, { key: null })).toMatchObject({
				status: 401,
				body: { message: 'Invalid Partner API key' },
			});
			expect((await post(sb, '/partners/sandbox-partner/cohorts/users', { ...keys, client_secret: 'x', cohort_id: 'c', cohort_changes: [] }, { key: null })).body).toEqual({
				message: 'Invalid client secret',
			});
			// Partners test credentials with an empty change list.
			expect((await post(sb, '/partners/sandbox-partner/cohorts/users', { ...keys, cohort_id: 'placeholder', cohort_changes: [] }, { key: null })).status).toBe(201);
		});

		it('caps a request at 1,000 ids and applies adds and removes', async () => {
			const route = '/partners/sandbox-partner/cohorts';
			expect((await post(sb, route, { ...keys, cohort_id: 'c1', name: 'Buyers', created_at: '2024-01-01T00:00:00Z' }, { key: null })).status).toBe(201);
			expect((await post(sb, route, { ...keys, cohort_id: 'c1', name: '', created_at: '2024-01-01T00:00:00Z' }, { key: null })).body.message).toBe('name must be a non-empty string');
			const ids = Array.from({ length: 999 }, (_, i) => `u${i}`);
			const tooMany = await post(sb, `${route}/users`, { ...keys, cohort_id: 'c1', cohort_changes: [{ user_ids: ids }, { aliases: [{ alias_name: 'a', alias_label: 'l' }, { alias_name: 'b', alias_label: 'l' }] }] }, { key: null });
			expect(tooMany).toMatchObject({ status: 400, body: { message: 'Only 1,000 user_ids, device_ids, and aliases are allowed per request' } });
			expect(sb.state.cohorts.get('c1')!.members.size).toBe(0);
			// 998 + 1 device + 1 removal = exactly 1,000, the most one request may carry.
			const ok = await post(sb, `${route}/users`, { ...keys, cohort_id: 'c1', cohort_changes: [{ user_ids: ids.slice(0, 998), device_ids: ['d1'] }, { user_ids: ['u0'], should_remove: true }] }, { key: null });
			expect(ok.status).toBe(201);
			const members = sb.state.cohorts.get('c1')!.members;
			expect(members.size).toBe(998);
			expect(members.has('user_id:u0')).toBe(false);
			expect(members.has('device_id:d1')).toBe(true);
			expect(sb.state.cohorts.get('c1')!.name).toBe('Buyers');
		});
	});

	describe('control endpoints', () => {
		it('logs requests, filters by path and resets', async () => {
			await post(sb, '/users/track', { attributes: [{ external_id: 'log1' }] });
			await get(sb, '/campaigns/list');
			const log = await get(sb, '/_sandbox/requests?path=/users/track', { key: null });
			expect(log.body.requests).toHaveLength(1);
			expect(log.body.requests[0]).toMatchObject({ method: 'POST', path: '/users/track', status: 201, body: { attributes: [{ external_id: 'log1' }] } });
			expect((await get(sb, '/_sandbox/users/log1', { key: null })).body.external_id).toBe('log1');
			expect((await get(sb, '/_sandbox/users/ghost', { key: null })).status).toBe(404);
			const state = (await get(sb, '/_sandbox/state', { key: null })).body;
			expect(state.users).toHaveLength(1);
			await post(sb, '/_sandbox/reset', {}, { key: null });
			expect(sb.state.users.size).toBe(0);
			expect((await get(sb, '/_sandbox/requests', { key: null })).body.requests).toHaveLength(0);
		});
	});
});

describe('sandbox CLI', () => {
	it('prints the listening line and stops on SIGTERM', async () => {
		const root = path.resolve(__dirname, '../..');
		const child = spawn(path.join(root, 'node_modules/.bin/tsx'), ['sandbox/main.ts', '--port', '0', '--fault-5xx', '1'], { cwd: root });
		const line = await new Promise<string>((resolve, reject) => {
			child.stdout.on('data', (d: Buffer) => resolve(d.toString()));
			child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
		});
		const m = /^Braze sandbox listening on (http:\/\/127\.0\.0\.1:\d+)\n$/.exec(line);
		expect(m).not.toBeNull();
		const r = await fetch(`${m![1]}/users/track`, { method: 'POST', headers: { authorization: `Bearer ${KEY}` }, body: '{}' });
		expect(r.status).toBeGreaterThanOrEqual(500);
		const code = await new Promise<number | null>((resolve) => {
			child.once('exit', resolve);
			child.kill('SIGTERM');
		});
		expect(code).toBe(0);
	}, 30_000);
});
