/* eslint-disable @typescript-eslint/no-explicit-any */
import { Braze } from '../../nodes/Braze/Braze.node';
import { FIXTURE_IDS, type Sandbox, startSandbox } from '../../sandbox/server';
import { FAST, contextFor, json, run, runFailing, seed } from './braze.harness';

const { welcome, receipt, archived } = FIXTURE_IDS.campaigns;
const { onboarding, winback } = FIXTURE_IDS.canvases;
const byId = (value: string) => ({ __rl: true, mode: 'id', value });

describe('Braze node: Message (against the sandbox)', () => {
	let sb: Sandbox;
	beforeAll(async () => {
		sb = await startSandbox();
	});
	afterAll(async () => await sb.close());
	beforeEach(async () => {
		sb.reset();
		for (const start of [0, 60]) {
			const attributes = Array.from({ length: 60 }, (_, i) => ({ external_id: `u${start + i}`, email: `u${start + i}@example.com` }));
			await seed(sb, '/users/track', { attributes });
		}
		sb.state.requests.clear();
	});

	describe('Send Transactional Email', () => {
		const parameters = (recipients: string[], overrides: Record<string, unknown> = {}) => (i: number) => ({
			resource: 'message',
			operation: 'sendTransactionalEmail',
			campaignId: byId(receipt),
			recipientExternalId: recipients[i],
			triggerProperties: JSON.stringify({ order_id: `A-${i}` }),
			externalSendId: '',
			...FAST,
			...overrides,
		});

		it('sends one request per recipient with a deterministic external_send_id, so a rerun sends nothing twice', async () => {
			const recipients = ['u1', 'u2'];
			const first = await run(sb, { items: recipients.map((id) => ({ json: { id } })), parameters: parameters(recipients), executionId: 'exec-42' });
			const bodies = sb.state.requests.list({ path: `/transactional/v1/campaigns/${receipt}/send` }).map((r) => r.body as any);
			expect(bodies).toHaveLength(2);
			expect(bodies[0]).toEqual({
				external_send_id: expect.stringMatching(/^n8n-[A-Za-z0-9_-]{40}$/),
				trigger_properties: { order_id: 'A-0' },
				recipient: { external_user_id: 'u1' },
			});
			expect(bodies[0].external_send_id).not.toBe(bodies[1].external_send_id);
			expect(first.output[0].json).toEqual({
				user: { external_id: 'u1' },
				success: true,
				campaign_id: receipt,
				external_user_id: 'u1',
				external_send_id: bodies[0].external_send_id,
				dispatch_id: expect.any(String),
				status: 'queued',
			});

			// n8n runs the node again for the same execution (Retry On Fail): Braze dedupes, nothing is sent twice.
			const again = await run(sb, { items: recipients.map((id) => ({ json: { id } })), parameters: parameters(recipients), executionId: 'exec-42' });
			expect(again.output[0].json.dispatch_id).toBe(first.output[0].json.dispatch_id);
			expect(sb.state.sends.records.filter((r) => r.type === 'transactional')).toHaveLength(2);
			expect(sb.state.stats.dedupedSends).toBe(2);

			// A new execution is a new send.
			await run(sb, { items: [{ json: {} }], parameters: parameters(recipients), executionId: 'exec-43' });
			expect(sb.state.sends.records.filter((r) => r.type === 'transactional')).toHaveLength(3);
			expect(sb.state.user('u1')!.messages_received).toHaveLength(2);
		});

		it('uses a given External Send ID and recipient attributes', async () => {
			await run(sb, {
				parameters: parameters(['new-user'], {
					externalSendId: 'order-A-1-receipt',
					transactionalOptions: { recipientAttributes: '{"email": "new@example.com"}' },
				}),
			});
			expect(sb.state.requests.list({ path: `/transactional/v1/campaigns/${receipt}/send` })[0].body).toEqual({
				external_send_id: 'order-A-1-receipt',
				trigger_properties: { order_id: 'A-0' },
				recipient: { external_user_id: 'new-user', attributes: { email: 'new@example.com' } },
			});
			expect(sb.state.user('new-user')!.email).toBe('new@example.com');
		});

		it('partial failure: a bad send ID, bad JSON and a non-transactional campaign fail alone; the others are sent', async () => {
			const variants: Array<Record<string, unknown>> = [
				{},
				{ externalSendId: 'has spaces' },
				{ triggerProperties: '{"order_id": ' },
				{ campaignId: byId(welcome) },
				{ campaignId: byId('no-such-campaign') },
				{},
			];
			const { output } = await run(sb, {
				continueOnFail: true,
				items: variants.map(() => ({ json: {} })),
				parameters: (i) => parameters(variants.map((_, n) => `u${n}`), variants[i])(i),
			});
			expect(output[0].json.success).toBe(true);
			expect(output[1].json.error).toMatch(/\[item 1\] external_id "u1": external_send_id may hold only letters, digits and - _ \+ \/ =/);
			expect(output[2].json.error).toMatch(/\[item 2\] Trigger Properties is not valid JSON/);
			expect(output[3].json.error).toMatch(/\[item 3\] .*Braze answered 400: The campaign is not a transactional campaign/);
			expect(output[4].json.error).toMatch(/\[item 4\] .*Braze answered 404: Campaign does not exist/);
			expect(output[5].json.success).toBe(true);
			expect(sb.state.sends.records.map((r) => r.recipients[0].external_user_id)).toEqual(['u0', 'u5']);
		});

		it('fatal error: without transactional.send nothing is sent', async () => {
			sb.setOptions({ permissions: ['users.track'] });
			const error = await runFailing(sb, { parameters: parameters(['u1']) });
			expect(error.message).toMatch(/\[item 0\] external_id "u1": \/transactional\/v1\/campaigns\/.*\/send: Braze refused the request \(403/);
			expect(sb.state.sends.records).toEqual([]);
		});
	});

	describe('Trigger Campaign', () => {
		const parameters = (overrides: Record<string, unknown> = {}) => (i: number) => ({
			resource: 'message',
			operation: 'triggerCampaign',
			campaignId: byId(welcome),
			sendTo: 'recipients',
			identifyBy: 'external_id',
			externalId: `u${i}`,
			triggerProperties: JSON.stringify({ coupon: `C-${i}` }),
			...FAST,
			...overrides,
		});

		it('batches recipients from items by 50, each with its trigger properties', async () => {
			const { output } = await run(sb, { items: Array.from({ length: 120 }, () => ({ json: {} })), parameters: parameters() });
			const bodies = sb.state.requests.list({ path: '/campaigns/trigger/send' }).map((r) => r.body as any);
			expect(bodies.map((b) => b.recipients.length)).toEqual([50, 50, 20]);
			expect(bodies[0].campaign_id).toBe(welcome);
			expect(bodies[0].recipients[1]).toEqual({ external_user_id: 'u1', trigger_properties: { coupon: 'C-1' } });
			expect(output).toHaveLength(120);
			expect(output[119]).toEqual({
				json: { user: { external_id: 'u119' }, success: true, campaign_id: welcome, recipient: { external_id: 'u119' }, dispatch_id: expect.any(String) },
				pairedItem: { item: 119 },
			});
			expect(sb.state.sends.records).toHaveLength(3);
			expect(sb.state.user('u7')!.messages_received).toEqual([expect.objectContaining({ type: 'campaign', id: welcome })]);
		});

		it('sends to emails and aliases, with attributes, Send ID and send_to_existing_only', async () => {
			const recipients = [
				{ identifyBy: 'email', email: 'u3@example.com' },
				{ identifyBy: 'external_id', externalId: 'brand-new', recipientOptions: { sendToExistingOnly: false, attributes: '{"first_name": "Neo"}', sendId: 'launch' } },
			];
			await run(sb, {
				items: recipients.map(() => ({ json: {} })),
				parameters: (i) => ({ ...parameters()(i), triggerProperties: '{}', recipientOptions: { sendId: 'launch' }, ...recipients[i] }),
			});
			const body = sb.state.requests.list({ path: '/campaigns/trigger/send' })[0].body as any;
			expect(body).toEqual({
				campaign_id: welcome,
				send_id: 'launch',
				recipients: [
					{ email: 'u3@example.com', prioritization: ['most_recently_updated'] },
					{ external_user_id: 'brand-new', attributes: { first_name: 'Neo' }, send_to_existing_only: false },
				],
			});
			expect(sb.state.user('brand-new')!.attributes.first_name).toBe('Neo');
		});

		it('partial failure: bad items fail alone with their reason; the others are sent', async () => {
			const overrides: Array<Record<string, unknown>> = [
				{},
				{ externalId: '' },
				{ identifyBy: 'user_alias', aliasName: 'a', aliasLabel: 'b', recipientOptions: { sendToExistingOnly: false, attributes: '{"x": 1}' } },
				{ recipientOptions: { sendToExistingOnly: false } },
				{},
			];
			const { output } = await run(sb, {
				continueOnFail: true,
				items: overrides.map(() => ({ json: {} })),
				parameters: (i) => ({ ...parameters()(i), ...overrides[i] }),
			});
			expect(output[0].json.success).toBe(true);
			expect(output[1].json.error).toMatch(/\[item 1\] recipient\.external_id must not be empty/);
			expect(output[2].json.error).toMatch(/\[item 2\] user_alias \{"alias_name":"a","alias_label":"b"\}: send_to_existing_only cannot be false for a user_alias recipient/);
			expect(output[3].json.error).toMatch(/\[item 3\] external_id "u3": attributes are required when send_to_existing_only is false/);
			expect(output[4].json.success).toBe(true);
			expect(sb.state.requests.list({ path: '/campaigns/trigger/send' }).map((r) => (r.body as any).recipients)).toEqual([
				[
					{ external_user_id: 'u0', trigger_properties: { coupon: 'C-0' } },
					{ external_user_id: 'u4', trigger_properties: { coupon: 'C-4' } },
				],
			]);
		});

		it('a recipient Braze would refuse fails alone, before anything is sent', async () => {
			// Braze refuses "identified" together with "unidentified"; the change model catches it up front.
			// (Server-side refusals are split until the bad change fails alone: test/unit/apply.test.ts.)
			const changes = (i: number) => [
				{
					type: 'campaignSend',
					campaignId: welcome,
					recipient: i === 2 ? { email: 'u2@example.com' } : { external_id: `u${i}` },
					...(i === 2 ? { prioritization: ['identified', 'unidentified'] } : {}),
				},
			];
			const { output } = await run(sb, {
				continueOnFail: true,
				items: Array.from({ length: 5 }, (_, i) => ({ json: { brazeChanges: changes(i) } })),
				parameters: { resource: 'change', operation: 'apply', changesSource: 'field', changesField: 'brazeChanges', applyOutput: 'results', ...FAST },
			});
			expect(output[2].json.error).toMatch(/\[item 2\] email "u2@example\.com": prioritization may hold "identified" or "unidentified", not both/);
			expect(json(output).filter((o) => o.success === true)).toHaveLength(4);
			const delivered = sb.state.sends.records.flatMap((r) => r.recipients.map((x) => x.external_user_id));
			expect(delivered.sort()).toEqual(['u0', 'u1', 'u3', 'u4']);
		});

		it('fatal error: an invalid campaign fails every item and nothing is sent', async () => {
			const { output } = await run(sb, {
				continueOnFail: true,
				items: [{ json: {} }, { json: {} }],
				parameters: parameters({ campaignId: byId(receipt) }),
			});
			expect(json(output).map((o) => String(o.error))).toEqual([
				expect.stringMatching(/\[item 0\] external_id "u0": \/campaigns\/trigger\/send: Braze answered 400: Invalid Campaign ID/),
				expect.stringMatching(/\[item 1\] .*Invalid Campaign ID/),
			]);
			sb.setOptions({ permissions: ['users.track'] });
			const error = await runFailing(sb, { items: [{ json: {} }], parameters: parameters() });
			expect(error.message).toMatch(/403/);
			expect(sb.state.sends.records).toEqual([]);
		});

		it('an archived campaign still answers success, with Braze\'s notice on the item', async () => {
			const { output } = await run(sb, { parameters: parameters({ campaignId: byId(archived) }) });
			expect(output[0].json.notice).toMatch(/archived/);
		});

		it('broadcast is refused until confirmed, then sent once for all items', async () => {
			const broadcast = { sendTo: 'broadcast', triggerProperties: '{"season": "spring"}' };
			const refused = await runFailing(sb, { items: [{ json: {} }, { json: {} }], parameters: parameters(broadcast) });
			expect(refused.message).toMatch(/Broadcast not confirmed: nothing was sent/);
			expect(sb.state.sends.records).toEqual([]);

			const { output } = await run(sb, { items: [{ json: {} }, { json: {} }, { json: {} }], parameters: parameters({ ...broadcast, confirmBroadcast: true }) });
			expect(sb.state.requests.list({ path: '/campaigns/trigger/send' }).map((r) => r.body)).toEqual([
				{ campaign_id: welcome, broadcast: true, trigger_properties: { season: 'spring' } },
			]);
			expect(output).toEqual([
				{
					json: { success: true, broadcast: true, campaign_id: welcome, dispatch_id: expect.any(String) },
					pairedItem: [{ item: 0 }, { item: 1 }, { item: 2 }],
				},
			]);
		});
	});

	describe('Trigger Canvas', () => {
		const parameters = (overrides: Record<string, unknown> = {}) => (i: number) => ({
			resource: 'message',
			operation: 'triggerCanvas',
			canvasId: byId(onboarding),
			sendTo: 'recipients',
			identifyBy: 'external_id',
			externalId: `u${i}`,
			canvasContext: JSON.stringify({ plan: i % 2 ? 'pro' : 'free' }),
			...FAST,
			...overrides,
		});

		it('batches recipients by 50 with their Canvas context', async () => {
			await run(sb, { items: Array.from({ length: 60 }, () => ({ json: {} })), parameters: parameters() });
			const bodies = sb.state.requests.list({ path: '/canvas/trigger/send' }).map((r) => r.body as any);
			expect(bodies.map((b) => b.recipients.length)).toEqual([50, 10]);
			expect(bodies[0]).toMatchObject({ canvas_id: onboarding });
			expect(bodies[0].recipients[1]).toEqual({ external_user_id: 'u1', context: { plan: 'pro' } });
			expect(sb.state.sends.records[0].recipients[1]).toMatchObject({ external_user_id: 'u1', matched: true, context: { plan: 'pro' } });
		});

		it('a paused Canvas answers success with a notice; partial failure and fatal error', async () => {
			const paused = await run(sb, { parameters: parameters({ canvasId: byId(winback) }) });
			expect(paused.output[0].json.notice).toMatch(/paused/);

			const contexts = ['{"a": 1}', '[1, 2]', '{"b": 2}'];
			const { output } = await run(sb, { continueOnFail: true, items: contexts.map(() => ({ json: {} })), parameters: (i) => ({ ...parameters()(i), canvasContext: contexts[i] }) });
			expect(output[1].json.error).toMatch(/\[item 1\] Context must be a JSON object/);
			expect([output[0].json.success, output[2].json.success]).toEqual([true, true]);

			sb.setOptions({ permissions: ['campaigns.trigger.send'] });
			const error = await runFailing(sb, { parameters: parameters() });
			expect(error.message).toMatch(/\/canvas\/trigger\/send: Braze refused the request \(403/);
		});

		it('broadcast with context, once confirmed', async () => {
			await run(sb, { parameters: parameters({ sendTo: 'broadcast', confirmBroadcast: true, canvasContext: '{"wave": 2}' }) });
			expect(sb.state.requests.list({ path: '/canvas/trigger/send' })[0].body).toEqual({ canvas_id: onboarding, broadcast: true, context: { wave: 2 } });
		});
	});

	describe('Campaign and Canvas pickers (list search)', () => {
		const search = async (method: 'searchCampaigns' | 'searchCanvases' | 'searchSegments', filter?: string, token?: string) => {
			const ctx = contextFor(sb, { parameters: {} });
			return await new Braze().methods.listSearch[method].call(ctx as never, filter, token);
		};

		it('lists campaigns newest first, pages with a token, and filters by name', async () => {
			await seed(sb, '/_sandbox/seed', { campaigns: 230 });
			const first = await search('searchCampaigns');
			expect(first.results.slice(0, 2)).toEqual([
				{ name: 'Order receipt', value: receipt },
				{ name: 'Welcome email', value: welcome },
			]);
			expect(first.results).toHaveLength(100);
			expect(first.paginationToken).toBe('1');
			const second = await search('searchCampaigns', undefined, first.paginationToken);
			expect(second.results).toHaveLength(100);
			expect(second.paginationToken).toBe('2');
			// 230 generated + 2 live fixtures (the archived one is not listed).
			const last = await search('searchCampaigns', undefined, second.paginationToken);
			expect(last.results).toHaveLength(32);
			expect(last.paginationToken).toBeUndefined();

			const filtered = await search('searchCampaigns', 'generated campaign 22');
			// Generated campaigns are numbered 3 to 232: "22" and "220" to "229" match, read across all three pages in one call.
			expect(filtered.results.map((r) => r.name).sort()).toEqual(['Generated campaign 22', ...Array.from({ length: 10 }, (_, i) => `Generated campaign 22${i}`)]);
			expect(filtered.paginationToken).toBeUndefined();
			expect(sb.state.requests.list({ path: '/campaigns/list' }).at(-1)!.query).toMatchObject({ sort_direction: 'desc' });
		});

		it('lists Canvases, stopped ones included', async () => {
			const { results } = await search('searchCanvases', 'win');
			expect(results).toEqual([{ name: 'Win-back (stopped)', value: winback }]);
		});

		it('explains a missing permission', async () => {
			sb.setOptions({ permissions: ['users.track'] });
			await expect(search('searchCampaigns')).rejects.toThrow(/\/campaigns\/list: Braze refused the request \(403/);
		});
	});
});
