/* eslint-disable @typescript-eslint/no-explicit-any */
// Test code: raw HTTP against the sandbox, read loosely as JSON.
import { FIXTURE_IDS, startSandbox, type Sandbox } from '../../sandbox/server';

// Each strictness the sandbox adds to match Braze's docs (sandbox/README.md, "Audit"), over real HTTP.

const KEY = 'sandbox-api-key';

async function call(sb: Sandbox, method: string, route: string, body?: unknown): Promise<{ status: number; body: any }> {
	const r = await fetch(sb.url + route, {
		method,
		headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await r.text();
	return { status: r.status, body: text ? JSON.parse(text) : undefined };
}
const post = (sb: Sandbox, route: string, body: unknown) => call(sb, 'POST', route, body);
const get = (sb: Sandbox, route: string) => call(sb, 'GET', route);

const ids = (n: number, prefix = 'u') => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
const group = (extra: Record<string, unknown>) => ({ subscription_group_id: 'g1', subscription_state: 'subscribed', ...extra });

describe('sandbox strictness (Braze docs)', () => {
	let sb: Sandbox;
	beforeAll(async () => {
		sb = await startSandbox();
	});
	afterAll(() => sb.close());
	beforeEach(() => sb.reset());

	describe('/v2/subscription/status/set', () => {
		it('refuses more than 50 users summed over all groups, and changes nothing', async () => {
			await post(sb, '/users/track', { attributes: [{ external_id: 'u0', first_name: 'A' }] });
			const r = await post(sb, '/v2/subscription/status/set', {
				subscription_groups: [group({ external_ids: ids(30) }), group({ subscription_group_id: 'g2', external_ids: ids(21, 'v') })],
			});
			expect(r).toEqual({ status: 400, body: { message: 'A request may update the subscription state of at most 50 users' } });
			expect(sb.state.user('u0')?.subscription_groups).toEqual({});
			// Exactly 50 in total is accepted.
			const ok = await post(sb, '/v2/subscription/status/set', {
				subscription_groups: [group({ external_ids: ids(30) }), group({ subscription_group_id: 'g2', external_ids: ids(20, 'v') })],
			});
			expect(ok).toEqual({ status: 201, body: { message: 'success' } });
			expect(sb.state.user('u0')?.subscription_groups).toEqual({ g1: 'subscribed' });
		});

		it('refuses 80 users in one group (over the 50 cap)', async () => {
			const r = await post(sb, '/v2/subscription/status/set', { subscription_groups: [group({ emails: ids(80).map((x) => `${x}@example.com`) })] });
			expect(r.status).toBe(400);
			expect(r.body.message).toMatch(/at most 50|max number of ids/);
		});

		it('refuses emails and phones in one request even when they are in different groups', async () => {
			const r = await post(sb, '/v2/subscription/status/set', {
				subscription_groups: [group({ emails: ['a@example.com'] }), group({ subscription_group_id: 'g2', phones: ['+15555550100'] })],
			});
			expect(r).toEqual({ status: 400, body: { message: 'Either an email address or a phone number should be provided, but not both.' } });
		});

		it.each(['15555550100', '+1 555 555 0100', '+1-555-555-0100', '(555) 555-0100', '+05555550100', '+1234567890123456', '+141555'])(
			'refuses the non-E.164 phone %p',
			async (phone) => {
				const r = await post(sb, '/v2/subscription/status/set', { subscription_groups: [group({ phones: [phone] })] });
				expect(r).toEqual({ status: 400, body: { message: "'phone' numbers must be in E.164 format" } });
				expect(sb.state.users.size).toBe(0);
			},
		);

		it('accepts E.164 phones', async () => {
			const r = await post(sb, '/v2/subscription/status/set', { subscription_groups: [group({ phones: ['+15555550100', '+4930123'] })] });
			expect(r).toEqual({ status: 201, body: { message: 'success' } });
		});
	});

	describe('/subscription/status/set (v1) and GET /subscription/status/get', () => {
		it('v1 refuses a phone that is not E.164', async () => {
			const r = await post(sb, '/subscription/status/set', { subscription_group_id: 'g1', subscription_state: 'subscribed', phone: ['555-555-0100'] });
			expect(r).toEqual({ status: 400, body: { message: "'phone' numbers must be in E.164 format" } });
		});

		it('v1 refuses more than 50 users in total (external_id plus email)', async () => {
			const r = await post(sb, '/subscription/status/set', {
				subscription_group_id: 'g1',
				subscription_state: 'subscribed',
				external_id: ids(30),
				email: ids(21).map((x) => `${x}@example.com`),
			});
			expect(r).toEqual({ status: 400, body: { message: 'A request may update the subscription state of at most 50 users' } });
			expect(sb.state.users.size).toBe(0);
		});

		it('GET status refuses a phone that is not E.164 (an unencoded + arrives as a space)', async () => {
			const bad = await get(sb, '/subscription/status/get?subscription_group_id=g1&phone=+15555550100');
			expect(bad).toEqual({ status: 400, body: { message: "'phone' numbers must be in E.164 format" } });
			const ok = await get(sb, '/subscription/status/get?subscription_group_id=g1&phone=%2B15555550100');
			expect(ok).toEqual({ status: 200, body: { status: { '+15555550100': 'Unknown' }, message: 'success' } });
		});
	});

	describe('/users/export/ids', () => {
		it('refuses a request without fields_to_export by default (workspaces onboarded on or after 2024-08-22)', async () => {
			await post(sb, '/users/track', { attributes: [{ external_id: 'a', first_name: 'A' }] });
			const message = "'fields_to_export' is required for workspaces onboarded on or after 2024-08-22";
			expect(await post(sb, '/users/export/ids', { external_ids: ['a'] })).toEqual({ status: 400, body: { message } });
			expect(await post(sb, '/users/export/ids', { external_ids: ['a'], fields_to_export: [] })).toEqual({ status: 400, body: { message } });
			const ok = await post(sb, '/users/export/ids', { external_ids: ['a'], fields_to_export: ['first_name'] });
			expect(ok.status).toBe(201);
			expect(ok.body.users).toEqual([{ first_name: 'A' }]);
		});

		it('accepts a request without fields_to_export when exportFieldsRequired is false, also through /_sandbox/options', async () => {
			await post(sb, '/users/track', { attributes: [{ external_id: 'a', first_name: 'A' }] });
			sb.setOptions({ exportFieldsRequired: false });
			const r = await post(sb, '/users/export/ids', { external_ids: ['a'] });
			expect(r.status).toBe(201);
			expect(r.body.users[0]).toMatchObject({ external_id: 'a', first_name: 'A' });
			await fetch(`${sb.url}/_sandbox/options`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ exportFieldsRequired: true }) });
			expect((await post(sb, '/users/export/ids', { external_ids: ['a'] })).status).toBe(400);
			// reset() restores the start option (required).
			sb.setOptions({ exportFieldsRequired: false });
			sb.reset();
			expect((await post(sb, '/users/export/ids', { external_ids: ['a'] })).status).toBe(400);
		});

		it('counts external_ids and user_aliases together against the 50 cap', async () => {
			const aliases = ids(20).map((n) => ({ alias_name: n, alias_label: 'l' }));
			const r = await post(sb, '/users/export/ids', { external_ids: ids(31), user_aliases: aliases, fields_to_export: ['email'] });
			expect(r).toEqual({ status: 400, body: { message: 'The max number of ids per request was exceeded' } });
		});

		it('refuses a phone that is not E.164 and an invalid email_address', async () => {
			expect(await post(sb, '/users/export/ids', { phone: '5555550100', fields_to_export: ['email'] })).toEqual({
				status: 400,
				body: { message: "'phone' numbers must be in E.164 format" },
			});
			expect(await post(sb, '/users/export/ids', { email_address: 'not-an-email', fields_to_export: ['email'] })).toEqual({
				status: 400,
				body: { message: "'email_address' is not a valid email address" },
			});
		});
	});

	describe('/users/merge', () => {
		const merge = (identifier_to_merge: unknown, identifier_to_keep: unknown = { external_id: 'keep' }) => ({ merge_updates: [{ identifier_to_merge, identifier_to_keep }] });
		const PRIORITIZATION_REQUIRED = "'prioritization' is required when an identifier is an 'email' or 'phone'";

		it('refuses an email or phone identifier without prioritization', async () => {
			expect(await post(sb, '/users/merge', merge({ email: 'a@example.com' }))).toEqual({ status: 400, body: { message: PRIORITIZATION_REQUIRED } });
			expect(await post(sb, '/users/merge', merge({ external_id: 'm' }, { phone: '+15555550100' }))).toEqual({ status: 400, body: { message: PRIORITIZATION_REQUIRED } });
		});

		it('refuses a prioritization with both identified and unidentified, or an unknown value', async () => {
			const both = await post(sb, '/users/merge', merge({ email: 'a@example.com', prioritization: ['identified', 'unidentified'] }));
			expect(both).toEqual({ status: 400, body: { message: "'prioritization' may contain only one of identified and unidentified" } });
			const unknown = await post(sb, '/users/merge', merge({ email: 'a@example.com', prioritization: ['newest'] }));
			expect(unknown.status).toBe(400);
			expect(unknown.body.message).toMatch(/^'prioritization' must be a non-empty array of/);
		});

		it('refuses an identifier that names two users at once, and a non-E.164 phone', async () => {
			const two = await post(sb, '/users/merge', merge({ external_id: 'm', email: 'a@example.com', prioritization: ['unidentified'] }));
			expect(two.status).toBe(400);
			expect(two.body.message).toMatch(/^identifiers must be objects with an 'external_id' property/);
			const phone = await post(sb, '/users/merge', merge({ phone: '555 555 0100', prioritization: ['unidentified'] }));
			expect(phone).toEqual({ status: 400, body: { message: "'phone' numbers must be in E.164 format" } });
		});

		it('accepts the documented email-into-external_id merge with 202', async () => {
			const r = await post(sb, '/users/merge', merge({ email: 'a@example.com', prioritization: ['unidentified', 'most_recently_updated'] }));
			expect(r).toEqual({ status: 202, body: { message: 'success' } });
		});
	});

	describe('/users/identify', () => {
		const alias = { external_id: 'e1', user_alias: { alias_name: 'n', alias_label: 'l' } };

		it("refuses a merge_behavior other than 'none' or 'merge'", async () => {
			const r = await post(sb, '/users/identify', { aliases_to_identify: [alias], merge_behavior: 'keep' });
			expect(r).toEqual({ status: 400, body: { message: "merge_behavior must be one of 'none' or 'merge'" } });
			for (const merge_behavior of ['none', 'merge']) {
				expect(await post(sb, '/users/identify', { aliases_to_identify: [alias], merge_behavior })).toEqual({ status: 201, body: { aliases_processed: 1, message: 'success' } });
			}
		});

		it('refuses a phone that is not E.164 and an email without prioritization', async () => {
			const phone = await post(sb, '/users/identify', { phone_numbers_to_identify: [{ external_id: 'e1', phone: '5555550100', prioritization: ['unidentified'] }] });
			expect(phone).toEqual({ status: 400, body: { message: "'phone_numbers_to_identify' items need a string 'external_id' and a 'phone' in E.164 format" } });
			const email = await post(sb, '/users/identify', { emails_to_identify: [{ external_id: 'e1', email: 'a@example.com' }] });
			expect(email.status).toBe(400);
			expect(email.body.message).toMatch(/^'prioritization' must be a non-empty array/);
		});
	});

	describe('/users/delete', () => {
		it('refuses two identifier types in one request, and deletes nothing', async () => {
			await post(sb, '/users/track', { attributes: [{ external_id: 'a', first_name: 'A' }] });
			const r = await post(sb, '/users/delete', { external_ids: ['a'], braze_ids: ['x'] });
			expect(r).toEqual({ status: 400, body: { message: 'Only one type of identifier may be given per request' } });
			expect(sb.state.user('a')).toBeDefined();
		});

		it('refuses a phone without prioritization, a non-E.164 phone and least_recently_updated', async () => {
			expect(await post(sb, '/users/delete', { phone_numbers: ['+15555550100'] })).toEqual({
				status: 400,
				body: { message: "'phone_numbers' items need a string 'phone' and 'prioritization'" },
			});
			expect(await post(sb, '/users/delete', { phone_numbers: [{ phone: '15555550100', prioritization: ['unidentified'] }] })).toEqual({
				status: 400,
				body: { message: "'phone' numbers must be in E.164 format" },
			});
			expect(await post(sb, '/users/delete', { email_addresses: [{ email: 'a@example.com', prioritization: ['least_recently_updated'] }] })).toEqual({
				status: 400,
				body: { message: "'prioritization' must be a non-empty array of identified, unidentified, most_recently_updated" },
			});
			expect(await post(sb, '/users/delete', { phone_numbers: [{ phone: '+15555550100', prioritization: ['unidentified'] }] })).toEqual({ status: 201, body: { deleted: 0 } });
		});
	});

	describe('/campaigns/trigger/send and /canvas/trigger/send', () => {
		it('refuses an email recipient without prioritization, and sends nothing', async () => {
			const message = "'prioritization' is required when an identifier is an 'email' or 'phone'";
			const campaign = await post(sb, '/campaigns/trigger/send', { campaign_id: FIXTURE_IDS.campaigns.welcome, recipients: [{ email: 'a@example.com' }] });
			expect(campaign).toEqual({ status: 400, body: { message } });
			const canvas = await post(sb, '/canvas/trigger/send', { canvas_id: FIXTURE_IDS.canvases.onboarding, recipients: [{ email: 'a@example.com' }] });
			expect(canvas).toEqual({ status: 400, body: { message } });
			expect(sb.state.sends.records).toEqual([]);
			const ok = await post(sb, '/campaigns/trigger/send', {
				campaign_id: FIXTURE_IDS.campaigns.welcome,
				recipients: [{ email: 'a@example.com', prioritization: ['identified', 'most_recently_updated'] }],
			});
			expect(ok.status).toBe(201);
		});

		it('refuses an email recipient that is not an email address', async () => {
			const r = await post(sb, '/campaigns/trigger/send', { campaign_id: FIXTURE_IDS.campaigns.welcome, recipients: [{ email: 'nope', prioritization: ['identified'] }] });
			expect(r).toEqual({ status: 400, body: { message: "'email' is not a valid email address" } });
		});
	});

	describe('/users/track', () => {
		it.each(['May 1, 2024', '05/01/2024', '2024-05-01 10:00:00', '1714557600', 'Wed May 01 2024 10:00:00 GMT+0000'])(
			'makes an event with the non-ISO time %p a minor error',
			async (time) => {
				const r = await post(sb, '/users/track', { events: [{ external_id: 'a', name: 'opened', time }] });
				expect(r).toEqual({ status: 201, body: { message: 'success', events_processed: 0, errors: [{ type: "'time' is not a valid time", input_array: 'events', index: 0 }] } });
				expect(sb.state.user('a')).toBeUndefined();
			},
		);

		it.each(['2024-05-01T10:00:00Z', '2024-05-01T10:00:00.123Z', '2024-05-01T10:00:00:123Z', '2024-05-01T10:00:00+01:00', '2024-05-01'])('accepts the event time %p', async (time) => {
			const r = await post(sb, '/users/track', { events: [{ external_id: 'a', name: 'opened', time }] });
			expect(r).toEqual({ status: 201, body: { message: 'success', events_processed: 1 } });
		});

		it('makes a phone identifier that is not E.164 a minor error', async () => {
			const r = await post(sb, '/users/track', { attributes: [{ phone: '555-555-0100', first_name: 'A' }, { phone: '+15555550100', first_name: 'B' }] });
			expect(r).toEqual({ status: 201, body: { message: 'success', attributes_processed: 1, errors: [{ type: "'phone' is not a valid phone number", input_array: 'attributes', index: 0 }] } });
			expect(sb.state.users.size).toBe(1);
		});

		it('refuses 76 objects combined by default and keeps the limit configurable', async () => {
			const attrs = ids(40).map((external_id) => ({ external_id, x: 1 }));
			const events = ids(36).map((external_id) => ({ external_id, name: 'e', time: '2024-05-01T10:00:00Z' }));
			const r = await post(sb, '/users/track', { attributes: attrs, events });
			expect(r.status).toBe(400);
			expect(r.body.message).toBe('Max Input Length Exceeded');
			sb.setOptions({ trackLimit: 'legacy' });
			expect((await post(sb, '/users/track', { attributes: attrs, events })).status).toBe(201);
		});
	});
});
