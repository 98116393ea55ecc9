import type { IDataObject, IWebhookResponseData } from 'n8n-workflow';

import { KomoWebhookApi } from '../../credentials/KomoWebhookApi.credentials';
import { KomoTrigger } from '../../nodes/KomoTrigger/KomoTrigger.node';
import { parseChange } from '../../nodes/shared/braze/changes';
import { forgetLeases } from '../../nodes/shared/webhook/deliveryGate';
import { fileReceipts } from '../../nodes/shared/webhook/receipts';
import { type FakeRequest, fakeWebhookContext } from '../helpers/webhookContext';



const defaults: IDataObject = {
	authentication: 'headerSecret',
	triggers: ['*'],
	otherTriggers: '',
	triggerPath: 'trigger',
	userMapping: 'alias_email',
	emailPath: 'contact.email',
	emailAliasLabel: 'email',
	updateExistingOnly: false,
	fieldMappings: { mapping: [{ komoField: 'form.first_name', brazeAttribute: 'first_name' }, { komoField: 'form.team', brazeAttribute: '__custom', customAttribute: 'favourite_team' }] },
	answersAs: 'event',
	answersPath: 'answers',
	eventName: 'komo_quiz_answered',
	eventPerAnswer: false,
	subscribeOnConsent: false,
	options: {},
};

/** The komoWebhookApi credential the trigger reads the header name and secret from. */
const defaultCredentials: IDataObject = { headerName: 'X-Komo-Token', secret: 's3cret-value' };

function fakeContext(parameters: IDataObject, request: FakeRequest, credentials: IDataObject | null = defaultCredentials) {
	return fakeWebhookContext({ parameters, request, credential: credentials, credentialType: 'komoWebhookApi', node: { name: 'Komo Trigger', type: 'n8n-nodes-braze.komoTrigger' } });
}

const node = new KomoTrigger();

/** What the Braze node does once it has applied (or failed) the run's items: files their receipts. */
function finishRun(result: IWebhookResponseData, staticData: IDataObject, applied = true): void {
	fileReceipts(() => staticData, result.workflowData![0], () => applied, Date.now());
}

beforeEach(() => forgetLeases());

async function call(request: FakeRequest, parameters: IDataObject = {}, credentials: IDataObject | null = {}) {
	const { ctx, reply } = fakeContext({ ...defaults, ...parameters }, request, credentials && { ...defaultCredentials, ...credentials });
	const result: IWebhookResponseData = await node.webhook.call(ctx);
	return { result, reply };
}

const goodHeaders = { 'content-type': 'application/json', 'x-komo-token': 's3cret-value' };

function komoBody(overrides: IDataObject = {}): IDataObject {
	return {
		trigger: 'Gameplay.DataCaptured',
		occurredAt: '2026-01-31T12:00:00Z',
		contact: { email: 'ann@example.com' },
		form: { first_name: 'Ann', team: '' },
		answers: [{ question: 'Favourite colour?', answer: 'Blue' }],
		...overrides,
	};
}

describe('Komo Trigger description', () => {
	it('is a webhook trigger answering when the run is done (or at once), with a complete webhook lifecycle', async () => {
		expect(node.description).toMatchObject({ name: 'komoTrigger', displayName: 'Komo Trigger', group: ['trigger'], inputs: [] });
		expect(node.description.webhooks).toEqual([
			// responseData noData: n8n answers 200 with no body once the last node finishes (or 500).
			expect.objectContaining({ httpMethod: 'POST', responseMode: expect.stringContaining('lastNode'), responseCode: '={{200}}', responseData: 'noData' }),
		]);
		const hooks = node.webhookMethods.default;
		const hookCtx = (authentication: string, secret: string) =>
			({
				getNodeParameter: () => authentication,
				getCredentials: async () => ({ headerName: 'X-Komo-Token', secret }),
				getNode: () => ({ name: 'Komo Trigger' }),
			}) as never;
		await expect(hooks.checkExists.call(hookCtx('headerSecret', 's3cret-value'))).resolves.toBe(true);
		await expect(hooks.create.call(hookCtx('headerSecret', 's3cret-value'))).resolves.toBe(true);
		// Publishing with an empty secret would refuse every call: refused up front instead.
		await expect(hooks.create.call(hookCtx('headerSecret', ''))).rejects.toThrow(/no Secret/);
		await expect(hooks.create.call(hookCtx('none', ''))).resolves.toBe(true);
		await expect(hooks.delete.call(hookCtx('headerSecret', ''))).resolves.toBe(true);
	});
});

describe('Komo Webhook API credential', () => {
	it('holds the header name and the secret, the secret as a password', () => {
		const credential = new KomoWebhookApi();
		expect(credential).toMatchObject({ name: 'komoWebhookApi', displayName: 'Komo Webhook API' });
		expect(credential.properties).toEqual([
			expect.objectContaining({ name: 'headerName', type: 'string', default: 'X-Komo-Token', placeholder: 'e.g. X-Komo-Token' }),
			expect.objectContaining({ name: 'secret', type: 'string', typeOptions: { password: true }, default: '', required: true }),
		]);
	});

	it('is tested locally: header name and secret well formed, never echoed', async () => {
		const test = async (data: Record<string, string>) =>
			await node.methods.credentialTest.komoWebhookApiTest.call({} as never, { id: '1', name: 'k', type: 'komoWebhookApi', data });
		const good = 'a1b2c3d4e5f6a7b8c9d0';
		expect(await test({ headerName: 'X-Komo-Token', secret: good })).toEqual({ status: 'OK', message: expect.stringMatching(/well formed/) });
		expect(await test({ headerName: 'X-Komo-Token', secret: '' })).toMatchObject({ status: 'Error', message: expect.stringMatching(/Enter the secret/) });
		expect(await test({ headerName: 'X-Komo-Token', secret: 'short' })).toMatchObject({ status: 'Error', message: expect.stringMatching(/at least 16/) });
		expect(await test({ headerName: 'X-Komo-Token', secret: `${good} ` })).toMatchObject({ status: 'Error', message: expect.stringMatching(/spaces/) });
		expect(await test({ headerName: 'X Komo: Token', secret: good })).toMatchObject({ status: 'Error', message: expect.stringMatching(/header name/) });
		expect(await test({ headerName: '', secret: good })).toMatchObject({ status: 'Error', message: expect.stringMatching(/header name/) });
		expect(JSON.stringify(await test({ headerName: 'X-Komo-Token', secret: `${good} ` }))).not.toContain(good);
	});
});

describe('Komo Trigger webhook', () => {
	it('turns a good call into one item with the Komo data and valid Braze changes', async () => {
		const { result, reply } = await call({ headers: goodHeaders, body: komoBody() });
		// Respond "When Braze Has the Changes": n8n answers once the run is done, the node does not.
		expect(reply).toEqual({ ended: false });
		expect(result.noWebhookResponse).toBeUndefined();
		const atOnce = await call({ headers: goodHeaders, body: komoBody() }, { respond: 'atOnce' });
		expect(atOnce.reply).toMatchObject({ status: 200, body: { received: true }, ended: true });
		expect(atOnce.result.noWebhookResponse).toBe(true);
		expect(atOnce.result.workflowData?.[0]).toHaveLength(1);
		const items = result.workflowData?.[0] ?? [];
		expect(items).toHaveLength(1);
		const json = items[0].json as { komo: IDataObject; brazeChanges: unknown[] };
		expect(json.komo).toMatchObject({ trigger: 'Gameplay.DataCaptured', attributes: { first_name: 'Ann' } });
		expect(json.brazeChanges).toEqual([
			expect.objectContaining({ type: 'attributes', attributes: { first_name: 'Ann' }, updateExistingOnly: false }),
			expect.objectContaining({ type: 'event', name: 'komo_quiz_answered', properties: expect.objectContaining({ favourite_colour: 'Blue' }) }),
		]);
		for (const change of json.brazeChanges) expect(parseChange(change)).toMatchObject({ ok: true });
		// The secret never reaches the output.
		expect(JSON.stringify(json)).not.toContain('s3cret-value');
	});

	it('401 without running on a missing, wrong or differently named secret header', async () => {
		const attempts: Array<Record<string, string>> = [
			{ 'content-type': 'application/json' },
			{ 'content-type': 'application/json', 'x-komo-token': 'wrong' },
			{ 'content-type': 'application/json', authorization: 's3cret-value' },
		];
		for (const headers of attempts) {
			const { result, reply } = await call({ headers, body: komoBody() });
			expect(result).toEqual({ noWebhookResponse: true });
			expect(reply).toMatchObject({ status: 401, body: { error: 'unauthorized', message: 'Missing or wrong x-komo-token header' } });
		}
	});

	it("uses the credential's header name, and an empty or missing secret refuses everything", async () => {
		const custom = await call({ headers: { 'content-type': 'application/json', 'x-hub-key': 'abc' }, body: komoBody() }, {}, { headerName: 'X-Hub-Key', secret: 'abc' });
		expect(custom.result.workflowData).toBeDefined();
		const empty = await call({ headers: { 'content-type': 'application/json', 'x-komo-token': '' }, body: komoBody() }, {}, { secret: '' });
		expect(empty.reply).toMatchObject({ status: 401, body: { error: 'unauthorized' } });
		const anyValue = await call({ headers: goodHeaders, body: komoBody() }, {}, { secret: '' });
		expect(anyValue.reply.status).toBe(401);
		const missing = await call({ headers: goodHeaders, body: komoBody() }, {}, { secret: undefined });
		expect(missing.reply.status).toBe(401);
	});

	it('reads the secret from the credential, never from node parameters', async () => {
		const stale = await call({ headers: { 'content-type': 'application/json', 'x-komo-token': 'old-parameter' }, body: komoBody() }, { headerName: 'X-Komo-Token', secret: 'old-parameter' });
		expect(stale.reply.status).toBe(401);
		expect(node.description.credentials).toEqual([
			{ name: 'komoWebhookApi', required: true, testedBy: 'komoWebhookApiTest', displayOptions: { show: { authentication: ['headerSecret'] } } },
		]);
		const names = node.description.properties.map((property) => property.name);
		expect(names).not.toContain('secret');
		expect(names).not.toContain('headerName');
	});

	it('accepts any caller when authentication is None', async () => {
		const { result } = await call({ headers: { 'content-type': 'application/json' }, body: komoBody() }, { authentication: 'none' }, null);
		expect(result.workflowData).toBeDefined();
	});

	it('400 naming the problem for a wrong content type, invalid JSON and a non-object body', async () => {
		const text = await call({ headers: { ...goodHeaders, 'content-type': 'text/plain' }, body: 'hi' });
		expect(text.reply).toMatchObject({ status: 400, body: { field: 'body', message: expect.stringMatching(/Content-Type must be application\/json/) } });
		const invalid = await call({ headers: goodHeaders, body: {}, rawBody: '{"trigger": ' });
		expect(invalid.reply).toMatchObject({ status: 400, body: { message: 'The body is not valid JSON' } });
		const list = await call({ headers: goodHeaders, body: [komoBody()] });
		expect(list.reply).toMatchObject({ status: 400, body: { message: 'The body must be a JSON object' } });
		expect(list.result).toEqual({ noWebhookResponse: true });
	});

	it('400 naming the identity field when it is missing', async () => {
		const { result, reply } = await call({ headers: goodHeaders, body: komoBody({ contact: { phone: '+447700900123' } }) });
		expect(result).toEqual({ noWebhookResponse: true });
		expect(reply).toMatchObject({ status: 400, body: { error: 'bad_request', field: 'contact.email', message: expect.stringContaining('"contact.email"') } });
	});

	it('400 naming the Komo field when a mapped value breaks Braze rules', async () => {
		const { reply } = await call(
			{ headers: goodHeaders, body: komoBody({ form: { dob: 'last spring' } }) },
			{ fieldMappings: { mapping: [{ komoField: 'form.dob', brazeAttribute: 'dob' }] } },
		);
		expect(reply).toMatchObject({ status: 400, body: { field: 'form.dob', message: expect.stringMatching(/YYYY-MM-DD/) } });
	});

	it('filters by trigger name: others are acknowledged and ignored, a missing name is a 400', async () => {
		const only = { triggers: ['Gameplay.DataCapturedQualified', 'Prize.Won'] };
		const ignored = await call({ headers: goodHeaders, body: komoBody({ trigger: 'Gameplay.Ended' }) }, only);
		expect(ignored.result).toEqual({ noWebhookResponse: true });
		expect(ignored.reply).toMatchObject({ status: 200, body: { ignored: true } });
		const passed = await call({ headers: goodHeaders, body: komoBody({ trigger: 'Prize.Won' }) }, only);
		expect(passed.result.workflowData).toBeDefined();
		const other = await call({ headers: goodHeaders, body: komoBody({ trigger: 'Loyalty.PointsAwarded' }) }, { triggers: [], otherTriggers: 'Loyalty.PointsAwarded, X.Y' });
		expect(other.result.workflowData).toBeDefined();
		const missing = await call({ headers: goodHeaders, body: komoBody({ trigger: undefined }) }, only);
		expect(missing.reply).toMatchObject({ status: 400, body: { field: 'trigger' } });
		const nested = await call({ headers: goodHeaders, body: komoBody({ trigger: undefined, meta: { event: 'Prize.Won' } }) }, { ...only, triggerPath: 'meta.event' });
		expect(nested.result.workflowData).toBeDefined();
	});

	it('reads identity and fields from other body shapes through the configured paths', async () => {
		const { result } = await call(
			{ headers: goodHeaders, body: { event: { name: 'Contact.Identified' }, user: { id: 'crm-42', first: 'Bo' } } },
			{ triggerPath: 'event.name', userMapping: 'external_id', externalIdPath: 'user.id', fieldMappings: { mapping: [{ komoField: 'user.first', brazeAttribute: 'first_name' }] } },
		);
		const json = result.workflowData?.[0][0].json as { brazeChanges: unknown[] };
		expect(json.brazeChanges).toEqual([{ type: 'attributes', user: { external_id: 'crm-42' }, attributes: { first_name: 'Bo' }, updateExistingOnly: false }]);
	});

	it('consent opt-in: in the alias profile update by default, a subscription change when chosen; a missing group ID is a configuration error', async () => {
		const consent = { subscribeOnConsent: true, consentPath: 'consent.marketing', subscriptionGroupId: 'grp-1', consentAs: 'subscription', unsubscribeOnDecline: false };
		const byDefault = await call({ headers: goodHeaders, body: komoBody({ consent: { marketing: 'yes' } }) }, { ...consent, consentAs: undefined });
		const first = byDefault.result.workflowData?.[0][0].json as { brazeChanges: Array<{ type: string; attributes?: IDataObject }> };
		expect(first.brazeChanges.map((c) => c.type)).toEqual(['attributes', 'event']);
		expect(first.brazeChanges[0].attributes).toMatchObject({ subscription_groups: [{ subscription_group_id: 'grp-1', subscription_state: 'subscribed' }] });
		const { result } = await call({ headers: goodHeaders, body: komoBody({ consent: { marketing: 'yes' } }) }, consent);
		const json = result.workflowData?.[0][0].json as { brazeChanges: Array<{ type: string }> };
		expect(json.brazeChanges.at(-1)).toEqual({ type: 'subscription', user: { email: 'ann@example.com' }, groupId: 'grp-1', state: 'subscribed' });
		await expect(call({ headers: goodHeaders, body: komoBody() }, { ...consent, subscriptionGroupId: ' ' })).rejects.toThrow(/Subscription Group ID is empty/);
	});

	it('update existing users only reaches every change', async () => {
		const { result } = await call({ headers: goodHeaders, body: komoBody() }, { updateExistingOnly: true });
		const json = result.workflowData?.[0][0].json as { brazeChanges: Array<{ updateExistingOnly?: boolean }> };
		expect(json.brazeChanges.map((c) => c.updateExistingOnly)).toEqual([true, true]);
	});
});

describe('Komo Trigger: body checks and replays', () => {
	it('400 naming the field when answers are neither a list nor an object', async () => {
		const { result, reply } = await call({ headers: goodHeaders, body: komoBody({ answers: 'Blue' }) });
		expect(result.workflowData).toBeUndefined();
		expect(reply).toMatchObject({ status: 400, body: { field: 'answers' } });
		expect(JSON.stringify(reply.body)).toMatch(/must be a list of \{question, answer\} objects/);
	});

	it('400 for a body nested deeper than 32 levels, naming where', async () => {
		let deep: IDataObject = { level: 'x' };
		for (let i = 0; i < 40; i++) deep = { level: deep };
		const { result, reply } = await call({ headers: goodHeaders, body: komoBody({ extra: deep }) });
		expect(result.workflowData).toBeUndefined();
		expect(reply.status).toBe(400);
		expect(JSON.stringify(reply.body)).toMatch(/nested deeper than 32 levels \(at \\"extra\.level/);
	});

	it('a repeated entry (same trigger and entryId) Braze already has is answered 200 and starts nothing; other entries still run', async () => {
		const staticData: IDataObject = {};
		const first = await call({ headers: goodHeaders, body: komoBody({ entryId: 'e-1' }), staticData });
		expect(first.result.workflowData?.[0]).toHaveLength(1);
		finishRun(first.result, staticData);
		// Nothing identifying is stored: the key is hashed.
		expect(JSON.stringify(staticData)).not.toMatch(/e-1|ann@example/);
		const repeat = await call({ headers: goodHeaders, body: komoBody({ entryId: 'e-1' }), staticData });
		expect(repeat.result.workflowData).toBeUndefined();
		expect(repeat.reply).toMatchObject({ status: 200, body: { received: true, duplicate: true } });
		const other = await call({ headers: goodHeaders, body: komoBody({ entryId: 'e-2' }), staticData });
		expect(other.result.workflowData?.[0]).toHaveLength(1);
		const otherTrigger = await call({ headers: goodHeaders, body: komoBody({ entryId: 'e-1', trigger: 'Gameplay.Ended' }), staticData });
		expect(otherTrigger.result.workflowData?.[0]).toHaveLength(1);
		// A refused delivery is not remembered: fixed and resent, it runs.
		const bad = await call({ headers: goodHeaders, body: komoBody({ entryId: 'e-3', answers: 7 }), staticData });
		expect(bad.reply.status).toBe(400);
		const fixed = await call({ headers: goodHeaders, body: komoBody({ entryId: 'e-3' }), staticData });
		expect(fixed.result.workflowData?.[0]).toHaveLength(1);
	});

	it('a copy arriving while the entry is being applied gets 409 with Retry-After; after a failed run the retry runs', async () => {
		const staticData: IDataObject = {};
		const first = await call({ headers: goodHeaders, body: komoBody({ entryId: 'e-9' }), staticData });
		expect(first.result.workflowData?.[0]).toHaveLength(1);
		const copy = await call({ headers: goodHeaders, body: komoBody({ entryId: 'e-9' }), staticData });
		expect(copy.result.workflowData).toBeUndefined();
		expect(copy.reply).toMatchObject({ status: 409, body: { error: 'conflict' } });
		expect(Number(copy.reply.headers?.['Retry-After'])).toBeGreaterThan(0);
		finishRun(first.result, staticData, false);
		const retry = await call({ headers: goodHeaders, body: komoBody({ entryId: 'e-9' }), staticData });
		expect(retry.result.workflowData?.[0]).toHaveLength(1);
	});

	it('an empty Delivery ID Field turns the replay check off', async () => {
		const staticData: IDataObject = {};
		const options = { options: { deliveryIdPath: '' } };
		await call({ headers: goodHeaders, body: komoBody({ entryId: 'e-1' }), staticData }, options);
		const again = await call({ headers: goodHeaders, body: komoBody({ entryId: 'e-1' }), staticData }, options);
		expect(again.result.workflowData?.[0]).toHaveLength(1);
		expect(staticData).toEqual({});
	});
});
