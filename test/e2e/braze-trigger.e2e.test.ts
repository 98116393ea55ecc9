/* eslint-disable @n8n/community-nodes/no-restricted-globals */
/**
 * Braze Trigger in real n8n: both templates, imported and published on the shared n8n. Currents
 * batches (duplicates, unknown fields, types the template does not take) and Canvas webhook calls
 * are POSTed to the production webhooks; the Canvas template writes back to a local sandbox.
 * The sample bodies are the ones in the templates' sticky notes.
 */
import { randomUUID } from 'node:crypto';

import { type Sandbox, startSandbox } from '../../sandbox/server';
import { loadTemplate, nodeOutput, sharedN8n, type Template, withCredentials } from '../../harness';

const n8n = sharedN8n();
const built = n8n.state.package !== undefined;

const ACCEPTED = `braze-e2e-${randomUUID()}`;
const TRIGGER = 'Braze Trigger';
/** The sandbox's REST key, fresh per run. */
const SANDBOX_KEY = `sandbox-${randomUUID()}`;

function prepare(template: Template, credentials: Record<string, { id: string; name: string }>) {
	const webhookId = randomUUID();
	const nodes = withCredentials(template, credentials).nodes.map((node) => (node.name === TRIGGER ? { ...node, webhookId } : node));
	return { workflow: { ...template, name: `${template.name} (e2e ${webhookId.slice(0, 8)})`, nodes }, path: `${webhookId}/webhook` };
}

/** The JSON sample in a template's sticky note. */
function stickySample(template: Template, noteName: string): Record<string, unknown> {
	const note = template.nodes.find((node) => node.name === noteName)!;
	const block = /```json\n([\s\S]*?)\n```/.exec(String(note.parameters.content))![1];
	return JSON.parse(block) as Record<string, unknown>;
}

async function settle(ms = 1500): Promise<void> {
	await new Promise((resolve) => setTimeout(resolve, ms));
}

(built ? describe : describe.skip)('Braze Trigger templates in real n8n', () => {
	let sandbox: Sandbox;
	let token: { id: string; name: string };

	beforeAll(async () => {
		sandbox = await startSandbox({ apiKey: SANDBOX_KEY });
		const suffix = randomUUID().replace(/-/g, '').slice(0, 9);
		token = {
			id: await n8n.importCredential({
				id: `brzwh${suffix}`,
				name: 'Braze webhook token (e2e)',
				type: 'brazeWebhookApi',
				data: { headerName: 'X-Braze-Webhook-Token', token: ACCEPTED },
			}),
			name: 'Braze webhook token (e2e)',
		};
	}, 120_000);

	afterAll(async () => {
		await sandbox?.close();
	});

	describe('Currents → suppression records', () => {
		const template = loadTemplate('braze-currents-unsubscribes-bounces.json');
		const sample = stickySample(template, 'Sticky Note2') as { events: Array<Record<string, unknown>> };
		const headers = { 'content-type': 'application/json', authorization: `Bearer ${ACCEPTED}`, 'braze-currents-version': '1' };
		let workflowId: string;
		let path: string;

		beforeAll(async () => {
			const prepared = prepare(template, { brazeWebhookApi: token });
			path = prepared.path;
			workflowId = await n8n.importWorkflow(prepared.workflow);
			await n8n.publishWorkflow(workflowId);
		}, 120_000);

		afterAll(async () => {
			if (workflowId) await n8n.unpublishWorkflow(workflowId).catch(() => undefined);
		});

		it('a batch with a duplicate, unknown fields and an unchosen type: one run, one item per new chosen event', async () => {
			const [unsubscribe, bounce] = sample.events;
			const open = { ...unsubscribe, id: `open-${randomUUID()}`, event_type: 'users.messages.email.Open' };
			const withUnknown = { ...bounce, added_by_braze_later: { nested: [1, 2] } };
			const body = { events: [unsubscribe, withUnknown, unsubscribe, open], batch_id: 'unknown-top-level' };
			const res = await n8n.webhook(path, body, { headers });
			expect(res.status).toBe(200);
			expect(res.body).toEqual({ received: true, events: 4, accepted: 2, duplicates: 1, ignored: 1 });

			const [execution] = await n8n.waitForExecutions(workflowId, 1);
			expect(execution.status).toBe('success');
			const run = (await n8n.getExecution(execution.id)).run;
			const events = nodeOutput(run, TRIGGER).map((item) => item.json as Record<string, unknown>);
			expect(events.map((e) => e.event_type)).toEqual(['users.messages.email.Unsubscribe', 'users.messages.email.Bounce']);
			expect(events[1].added_by_braze_later).toEqual({ nested: [1, 2] });
			const records = nodeOutput(run, 'Write to CRM').map((item) => item.json);
			expect(records).toEqual([
				expect.objectContaining({ email: 'ann@example.com', external_id: 'user-1001', reason: 'unsubscribed', occurred_at: '2026-01-01T00:00:00.000Z' }),
				expect.objectContaining({ email: 'bo@example.invalid', reason: 'hard_bounce', detail: '550 5.1.1 User unknown' }),
			]);
		}, 60_000);

		it('the same batch resent (a Braze retry) is answered 200 and starts nothing; a new event in it runs alone', async () => {
			const before = (await n8n.listExecutions(workflowId)).length;
			const resent = await n8n.webhook(path, sample, { headers });
			expect(resent.status).toBe(200);
			expect(resent.body).toMatchObject({ accepted: 0, duplicates: 2 });
			await settle();
			expect(await n8n.listExecutions(workflowId)).toHaveLength(before);

			const fresh = { ...sample.events[0], id: `new-${randomUUID()}`, properties: { email_address: 'cy@example.com' } };
			const mixed = await n8n.webhook(path, { events: [...sample.events, fresh] }, { headers });
			expect(mixed.body).toMatchObject({ accepted: 1, duplicates: 2 });
			const [execution] = await n8n.waitForExecutions(workflowId, before + 1);
			const run = (await n8n.getExecution(execution.id)).run;
			expect(nodeOutput(run, 'Write to CRM').map((item) => item.json.email)).toEqual(['cy@example.com']);
		}, 60_000);

		it('401 on a missing, wrong or non-Bearer token; 400 naming the field on a bad batch; no execution', async () => {
			const before = (await n8n.listExecutions(workflowId)).length;
			const fresh = { events: [{ ...sample.events[0], id: `x-${randomUUID()}` }] };
			for (const authorization of [undefined, 'Bearer not-the-token', ACCEPTED]) {
				const res = await n8n.webhook(path, fresh, { headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) } });
				expect(res.status).toBe(401);
				expect(res.text).not.toContain(ACCEPTED);
			}
			const bad = await n8n.webhook(path, { events: [{ ...sample.events[0], id: `y-${randomUUID()}` }, { event_type: 'users.behaviors.CustomEvent', time: 1, user: {} }] }, { headers });
			expect(bad.status).toBe(400);
			expect(bad.body).toMatchObject({ field: 'events.1.id', message: expect.stringContaining('events.1.id is required') });
			await settle();
			expect(await n8n.listExecutions(workflowId)).toHaveLength(before);
		}, 60_000);

		it('hostile bodies: over the size limit, 10,000 levels deep, broken JSON; nothing runs', async () => {
			const before = (await n8n.listExecutions(workflowId)).length;
			const event = { ...sample.events[0], id: `h-${randomUUID()}` };
			const huge = await n8n.webhook(path, undefined, { headers, rawBody: JSON.stringify({ events: [{ ...event, padding: 'x'.repeat(17 * 1024 * 1024) }] }) });
			expect([413, 500]).toContain(huge.status);
			const deep = await n8n.webhook(path, undefined, { headers, rawBody: JSON.stringify({ events: [{ ...event, properties: {} }] }).replace('"properties":{}', `"properties":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`) });
			expect([400, 413, 422]).toContain(deep.status);
			const broken = await n8n.webhook(path, undefined, { headers, rawBody: '{"events": [{"id": ' });
			expect(broken.status).toBe(422);
			await settle();
			expect(await n8n.listExecutions(workflowId)).toHaveLength(before);
			// The event of the refused bodies was never remembered: sent properly, it runs.
			expect((await n8n.webhook(path, { events: [event] }, { headers })).body).toMatchObject({ accepted: 1 });
			await n8n.waitForExecutions(workflowId, before + 1);
		}, 90_000);
	});

	describe('Canvas webhook step → tier → User > Track', () => {
		const template = loadTemplate('braze-canvas-webhook-tier.json');
		const call = stickySample(template, 'Sticky Note3');
		const headers = { 'content-type': 'application/json', 'x-braze-webhook-token': ACCEPTED };
		let workflowId: string;
		let path: string;

		beforeAll(async () => {
			const braze = await n8n.importCredential({
				id: `brzcv${randomUUID().replace(/-/g, '').slice(0, 9)}`,
				name: 'Braze sandbox (Braze Trigger e2e)',
				type: 'brazeApi',
				data: { apiKey: SANDBOX_KEY, instance: 'custom', customUrl: sandbox.url, trackBatchLimit: 'combined50' },
			});
			const prepared = prepare(template, { brazeWebhookApi: token, brazeApi: { id: braze, name: 'Braze sandbox (Braze Trigger e2e)' } });
			path = prepared.path;
			workflowId = await n8n.importWorkflow(prepared.workflow);
			await n8n.publishWorkflow(workflowId);
			// The user the Canvas step runs for already exists in Braze (the template updates existing users only).
			sandbox.state.users.setExternalId(sandbox.state.users.create(), String(call.external_id));
		}, 120_000);

		afterAll(async () => {
			if (workflowId) await n8n.unpublishWorkflow(workflowId).catch(() => undefined);
		});

		it('the sample call writes the computed tier and event back to the user', async () => {
			const res = await n8n.webhook(path, call, { headers });
			expect(res.status).toBe(200);
			expect(res.body).toEqual({ received: true });
			const [execution] = await n8n.waitForExecutions(workflowId, 1);
			expect(execution.status).toBe('success');
			const user = sandbox.state.user(String(call.external_id))!;
			expect(user.custom_attributes).toMatchObject({ loyalty_tier: 'gold' });
			expect(user.custom_events).toEqual([expect.objectContaining({ name: 'loyalty_tier_computed', properties: expect.objectContaining({ tier: 'gold' }) })]);
			const tracks = sandbox.state.requests.list({ path: '/users/track' });
			expect(tracks).toHaveLength(1);
		}, 60_000);

		it('a resent call (same delivery_id) starts nothing; a wrong token gets 401; Braze gets nothing more', async () => {
			const before = (await n8n.listExecutions(workflowId)).length;
			const requests = sandbox.state.requests.total;
			const again = await n8n.webhook(path, call, { headers });
			expect(again.status).toBe(200);
			expect(again.body).toEqual({ received: true, duplicate: true });
			const wrong = await n8n.webhook(path, { ...call, delivery_id: `d-${randomUUID()}` }, { headers: { ...headers, 'x-braze-webhook-token': 'nope' } });
			expect(wrong.status).toBe(401);
			const bearerElsewhere = await n8n.webhook(path, { ...call, delivery_id: `d-${randomUUID()}` }, { headers: { 'content-type': 'application/json', authorization: `Bearer ${ACCEPTED}` } });
			expect(bearerElsewhere.status).toBe(401);
			await settle();
			expect(await n8n.listExecutions(workflowId)).toHaveLength(before);
			expect(sandbox.state.requests.total).toBe(requests);
		}, 60_000);
	});
});
