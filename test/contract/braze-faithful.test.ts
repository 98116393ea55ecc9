/* eslint-disable @typescript-eslint/no-explicit-any */
// Issue 13, node side: what the Braze node sends is what Braze's documented contract takes, and what it
// cannot send fails where n8n users look (the error output), naming the field.
import type { INode, INodeProperties, INodeTypeDescription } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { Braze } from '../../nodes/Braze/Braze.node';
import { FIXTURE_IDS, type Sandbox, startSandbox } from '../../sandbox/server';
import { DEFAULT_EXPORT_FIELDS } from '../../nodes/shared/braze/endpoints/usersExportIds';
import { FAST, contextFor, json, run, seed } from './braze.harness';

const { welcome, receipt } = FIXTURE_IDS.campaigns;
const byId = (value: string) => ({ __rl: true, mode: 'id', value });
const description = new Braze().description as INodeTypeDescription;

/** The parameter issues n8n would block a run with, for these node parameters. */
function issuesOf(parameters: Record<string, unknown>): Record<string, string[]> {
	const node: INode = { id: 'n', name: 'Braze', type: 'n8n-nodes-braze.braze', typeVersion: 1, position: [0, 0], parameters: parameters as any };
	node.parameters = NodeHelpers.getNodeParameters(description.properties, node.parameters, true, false, node, description) ?? {};
	return NodeHelpers.getNodeParametersIssues(description.properties, node, description)?.parameters ?? {};
}

describe('Braze node, faithful to Braze (issue 13)', () => {
	let sb: Sandbox;
	beforeAll(async () => {
		sb = await startSandbox();
	});
	afterAll(async () => await sb.close());
	beforeEach(() => sb.reset());

	describe('Merge: each side its own prioritization (item 4)', () => {
		it('merges the unidentified email profile into the identified one with the same email', async () => {
			// The anonymous profile first, then the identified user takes the same email.
			await seed(sb, '/users/track', { attributes: [{ email: 'ann@example.com', plan: 'pro' }] });
			await seed(sb, '/users/track', { attributes: [{ external_id: 'ann', email: 'ann@example.com', first_name: 'Ann' }] });
			expect(sb.state.users.withEmail('ann@example.com')).toHaveLength(2);
			const { output } = await run(sb, {
				parameters: { resource: 'user', operation: 'merge', mergeBy: 'email', mergeEmail: 'ann@example.com', keepBy: 'email', keepEmail: 'ann@example.com', ...FAST },
			});
			expect(sb.state.requests.list({ path: '/users/merge' }).map((r) => r.body)).toEqual([
				{
					merge_updates: [
						{
							identifier_to_merge: { email: 'ann@example.com', prioritization: ['unidentified', 'most_recently_updated'] },
							identifier_to_keep: { email: 'ann@example.com', prioritization: ['identified', 'most_recently_updated'] },
						},
					],
				},
			]);
			// Really merged: one profile left, the identified one, with the anonymous profile's data.
			expect(sb.state.users.withEmail('ann@example.com')).toHaveLength(1);
			expect(sb.state.user('ann')!.custom_attributes).toMatchObject({ plan: 'pro' });
			expect(output[0].json).toMatchObject({ success: true, user: { email: 'ann@example.com' } });

			// Each side's own choice goes to its own identifier, never one list for both.
			await run(sb, {
				parameters: {
					resource: 'user',
					operation: 'merge',
					mergeBy: 'phone',
					mergePhone: '+14155550100',
					mergePrioritization: 'least_recently_updated',
					keepBy: 'email',
					keepEmail: 'ann@example.com',
					keepPrioritization: 'most_recently_updated',
					...FAST,
				},
			});
			expect((sb.state.requests.list({ path: '/users/merge' })[1].body as any).merge_updates).toEqual([
				{
					identifier_to_merge: { phone: '+14155550100', prioritization: ['least_recently_updated'] },
					identifier_to_keep: { email: 'ann@example.com', prioritization: ['most_recently_updated'] },
				},
			]);
		});

		it('offers one prioritization per side, shown for an email or phone only', () => {
			const field = (name: string) => description.properties.find((p) => p.name === name)!;
			expect(description.properties.some((p) => p.name === 'mergeOptions')).toBe(false);
			expect([field('mergePrioritization').default, field('keepPrioritization').default]).toEqual(['unidentified,most_recently_updated', 'identified,most_recently_updated']);
			expect(field('mergePrioritization').displayOptions!.show!.mergeBy).toEqual(['email', 'phone']);
			expect(field('keepPrioritization').displayOptions!.show!.keepBy).toEqual(['email', 'phone']);
		});

		it('Identify sends the chosen Merge Behavior, and none unless chosen', async () => {
			await seed(sb, '/users/track', { attributes: [{ user_alias: { alias_name: 'a-1', alias_label: 'anon' }, _update_existing_only: false, city: 'Paris' }] });
			const identify = (extra: Record<string, unknown>) => ({
				resource: 'user',
				operation: 'identify',
				identifyExternalId: 'u1',
				identifyBy: 'user_alias',
				aliasName: 'a-1',
				aliasLabel: 'anon',
				...extra,
			});
			await run(sb, { parameters: identify({ identifyOptions: { mergeBehavior: 'merge' } }) });
			await run(sb, { parameters: identify({}) });
			expect(sb.state.requests.list({ path: '/users/identify' }).map((r) => r.body)).toEqual([
				{ aliases_to_identify: [{ external_id: 'u1', user_alias: { alias_name: 'a-1', alias_label: 'anon' } }], merge_behavior: 'merge' },
				{ aliases_to_identify: [{ external_id: 'u1', user_alias: { alias_name: 'a-1', alias_label: 'anon' } }] },
			]);
			expect(sb.state.user('u1')!.custom_attributes).toMatchObject({ city: 'Paris' });
		});
	});

	describe('"Identify User By" as an expression (item 5)', () => {
		const base = { resource: 'subscription', operation: 'setStatus', subscriptionGroupIds: 'g1' };

		it('a literal kind requires its own fields only', () => {
			expect(Object.keys(issuesOf({ ...base, identifyBy: 'email' }))).toEqual(['email']);
			expect(issuesOf({ ...base, identifyBy: 'email', email: 'ann@example.com' })).toEqual({});
		});

		it('an expression blocks nothing: no required field of another kind, another operation or a kind the operation lacks', () => {
			const issues = issuesOf({ ...base, identifyBy: '={{ $json.kind }}', email: '={{ $json.email }}' });
			expect(issues).toEqual({});
			// Track offers Braze ID and aliases, Subscription does not: their fields never show here.
			const shown = description.properties.filter((p) =>
				NodeHelpers.displayParameter({ ...base, identifyBy: '={{ $json.kind }}', inputMode: 'fields' } as any, p, null, description),
			);
			const names = shown.map((p: INodeProperties) => p.name);
			for (const absent of ['brazeId', 'aliasName', 'aliasLabel', 'identifyExternalId', 'mergeExternalId']) expect(names).not.toContain(absent);
			expect(names).toEqual(expect.arrayContaining(['externalId', 'email', 'phone']));
			expect(shown.filter((p) => ['externalId', 'email', 'phone'].includes(p.name)).every((p) => p.required !== true)).toBe(true);
		});

		it('at run time the expression picks the kind; a kind the operation lacks fails its item, naming the parameter', async () => {
			const rows = [
				{ kind: 'email', email: 'ann@example.com' },
				{ kind: 'braze_id', email: 'bob@example.com' },
			];
			const { output } = await run(sb, {
				continueOnFail: true,
				items: rows.map((row) => ({ json: row })),
				parameters: (i) => ({ ...base, identifyBy: rows[i].kind, email: rows[i].email, subscriptionState: 'subscribed', ...FAST }),
			});
			expect(output[0].json).toMatchObject({ success: true, user: { email: 'ann@example.com' } });
			expect(output[1].json.error).toBe('[item 1] Identify User By must be one of external_id, email, phone (got "braze_id")');
		});
	});

	describe('an unconfirmed broadcast (item 7)', () => {
		it('is one error item, for the error output, with Continue On Fail: the input never flows on as success', async () => {
			const { output } = await run(sb, {
				continueOnFail: true,
				items: [{ json: { id: 1 } }, { json: { id: 2 } }],
				parameters: { resource: 'message', operation: 'triggerCampaign', campaignId: byId(welcome), sendTo: 'broadcast', triggerProperties: '{}' },
			});
			expect(output).toHaveLength(1);
			// n8n routes an item whose json is only `error` to the error output (and adds the input fields).
			expect(output[0].json).toEqual({ error: 'Broadcast not confirmed: nothing was sent' });
			expect(output[0].pairedItem).toEqual([{ item: 0 }, { item: 1 }]);
			expect(sb.state.sends.records).toEqual([]);
		});
	});

	describe('pickers list what the operation can use (item 10)', () => {
		const search = async (method: string) => {
			const ctx = contextFor(sb, { parameters: {} });
			return await (new Braze().methods.listSearch as any)[method].call(ctx, undefined, undefined);
		};

		it('Trigger Campaign and Send Transactional Email list API campaigns only (/campaigns/list is_api_campaign)', async () => {
			sb.state.catalog.campaigns.push({
				id: '8f1c2a10-0000-4000-8000-0000000000aa',
				name: 'Weekly newsletter',
				last_edited: '2024-03-01T08:00:00+00:00',
				is_api_campaign: false,
				tags: [],
				archived: false,
				paused: false,
				transactional: false,
			});
			const listed = (result: any) => result.results.map((r: any) => r.name).sort();
			expect(listed(await search('searchApiCampaigns'))).toEqual(['Order receipt', 'Welcome email']);
			// Campaign > Get still lists every campaign.
			expect(listed(await search('searchCampaigns'))).toEqual(['Order receipt', 'Weekly newsletter', 'Welcome email']);
			const picker = (operation: string) =>
				description.properties.find((p) => p.name === 'campaignId' && p.displayOptions?.show?.operation?.includes(operation))!;
			for (const operation of ['triggerCampaign', 'sendTransactionalEmail']) {
				expect((picker(operation) as any).modes[0].typeOptions.searchListMethod).toBe('searchApiCampaigns');
			}
			expect(receipt).toBeTruthy();
		});
	});

	describe('Track in Fields mode (item 12, 13)', () => {
		const track = (extra: Record<string, unknown>) => ({
			resource: 'user',
			operation: 'track',
			identifyBy: 'external_id',
			externalId: 'u1',
			inputMode: 'fields',
			...FAST,
			...extra,
		});

		it('a bad time says event or purchase and the field, never "Invalid time value"', async () => {
			const { output } = await run(sb, {
				continueOnFail: true,
				items: [{ json: {} }, { json: {} }],
				parameters: (i) => (i === 0 ? track({ event: { name: 'quiz', time: 'soon' } }) : track({ purchase: { productId: 'p', price: 1, currency: 'USD', time: 'later' } })),
			});
			expect(output[0].json.error).toBe('[item 0] event.time must be a date and time, e.g. 2026-01-31T12:00:00Z (got "soon")');
			expect(output[1].json.error).toBe('[item 1] purchase.time must be a date and time, e.g. 2026-01-31T12:00:00Z (got "later")');
			expect(sb.state.requests.list({ path: '/users/track' })).toEqual([]);
		});

		it('takes a numeric-text price, and sends no price or currency it was not given', async () => {
			const { output } = await run(sb, {
				continueOnFail: true,
				items: [{ json: {} }, { json: {} }],
				parameters: (i) => (i === 0 ? track({ purchase: { productId: 'sku-1', price: '9.99', currency: 'EUR' } }) : track({ purchase: { productId: 'sku-2' } })),
			});
			expect(output[0].json).toMatchObject({ success: true, user: { external_id: 'u1' } });
			const [body] = sb.state.requests.list({ path: '/users/track' }).map((r) => r.body as any);
			expect(body.purchases).toEqual([expect.objectContaining({ external_id: 'u1', product_id: 'sku-1', price: 9.99, currency: 'EUR' })]);
			expect(output[1].json.error).toMatch(/^\[item 1\] external_id "u1": /);
			expect(output[1].json.error).toMatch(/currency is required/);
			expect(output[1].json.error).toMatch(/price is required/);
			expect(String(output[1].json.error)).not.toMatch(/String must contain|Expected /);
		});

		it('has no silent defaults: Gender, Currency and the Price a purchase must state', () => {
			const track = description.properties.filter((p) => p.displayOptions?.show?.operation?.includes('track'));
			const option = (collection: string, name: string) => ((track.find((p) => p.name === collection)!.options ?? []) as INodeProperties[]).find((o) => o.name === name)!;
			expect(option('standardAttributes', 'gender').default).toBe('');
			expect(option('purchase', 'currency').default).toBe('');
			expect(option('purchase', 'price').description).toMatch(/^Required with a purchase/);
		});

		it('an added Gender left unpicked is refused, not sent as "O"', async () => {
			const { output } = await run(sb, { continueOnFail: true, parameters: track({ standardAttributes: { gender: '' } }) });
			expect(output[0].json.error).toMatch(/^\[item 0\] external_id "u1": attributes\.gender must be one of/);
			expect(sb.state.requests.list({ path: '/users/track' })).toEqual([]);
		});

		it('a Gender typed as a word is sent as Braze\'s letter', async () => {
			const { output } = await run(sb, { parameters: track({ standardAttributes: { gender: 'Female' } }) });
			expect(output[0].json.success).toBe(true);
			const [request] = sb.state.requests.list({ path: '/users/track' });
			expect((request.body as { attributes: Array<{ gender?: string }> }).attributes[0].gender).toBe('F');
		});
	});

	describe('Export by Identifier (item 13)', () => {
		it('says, and sends, the default field list when Fields to Export is empty', async () => {
			const field = description.properties.find((p) => p.name === 'fieldsToExport')!;
			expect(field.description).toContain(DEFAULT_EXPORT_FIELDS.join(', '));
			await seed(sb, '/users/track', { attributes: [{ external_id: 'u1', first_name: 'Ann' }] });
			await run(sb, { parameters: { resource: 'user', operation: 'export', identifyBy: 'external_id', externalId: 'u1', fieldsToExport: '' } });
			expect(sb.state.requests.list({ path: '/users/export/ids' }).map((r) => (r.body as any).fields_to_export)).toEqual([DEFAULT_EXPORT_FIELDS]);
		});
	});

	describe('Include Input Fields', () => {
		it('copies the input fields onto the output when on, and only then', async () => {
			const parameters = (include: boolean) => ({
				resource: 'email',
				operation: 'setGlobalStatus',
				emailAddress: 'ann@example.com',
				emailState: 'subscribed',
				sendingOptions: { maxAttempts: 2, includeInputFields: include },
			});
			const on = await run(sb, { items: [{ json: { row_id: 7 } }], parameters: parameters(true) });
			const off = await run(sb, { items: [{ json: { row_id: 7 } }], parameters: parameters(false) });
			expect(json(on.output)[0]).toMatchObject({ row_id: 7, user: { email: 'ann@example.com' }, success: true });
			expect(json(off.output)[0].row_id).toBeUndefined();
			const option = ((description.properties.find((p) => p.name === 'sendingOptions')!.options ?? []) as INodeProperties[]).find((o) => o.name === 'includeInputFields')!;
			expect(option).toMatchObject({ displayName: 'Include Input Fields', type: 'boolean', default: false });
			expect(option.description).toMatch(/^Whether to copy the input item's fields onto the output item/);
		});
	});
});
