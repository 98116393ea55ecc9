/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions -- a test: it reads the docs and runs the templates' Code nodes */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { IDataObject, IWebhookResponseData } from 'n8n-workflow';

import { BrazeWebhookApi } from '../../credentials/BrazeWebhookApi.credentials';
import { BrazeTrigger } from '../../nodes/BrazeTrigger/BrazeTrigger.node';
import { checkBrazeWebhookCredential } from '../../nodes/BrazeTrigger/credentialTest';
import { COMMON_EVENT_TYPES } from '../../nodes/BrazeTrigger/description';
import { WEBHOOK_BODY_TEMPLATE, eventTypeAllowed } from '../../nodes/BrazeTrigger/events';
import { MAX_EVENTS, parseCurrentsBatch } from '../../nodes/BrazeTrigger/schemas';
import { REPO_ROOT } from '../../harness/runtime';
import { loadTemplate } from '../../harness/templates';
import { type FakeRequest, fakeWebhookContext } from '../helpers/webhookContext';


const ACCEPTED = 'currents-token-0123456789abcdef';
const credentials: IDataObject = { headerName: 'X-Braze-Webhook-Token', token: ACCEPTED };
const currentsHeaders = { 'content-type': 'application/json', authorization: `Bearer ${ACCEPTED}` };
const webhookHeaders = { 'content-type': 'application/json', 'x-braze-webhook-token': ACCEPTED };

function fakeContext(parameters: IDataObject, request: FakeRequest, credential: IDataObject | null) {
	return fakeWebhookContext({ parameters, request, credential, credentialType: 'brazeWebhookApi', node: { name: 'Braze Trigger', type: 'n8n-nodes-braze.brazeTrigger' } });
}

const node = new BrazeTrigger();

async function call(request: FakeRequest, parameters: IDataObject = {}, credential: IDataObject | null = credentials) {
	const { ctx, reply } = fakeContext({ source: 'currents', authentication: 'token', eventTypes: ['*'], dropRepeated: true, ...parameters }, request, credential);
	const result: IWebhookResponseData = await node.webhook.call(ctx);
	const items = result.workflowData?.[0]?.map((item) => item.json) ?? [];
	return { result, reply, items };
}

let counter = 0;
function event(type: string, overrides: IDataObject = {}): IDataObject {
	counter++;
	return {
		event_type: type,
		id: `e${counter}-a1234567-89ab-cdef-0123-456789abcdef`,
		time: 1477502783,
		user: { user_id: '0123456789abcdef01234567', external_user_id: `user-${counter}`, timezone: 'America/Chicago' },
		properties: { campaign_id: '11234567-89ab-cdef-0123-456789abcdef', email_address: `u${counter}@example.com` },
		...overrides,
	};
}

describe('Braze Trigger description', () => {
	it('is a webhook trigger with its own tested credential and a Braze icon', () => {
		expect(node.description).toMatchObject({ name: 'brazeTrigger', displayName: 'Braze Trigger', group: ['trigger'], inputs: [] });
		expect(node.description.credentials).toEqual([expect.objectContaining({ name: 'brazeWebhookApi', testedBy: 'brazeWebhookApiTest' })]);
		expect(node.description.webhooks).toEqual([expect.objectContaining({ httpMethod: 'POST', responseMode: 'onReceived' })]);
		expect(new BrazeWebhookApi().properties.map((p) => p.name)).toEqual(['headerName', 'token']);
	});

	it('lists the common Currents event types by their Braze names, no duplicates', () => {
		const values = COMMON_EVENT_TYPES.map((t) => t.value);
		expect(values).toEqual(expect.arrayContaining(['users.messages.email.Unsubscribe', 'users.behaviors.CustomEvent', 'users.messages.email.Bounce']));
		expect(new Set(values).size).toBe(values.length);
		for (const value of values) expect(value).toMatch(/^users\.[a-z]+(\.[A-Za-z]+)+$/);
	});

	it('shows the recommended webhook body, which is valid JSON carrying Liquid', () => {
		const notice = node.description.properties.find((p) => p.name === 'webhookNotice')!;
		expect(notice.displayName).toContain('"external_id": "{{${user_id}}}"');
		expect(Object.keys(JSON.parse(WEBHOOK_BODY_TEMPLATE) as object)).toEqual(['external_id', 'braze_id', 'email', 'first_name', 'campaign_id', 'canvas_id', 'delivery_id']);
	});
});

describe('Currents envelope', () => {
	it('accepts a batch with unknown fields everywhere and keeps them', () => {
		const parsed = parseCurrentsBatch({ events: [event('users.new.Thing', { extra: { a: 1 }, user: { user_id: 'b1', future: true } })], batch_meta: 'x' });
		expect(parsed.ok).toBe(true);
		if (parsed.ok) expect(parsed.events[0]).toMatchObject({ extra: { a: 1 }, user: { future: true } });
	});

	it.each([
		[{}, 'events', 'events is required'],
		[{ events: {} }, 'events', 'events must be a list of events'],
		[{ events: ['x'] }, 'events.0', 'events.0 must be an object'],
		[{ events: [{ event_type: 'a', time: 1, user: {} }] }, 'events.0.id', 'events.0.id is required'],
		[{ events: [{ id: 'i', time: 1, user: {} }] }, 'events.0.event_type', 'events.0.event_type is required'],
		[{ events: [{ id: 'i', event_type: 'a', time: '2026-01-01', user: {} }] }, 'events.0.time', 'events.0.time must be a UNIX timestamp'],
		[{ events: [{ id: 'i', event_type: 'a', time: 1 }] }, 'events.0.user', 'events.0.user is required'],
		[{ events: [{ id: 'i', event_type: 'a', time: 1, user: { external_user_id: 7 } }] }, 'events.0.user.external_user_id', 'must be a string'],
		[{ events: [{ id: 'i', event_type: 'a', time: 1, user: {}, properties: [] }] }, 'events.0.properties', 'must be an object'],
	])('refuses %j naming %s', (body, field, message) => {
		const parsed = parseCurrentsBatch(body);
		expect(parsed).toMatchObject({ ok: false, field });
		if (!parsed.ok) expect(parsed.error).toContain(message);
	});

	it(`refuses more than ${MAX_EVENTS} events in one batch and names at most three issues`, () => {
		const many = Array.from({ length: MAX_EVENTS + 1 }, () => event('users.behaviors.CustomEvent'));
		expect(parseCurrentsBatch({ events: many })).toMatchObject({ ok: false, field: 'events' });
		const broken = parseCurrentsBatch({ events: Array.from({ length: 50 }, () => ({})) });
		expect(broken.ok).toBe(false);
		if (!broken.ok) expect(broken.error.split('; ').length).toBe(3);
	});
});

describe('event type filter', () => {
	it('matches exact names, "*" and ".*" prefixes, case-sensitively', () => {
		expect(eventTypeAllowed('users.messages.email.Bounce', ['users.messages.email.Bounce'])).toBe(true);
		expect(eventTypeAllowed('users.messages.email.SoftBounce', ['users.messages.email.Bounce'])).toBe(false);
		expect(eventTypeAllowed('users.messages.email.bounce', ['users.messages.email.Bounce'])).toBe(false);
		expect(eventTypeAllowed('users.messages.sms.Delivery', ['users.messages.sms.*'])).toBe(true);
		expect(eventTypeAllowed('users.messages.smsx.Delivery', ['users.messages.sms.*'])).toBe(false);
		expect(eventTypeAllowed('anything', ['*'])).toBe(true);
	});
});

describe('Currents batches', () => {
	it('answers 200 and starts one run with one item per event, in order, unknown fields kept', async () => {
		const events = [event('users.messages.email.Unsubscribe', { unknown_top: 1 }), event('users.behaviors.CustomEvent'), event('users.messages.email.Bounce')];
		const { reply, items, result } = await call({ headers: currentsHeaders, body: { events } });
		expect(reply).toMatchObject({ status: 200, body: { received: true, events: 3, accepted: 3, duplicates: 0, ignored: 0 } });
		expect(result.noWebhookResponse).toBe(true);
		expect(items).toEqual(events);
	});

	it('keeps only the chosen event types (list and free text); none left: 200 and no run', async () => {
		const events = [event('users.messages.email.Unsubscribe'), event('users.messages.email.Open'), event('users.messages.sms.Delivery'), event('users.behaviors.CustomEvent')];
		const parameters = { eventTypes: ['users.messages.email.Unsubscribe'], otherEventTypes: ' users.messages.sms.* , ' };
		const { reply, items } = await call({ headers: currentsHeaders, body: { events } }, parameters);
		expect(items.map((i) => i.event_type)).toEqual(['users.messages.email.Unsubscribe', 'users.messages.sms.Delivery']);
		expect(reply.body).toMatchObject({ accepted: 2, ignored: 2 });

		const none = await call({ headers: currentsHeaders, body: { events: [event('users.messages.email.Open')] } }, parameters);
		expect(none.result.workflowData).toBeUndefined();
		expect(none.reply).toMatchObject({ status: 200, body: { accepted: 0, ignored: 1 } });
	});

	it('drops events seen before, across resent batches and within one batch', async () => {
		const staticData: IDataObject = {};
		const a = event('users.messages.email.Unsubscribe');
		const b = event('users.messages.email.Bounce');
		const first = await call({ headers: currentsHeaders, body: { events: [a, b, a] }, staticData });
		expect(first.items.map((i) => i.id)).toEqual([a.id, b.id]);
		expect(first.reply.body).toMatchObject({ accepted: 2, duplicates: 1 });

		const c = event('users.behaviors.CustomEvent');
		const resent = await call({ headers: currentsHeaders, body: { events: [b, a, c] }, staticData });
		expect(resent.items.map((i) => i.id)).toEqual([c.id]);

		const again = await call({ headers: currentsHeaders, body: { events: [a, b, c] }, staticData });
		expect(again.result.workflowData).toBeUndefined();
		expect(again.reply).toMatchObject({ status: 200, body: { accepted: 0, duplicates: 3 } });
		// Hashed keys only: no event ID in the static data.
		expect(JSON.stringify(staticData)).not.toContain(String(a.id));
	});

	it('with Drop Repeated Events off, a resent batch runs again', async () => {
		const staticData: IDataObject = {};
		const a = event('users.messages.email.Unsubscribe');
		await call({ headers: currentsHeaders, body: { events: [a] }, staticData }, { dropRepeated: false });
		const again = await call({ headers: currentsHeaders, body: { events: [a] }, staticData }, { dropRepeated: false });
		expect(again.items).toHaveLength(1);
	});

	it('an empty batch is acknowledged without a run', async () => {
		const { reply, result } = await call({ headers: currentsHeaders, body: { events: [] } });
		expect(result.workflowData).toBeUndefined();
		expect(reply).toMatchObject({ status: 200, body: { events: 0, accepted: 0 } });
	});

	it('a bad body gets 400 naming the field, runs nothing and remembers nothing', async () => {
		const staticData: IDataObject = {};
		const good = event('users.messages.email.Unsubscribe');
		const { reply, result } = await call({ headers: currentsHeaders, body: { events: [good, { ...event('x'), id: 42 }] }, staticData });
		expect(result.workflowData).toBeUndefined();
		expect(reply).toMatchObject({ status: 400, body: { error: 'bad_request', field: 'events.1.id' } });
		// Braze resends the good event alone after a 400: it must still run.
		expect((await call({ headers: currentsHeaders, body: { events: [good] }, staticData })).items).toHaveLength(1);
	});

	it.each([
		['no header', {}],
		['wrong token', { authorization: 'Bearer wrong-token-0123456789abcdef' }],
		['token without Bearer', { authorization: ACCEPTED }],
		['token in another header', { 'x-braze-webhook-token': ACCEPTED }],
		['almost right', { authorization: `Bearer ${ACCEPTED}x` }],
	])('401 and no run on %s, never echoing the token', async (_label, auth) => {
		const { reply, result } = await call({ headers: { 'content-type': 'application/json', ...auth }, body: { events: [event('users.behaviors.CustomEvent')] } });
		expect(result.workflowData).toBeUndefined();
		expect(reply.status).toBe(401);
		expect(JSON.stringify(reply.body)).not.toContain(ACCEPTED);
	});

	it('an empty token in the credential accepts nobody', async () => {
		const { reply } = await call({ headers: { 'content-type': 'application/json', authorization: 'Bearer ' }, body: { events: [] } }, {}, { ...credentials, token: '' });
		expect(reply.status).toBe(401);
	});

	it('Authentication None needs no credential', async () => {
		const { reply, items } = await call({ headers: { 'content-type': 'application/json' }, body: { events: [event('users.behaviors.CustomEvent')] } }, { authentication: 'none' }, null);
		expect(reply.status).toBe(200);
		expect(items).toHaveLength(1);
	});

	it.each([
		['broken JSON', { headers: currentsHeaders, body: {}, rawBody: '{"events": [' }, 'not valid JSON'],
		['a JSON array', { headers: currentsHeaders, body: [{ events: [] }] }, 'must be a JSON object'],
		['text/plain', { headers: { ...currentsHeaders, 'content-type': 'text/plain' }, body: 'events' }, 'Content-Type'],
		['deep nesting', { headers: currentsHeaders, body: { events: [event('a', { properties: nested(40) })] } }, 'nested deeper'],
	])('400 and no run on %s', async (_label, request, message) => {
		const { reply, result } = await call(request as FakeRequest);
		expect(result.workflowData).toBeUndefined();
		expect(reply.status).toBe(400);
		expect(JSON.stringify(reply.body)).toContain(message);
	});
});

function nested(depth: number): IDataObject {
	let value: IDataObject = { leaf: true };
	for (let i = 0; i < depth; i++) value = { child: value };
	return value;
}

describe('webhook campaigns and Canvas steps', () => {
	const body = { external_id: 'user-7', email: 'ann@example.com', delivery_id: 'dispatch-1-user-7', score: 3 };

	it('turns the JSON body into one item after the header token check', async () => {
		const { reply, items } = await call({ headers: webhookHeaders, body }, { source: 'webhook' });
		expect(reply).toMatchObject({ status: 200, body: { received: true } });
		expect(items).toEqual([body]);
	});

	it('takes the token as Bearer when the credential header is Authorization', async () => {
		const asBearer = await call({ headers: { 'content-type': 'application/json', authorization: `Bearer ${ACCEPTED}` }, body: { a: 1 } }, { source: 'webhook' }, { ...credentials, headerName: 'Authorization' });
		expect(asBearer.items).toHaveLength(1);
		const wrongHeader = await call({ headers: { 'content-type': 'application/json', authorization: `Bearer ${ACCEPTED}` }, body: { a: 1 } }, { source: 'webhook' });
		expect(wrongHeader.reply.status).toBe(401);
		expect(JSON.stringify(wrongHeader.reply.body)).toContain('x-braze-webhook-token header');
	});

	it('a resent call (same delivery ID) is answered 200 and starts nothing; no delivery ID: every call runs', async () => {
		const staticData: IDataObject = {};
		expect((await call({ headers: webhookHeaders, body, staticData }, { source: 'webhook' })).items).toHaveLength(1);
		const again = await call({ headers: webhookHeaders, body, staticData }, { source: 'webhook' });
		expect(again.result.workflowData).toBeUndefined();
		expect(again.reply.body).toEqual({ received: true, duplicate: true });
		const noId = { external_id: 'user-7' };
		expect((await call({ headers: webhookHeaders, body: noId, staticData }, { source: 'webhook' })).items).toHaveLength(1);
		expect((await call({ headers: webhookHeaders, body: noId, staticData }, { source: 'webhook' })).items).toHaveLength(1);
	});

	it('401 on a wrong header token, 400 on a bad body', async () => {
		expect((await call({ headers: { ...webhookHeaders, 'x-braze-webhook-token': 'nope' }, body }, { source: 'webhook' })).reply.status).toBe(401);
		expect((await call({ headers: webhookHeaders, body: {}, rawBody: '{"external_id": ' }, { source: 'webhook' })).reply.status).toBe(400);
	});
});

describe('publishing and the credential test', () => {
	const hook = (parameters: IDataObject, credential: IDataObject) =>
		({
			getNodeParameter: (name: string, fallback?: unknown) => parameters[name] ?? fallback,
			getCredentials: async () => credential,
			getNode: () => ({ id: 'n1', name: 'Braze Trigger', type: 'n8n-nodes-braze.brazeTrigger', typeVersion: 1, position: [0, 0], parameters: {} }),
		}) as never;

	it('refuses to publish token authentication without a token', async () => {
		const create = node.webhookMethods.default.create;
		await expect(create.call(hook({ authentication: 'token' }, { token: '' }))).rejects.toThrow(/no Token/);
		await expect(create.call(hook({ authentication: 'token' }, credentials))).resolves.toBe(true);
		await expect(create.call(hook({ authentication: 'none' }, {}))).resolves.toBe(true);
	});

	it.each([
		[{ token: '' }, 'Error', 'Enter the token'],
		[{ token: `Bearer ${ACCEPTED}` }, 'Error', 'without the "Bearer " prefix'],
		[{ token: 'has space in it 0123456789' }, 'Error', 'letters, digits'],
		[{ token: 'short' }, 'Error', 'at least 16'],
		[{ token: ACCEPTED, headerName: 'X Bad' }, 'Error', 'header name'],
		[{ token: 'AbC0123456789+/_-.~==', headerName: 'X-Braze-Webhook-Token' }, 'OK', 'well formed'],
	])('checks %j locally', (data, status, message) => {
		const result = checkBrazeWebhookCredential(data);
		expect(result.status).toBe(status);
		expect(result.message).toContain(message);
	});
});

// ---------- every sample body in docs/braze-trigger.md and the templates' sticky notes ----------

const REPO = REPO_ROOT;
const TEMPLATES = ['braze-currents-unsubscribes-bounces.json', 'braze-canvas-webhook-tier.json'];

const template = loadTemplate;

function jsonBlocks(markdown: string): string[] {
	return [...markdown.matchAll(/```json\n([\s\S]*?)\n```/g)].map((match) => match[1]);
}

/** Stands in for Braze's Liquid: each {{...}} becomes a plausible rendered value. */
function renderLiquid(text: string): string {
	const values: Record<string, string> = { user_id: 'user-3001', braze_id: 'b-3001', email_address: 'dee@example.com', first_name: 'Dee' };
	return text.replace(/\{\{\s*(?:([a-z_]+)\.)?\$\{([a-z_]+)\}\s*\}\}/g, (_m, scope: string | undefined, name: string) =>
		scope === undefined ? (values[name] ?? '') : `${scope}-${name}-1`,
	);
}

const samples: Array<[string, string]> = [
	...jsonBlocks(readFileSync(join(REPO, 'docs', 'braze-trigger.md'), 'utf8')).map((block, i) => [`docs block ${i + 1}`, block] as [string, string]),
	...TEMPLATES.flatMap((file) =>
		template(file)
			.nodes.filter((n) => n.type === 'n8n-nodes-base.stickyNote')
			.flatMap((n) => jsonBlocks(String(n.parameters.content)).map((block) => [`${file} ${n.name}`, block] as [string, string])),
	),
];

/** Runs a template's Code node on items, as n8n's Code node (all items mode) would. */
function runCode(file: string, nodeName: string, items: IDataObject[]): IDataObject[] {
	const code = String(template(file).nodes.find((n) => n.name === nodeName)!.parameters.jsCode);
	const run = new Function('$input', code) as (input: { all: () => Array<{ json: IDataObject }> }) => Array<{ json: IDataObject }>;
	return run({ all: () => items.map((json) => ({ json })) }).map((item) => item.json);
}

describe('sample bodies', () => {
	it('docs and sticky notes hold at least the Currents batch, the Liquid body and a rendered body', () => {
		expect(samples.length).toBeGreaterThanOrEqual(6);
		expect(jsonBlocks(readFileSync(join(REPO, 'docs', 'braze-trigger.md'), 'utf8'))).toContain(WEBHOOK_BODY_TEMPLATE);
	});

	it.each(samples)('%s is one JSON key per line and is accepted by the trigger', async (_where, block) => {
		const lines = block.split('\n');
		for (const line of lines) expect((line.match(/":/g) ?? []).length).toBeLessThanOrEqual(1);
		const body = JSON.parse(block.includes('{{') ? renderLiquid(block) : block) as IDataObject;
		if (Array.isArray(body.events)) {
			const { reply, items } = await call({ headers: currentsHeaders, body });
			expect(reply.status).toBe(200);
			expect(items).toHaveLength(body.events.length);
		} else {
			const { reply, items } = await call({ headers: webhookHeaders, body }, { source: 'webhook' });
			expect(reply.status).toBe(200);
			expect(items).toEqual([body]);
			expect(String(body.external_id)).not.toContain('{{');
		}
	});
});

describe('templates', () => {
	it.each(TEMPLATES)('%s has a stable id and uses the installed node names', (file) => {
		const t = JSON.parse(readFileSync(join(REPO, 'workflows', file), 'utf8')) as { id: string; nodes: Array<{ name: string; type: string }> };
		expect(t.id).toMatch(/^nbrz\w+$/);
		expect(t.nodes.find((n) => n.name === 'Braze Trigger')!.type).toBe('n8n-nodes-braze.brazeTrigger');
	});

	it('the Currents template turns the sample batch into suppression records', async () => {
		const file = 'braze-currents-unsubscribes-bounces.json';
		const trigger = template(file).nodes.find((n) => n.name === 'Braze Trigger')!.parameters;
		const batch = samples.find(([where]) => where.startsWith(file))![1];
		const extra = event('users.messages.email.Open');
		const body = JSON.parse(batch) as { events: IDataObject[] };
		const { items } = await call({ headers: currentsHeaders, body: { events: [...body.events, extra] } }, trigger as IDataObject);
		expect(items).toHaveLength(2);
		expect(runCode(file, 'To Suppression Records', items)).toEqual([
			expect.objectContaining({ email: 'ann@example.com', external_id: 'user-1001', reason: 'unsubscribed', source: 'Spring Sale', occurred_at: '2026-01-01T00:00:00.000Z' }),
			expect.objectContaining({ email: 'bo@example.invalid', reason: 'hard_bounce', detail: '550 5.1.1 User unknown', source: 'Onboarding' }),
		]);
	});

	it('the Canvas template computes the tier from the sample call', () => {
		const file = 'braze-canvas-webhook-tier.json';
		const rendered = samples.find(([where]) => where === `${file} Sticky Note3`)![1];
		expect(runCode(file, 'Compute Loyalty Tier', [JSON.parse(rendered) as IDataObject])).toEqual([
			{ external_id: 'user-2001', loyalty_tier: 'gold', tier_source: '31234567-89ab-cdef-0123-456789abcdef' },
		]);
		expect(runCode(file, 'Compute Loyalty Tier', [{ external_id: 'u', orders: '3', lifetime_value: '' }])[0].loyalty_tier).toBe('silver');
		expect(runCode(file, 'Compute Loyalty Tier', [{ external_id: 'u' }])[0].loyalty_tier).toBe('bronze');
	});
});
