/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * Ketch -> Braze in real n8n: the workflows/ketch-preferences.json and ketch-rights-requests.json
 * templates, imported and published on the shared n8n, with the Braze credential pointed at a
 * local sandbox and Ketch's callbacks pointed at a small local server standing in for Ketch.
 * Ketch-shaped requests are POSTed to the production webhooks.
 */
import { randomUUID } from 'node:crypto';
import { type IncomingHttpHeaders, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { type Sandbox, startSandbox } from '../../sandbox/server';
import { loadTemplate, nodeOutput, sharedN8n, type Template } from '../../harness';
import { type KetchIdentity, emailIdentity, rightsRequest as ketchRightsRequest, subscriptionTopicRequest } from '../helpers/ketchRequests';

const n8n = sharedN8n();
const built = n8n.state.package !== undefined;

const BEARER = `dummy-ketch-e2e-${randomUUID()}`;
const CALLBACK_AUTH = `Bearer dummy-callback-${randomUUID()}`;
const BRAZE_API_KEY = 'dummy-ketch-e2e-braze-key';
const TRIGGER = 'Ketch Trigger';
const APPLY = 'Braze: Apply Changes';
const STATUS = 'Ketch: Send Status Event';
const GROUPS = { newsletter: 'group-ketch-newsletter', promotions: 'group-ketch-promotions' };

interface Received {
	path: string;
	headers: IncomingHttpHeaders;
	body: Record<string, unknown>;
}

/** The template as a user sets it up: their credentials, a fresh webhook ID, optional trigger parameters. */
function prepare(template: Template, credentials: { braze: string; ketch: string }, parameters: Record<string, unknown> = {}) {
	const webhookId = randomUUID();
	const nodes = template.nodes.map((node) => {
		const next = { ...node };
		if (node.name === TRIGGER) Object.assign(next, { webhookId, parameters: { ...node.parameters, ...parameters } });
		if (node.credentials?.brazeApi) next.credentials = { ...next.credentials, brazeApi: { id: credentials.braze, name: 'Braze sandbox (Ketch e2e)' } };
		if (node.credentials?.ketchApi) next.credentials = { ...next.credentials, ketchApi: { id: credentials.ketch, name: 'Ketch webhook (e2e)' } };
		return next;
	});
	return { workflow: { ...template, name: `${template.name} (e2e ${webhookId.slice(0, 8)})`, nodes }, path: `${webhookId}/webhook` };
}

const headers = { 'content-type': 'application/json', authorization: `Bearer ${BEARER}` };

const identity = emailIdentity;

function topicRequest(email: string, topics: Record<string, Record<string, { status: string }>>, submittedTimestamp: number, uid = randomUUID()) {
	return subscriptionTopicRequest({ email, topics, submittedTimestamp, uid });
}

function rightsRequest(kind: string, email: string, callbackUrl: string, uid = randomUUID(), identities: KetchIdentity[] = identity(email)) {
	return ketchRightsRequest({ kind, email, callbackUrl, callbackHeaders: { Authorization: CALLBACK_AUTH }, uid, identities });
}

async function settle(ms = 1500): Promise<void> {
	await new Promise((resolve) => setTimeout(resolve, ms));
}

/** Creates a Braze user in the sandbox through its REST API, as any client would. */
async function createBrazeUser(sandbox: Sandbox, externalId: string, email: string): Promise<void> {
	const res = await fetch(`${sandbox.url}/users/track`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', authorization: `Bearer ${BRAZE_API_KEY}` },
		body: JSON.stringify({ attributes: [{ external_id: externalId, email, first_name: 'Ann', plan: 'pro' }] }),
	});
	expect(res.status).toBe(201);
}

(built ? describe : describe.skip)('Ketch -> Braze templates in real n8n', () => {
	let sandbox: Sandbox;
	let callbackServer: Server;
	let callbackBase: string;
	const received: Received[] = [];
	let credentials: { braze: string; ketch: string };
	const workflows: string[] = [];
	let prefs: { id: string; path: string };
	let rights: { id: string; path: string };

	beforeAll(async () => {
		sandbox = await startSandbox({ apiKey: BRAZE_API_KEY });
		callbackServer = createServer((req, res) => {
			let text = '';
			req.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
			req.on('end', () => {
				received.push({ path: req.url ?? '', headers: req.headers, body: JSON.parse(text || '{}') as Record<string, unknown> });
				// A callback that redirects elsewhere: the node must not follow it.
				if ((req.url ?? '').startsWith('/callback/redirect')) res.writeHead(302, { location: `${callbackBase}/moved` });
				else res.writeHead(204);
				res.end();
			});
		});
		await new Promise<void>((resolve) => callbackServer.listen(0, '127.0.0.1', resolve));
		callbackBase = `http://127.0.0.1:${(callbackServer.address() as AddressInfo).port}`;

		const suffix = randomUUID().replace(/-/g, '').slice(0, 9);
		credentials = {
			braze: await n8n.importCredential({
				id: `ketchbz${suffix}`,
				name: 'Braze sandbox (Ketch e2e)',
				type: 'brazeApi',
				data: { apiKey: BRAZE_API_KEY, instance: 'custom', customUrl: sandbox.url, trackBatchLimit: 'combined50' },
			}),
			ketch: await n8n.importCredential({ id: `ketchwh${suffix}`, name: 'Ketch webhook (e2e)', type: 'ketchApi', data: { token: BEARER, allowLocalCallbacks: true } }),
		};

		const preferences = prepare(loadTemplate('ketch-preferences.json'), credentials, {
			topicMappings: {
				topics: [
					{ topic: 'newsletter', channel: 'email', subscriptionGroupId: GROUPS.newsletter },
					{ topic: 'promotions', channel: 'email', subscriptionGroupId: GROUPS.promotions },
				],
			},
		});
		// The template maps the email space; an account space mapped to External ID comes second.
		const rightsTemplate = prepare(loadTemplate('ketch-rights-requests.json'), credentials, {
			identitySpaces: {
				spaces: [
					{ identitySpace: 'email', brazeIdentifier: 'email' },
					{ identitySpace: 'account_id', brazeIdentifier: 'external_id' },
				],
			},
		});
		prefs = { id: await n8n.importWorkflow(preferences.workflow), path: preferences.path };
		rights = { id: await n8n.importWorkflow(rightsTemplate.workflow), path: rightsTemplate.path };
		workflows.push(prefs.id, rights.id);
		await n8n.publishWorkflow(prefs.id);
		await n8n.publishWorkflow(rights.id);
	}, 180_000);

	afterAll(async () => {
		for (const id of workflows) await n8n.unpublishWorkflow(id).catch(() => undefined);
		await sandbox?.close();
		if (callbackServer) await new Promise((resolve) => callbackServer.close(resolve));
	});

	beforeEach(() => {
		received.length = 0;
	});

	it("checks the Ketch credential with n8n's own credential test", async () => {
		expect(await n8n.testCredential(credentials.ketch)).toMatchObject({ status: 'OK' });
		expect(await n8n.testCredential(credentials.ketch, { token: 'Bearer abcdefghijklmnopqrstu' })).toMatchObject({
			status: 'Error',
			message: expect.stringMatching(/without the "Bearer " prefix/),
		});
	}, 30_000);

	describe('preferences', () => {
		const email = `ann.${randomUUID().slice(0, 8)}@example.com`;
		const base = 1_750_000_000;

		it('sets the mapped subscription groups in Braze, answering 204', async () => {
			const res = await n8n.webhook(
				prefs.path,
				topicRequest(email, { newsletter: { email: { status: 'granted' } }, promotions: { email: { status: 'denied' }, sms: { status: 'granted' } } }, base),
				{ headers },
			);
			expect(res.status).toBe(204);
			expect(res.text).toBe('');
			const [execution] = await n8n.waitForExecutions(prefs.id, 1);
			expect(execution.status).toBe('success');

			const [user] = sandbox.state.users.withEmail(email);
			expect(user?.subscription_groups).toEqual({ [GROUPS.newsletter]: 'subscribed', [GROUPS.promotions]: 'unsubscribed' });

			const run = (await n8n.getExecution(execution.id)).run;
			const [item] = nodeOutput(run, APPLY).map((i) => i.json as { ketch: { unmapped: string[] }; braze: { success: boolean; applied: number } });
			expect(item.ketch.unmapped).toEqual(['promotions/sms']);
			expect(item.braze).toMatchObject({ success: true, applied: 2 });
		}, 60_000);

		it('keeps the newest setting: an older opt-in delivered late changes nothing', async () => {
			const before = (await n8n.listExecutions(prefs.id)).length;
			const res = await n8n.webhook(prefs.path, topicRequest(email, { promotions: { email: { status: 'granted' } } }, base - 60), { headers });
			expect(res.status).toBe(204);
			const [execution] = await n8n.waitForExecutions(prefs.id, before + 1);
			expect(execution.status).toBe('success');
			const [user] = sandbox.state.users.withEmail(email);
			expect(user?.subscription_groups[GROUPS.promotions]).toBe('unsubscribed');
			const run = (await n8n.getExecution(execution.id)).run;
			const [item] = nodeOutput(run, TRIGGER).map((i) => i.json as { brazeChanges: unknown[]; ketch: { stale: string[] } });
			expect(item.brazeChanges).toEqual([]);
			expect(item.ketch.stale).toHaveLength(1);

			// A newer one applies.
			await n8n.webhook(prefs.path, topicRequest(email, { promotions: { email: { status: 'granted' } } }, base + 60), { headers });
			await n8n.waitForExecutions(prefs.id, before + 2);
			expect(sandbox.state.users.withEmail(email)[0].subscription_groups[GROUPS.promotions]).toBe('subscribed');
		}, 60_000);

		it('turns a denied global_subscription control into the global email state', async () => {
			const before = (await n8n.listExecutions(prefs.id)).length;
			const body = {
				apiVersion: 'subscription/v1',
				kind: 'SubscriptionControlRequest',
				metadata: { uid: randomUUID(), tenant: 'acme' },
				request: { property: 'website', environment: 'production', identities: identity(email), controls: { global_subscription: { status: 'denied' } }, submittedTimestamp: base + 120 },
			};
			expect((await n8n.webhook(prefs.path, body, { headers })).status).toBe(204);
			const [execution] = await n8n.waitForExecutions(prefs.id, before + 1);
			expect(execution.status).toBe('success');
			expect(sandbox.state.emails.get(email)?.subscription_state).toBe('unsubscribed');
		}, 60_000);

		it('answers a retried delivery (same metadata.uid) again but starts no second execution', async () => {
			const before = (await n8n.listExecutions(prefs.id)).length;
			const body = topicRequest(email, { newsletter: { email: { status: 'denied' } } }, base + 200);
			expect((await n8n.webhook(prefs.path, body, { headers })).status).toBe(204);
			await n8n.waitForExecutions(prefs.id, before + 1);
			expect((await n8n.webhook(prefs.path, body, { headers })).status).toBe(204);
			expect((await n8n.webhook(prefs.path, body, { headers })).status).toBe(204);
			await settle();
			expect(await n8n.listExecutions(prefs.id)).toHaveLength(before + 1);
		}, 60_000);

		it('answers 401 with Ketch\'s Error envelope for a wrong token, starting nothing', async () => {
			const before = (await n8n.listExecutions(prefs.id)).length;
			const res = await n8n.webhook(prefs.path, topicRequest(email, { newsletter: { email: { status: 'granted' } } }, base + 300), {
				headers: { ...headers, authorization: 'Bearer not-the-token' },
			});
			expect(res.status).toBe(401);
			expect(res.body).toMatchObject({ kind: 'Error', error: { code: 401, status: 'forbidden' } });
			const missing = await n8n.webhook(prefs.path, topicRequest(email, {}, base + 300), { headers: { 'content-type': 'application/json' } });
			expect(missing.status).toBe(401);
			await settle();
			expect(await n8n.listExecutions(prefs.id)).toHaveLength(before);
		}, 60_000);

		it('answers 400 naming the field for a payload that breaks the contract, starting nothing', async () => {
			const before = (await n8n.listExecutions(prefs.id)).length;
			const body = topicRequest(email, { newsletter: { email: { status: 'allowed' } } }, base + 400);
			const res = await n8n.webhook(prefs.path, body, { headers });
			expect(res.status).toBe(400);
			expect(res.body).toEqual({
				apiVersion: 'subscription/v1',
				kind: 'Error',
				metadata: body.metadata,
				error: { code: 400, status: 'invalid', message: 'request.topics.newsletter.email must be "granted" or "denied" (or {"status": "granted"})' },
			});
			const hashed = topicRequest(email, { newsletter: { email: { status: 'granted' } } }, base + 400);
			hashed.request.identities[0].identityFormat = 'md5';
			const refused = await n8n.webhook(prefs.path, hashed, { headers });
			expect(refused.status).toBe(400);
			expect(JSON.stringify(refused.body)).toMatch(/md5-hashed.*never sent to Braze/);
			await settle();
			expect(await n8n.listExecutions(prefs.id)).toHaveLength(before);
		}, 60_000);

		it('answers a rights request the preferences workflow does not handle with 501 unimplemented', async () => {
			const res = await n8n.webhook(prefs.path, rightsRequest('DeleteRequest', email, `${callbackBase}/unused`), { headers });
			expect(res.status).toBe(501);
			expect(res.body).toMatchObject({ kind: 'Error', error: { code: 501, status: 'unimplemented' } });
		}, 30_000);
	});

	describe('rights requests', () => {
		it('deletes the Braze user and reports completed to Ketch\'s callback, with its headers', async () => {
			const email = `del.${randomUUID().slice(0, 8)}@example.com`;
			await createBrazeUser(sandbox, `del-${randomUUID()}`, email);
			expect(sandbox.state.users.withEmail(email)).toHaveLength(1);

			const before = (await n8n.listExecutions(rights.id)).length;
			const body = rightsRequest('DeleteRequest', email, `${callbackBase}/callback/delete`);
			const res = await n8n.webhook(rights.path, body, { headers });
			expect(res.status).toBe(200);
			expect(res.body).toEqual({ apiVersion: 'dsr/v1', kind: 'DeleteResponse', metadata: body.metadata, response: { status: 'in_progress' } });

			const [execution] = await n8n.waitForExecutions(rights.id, before + 1);
			expect(execution.status).toBe('success');
			expect(sandbox.state.users.withEmail(email)).toEqual([]);

			expect(received).toHaveLength(1);
			expect(received[0].path).toBe('/callback/delete');
			expect(received[0].headers.authorization).toBe(CALLBACK_AUTH);
			expect(received[0].body).toEqual({
				apiVersion: 'dsr/v1',
				kind: 'DeleteStatusEvent',
				metadata: body.metadata,
				event: { status: 'completed', requestID: execution.id },
			});

			// The callback's Authorization value is nowhere in the execution data.
			const stored = await n8n.getExecution(execution.id);
			expect(JSON.stringify(stored.run)).not.toContain(CALLBACK_AUTH.slice('Bearer '.length));
			const [out] = nodeOutput(stored.run, STATUS).map((i) => i.json as { ketchStatusEvent: unknown });
			expect(out.ketchStatusEvent).toEqual({
				kind: 'DeleteStatusEvent',
				status: 'completed',
				documents: 0,
				callbacks: [{ url: `${callbackBase}/callback/delete`, statusCode: 204 }],
			});
		}, 60_000);

		async function accessRequest(email: string, identities: KetchIdentity[]) {
			const externalId = identities.find((i) => i.identitySpace === 'account_id')?.identityValue ?? `acc-${randomUUID()}`;
			await createBrazeUser(sandbox, externalId, email);
			const before = (await n8n.listExecutions(rights.id)).length;
			const body = rightsRequest('AccessRequest', email, `${callbackBase}/callback/access`, randomUUID(), identities);
			const res = await n8n.webhook(rights.path, body, { headers });
			expect(res.status).toBe(200);
			expect(res.body).toMatchObject({ kind: 'AccessResponse', response: { status: 'in_progress' } });
			const [execution] = await n8n.waitForExecutions(rights.id, before + 1);
			expect(execution.status).toBe('success');

			expect(received).toHaveLength(1);
			expect(received[0].headers.authorization).toBe(CALLBACK_AUTH);
			const event = received[0].body.event as { status: string; results: Array<{ data: string; headers: Record<string, string> }> };
			expect(received[0].body.kind).toBe('AccessStatusEvent');
			expect(event.status).toBe('completed');
			expect(event.results).toHaveLength(1);
			expect(event.results[0].headers).toEqual({ 'Content-Type': 'application/json' });
			const document = JSON.parse(Buffer.from(event.results[0].data, 'base64').toString('utf8')) as { braze: Record<string, unknown> };
			expect(document.braze).toMatchObject({ external_id: externalId, email, first_name: 'Ann' });
		}

		it('exports the Braze user (by External ID) for an access request and returns it to Ketch as a document', async () => {
			const externalId = `acc-${randomUUID()}`;
			await accessRequest(`access.${randomUUID().slice(0, 8)}@example.com`, [{ identitySpace: 'account_id', identityValue: externalId }]);
		}, 60_000);

		it('exports the Braze user by email for an access request', async () => {
			const email = `access.${randomUUID().slice(0, 8)}@example.com`;
			await accessRequest(email, identity(email));
		}, 60_000);

		it('reports no_match when Braze has no such user', async () => {
			const before = (await n8n.listExecutions(rights.id)).length;
			const body = rightsRequest('AccessRequest', 'nobody@example.com', `${callbackBase}/callback/none`, randomUUID(), [
				{ identitySpace: 'account_id', identityValue: `nobody-${randomUUID()}` },
			]);
			expect((await n8n.webhook(rights.path, body, { headers })).status).toBe(200);
			const [execution] = await n8n.waitForExecutions(rights.id, before + 1);
			expect(execution.status).toBe('success');
			expect(received[0].body.event).toMatchObject({ status: 'completed', reason: 'no_match' });
			expect((received[0].body.event as Record<string, unknown>).results).toBeUndefined();
		}, 60_000);

		it('answers a retried rights request with the same Response and starts nothing more', async () => {
			const email = `retry.${randomUUID().slice(0, 8)}@example.com`;
			await createBrazeUser(sandbox, `retry-${randomUUID()}`, email);
			const before = (await n8n.listExecutions(rights.id)).length;
			const body = rightsRequest('DeleteRequest', email, `${callbackBase}/callback/retry`);
			const first = await n8n.webhook(rights.path, body, { headers });
			await n8n.waitForExecutions(rights.id, before + 1);
			const retry = await n8n.webhook(rights.path, body, { headers });
			expect(retry.status).toBe(200);
			expect(retry.body).toEqual(first.body);
			await settle();
			expect(await n8n.listExecutions(rights.id)).toHaveLength(before + 1);
			expect(received).toHaveLength(1);
		}, 60_000);

		it('never follows a callback redirect: the Authorization stays with the callback host and the execution fails visibly', async () => {
			const email = `redir.${randomUUID().slice(0, 8)}@example.com`;
			await createBrazeUser(sandbox, `redir-${randomUUID()}`, email);
			const before = (await n8n.listExecutions(rights.id)).length;
			const res = await n8n.webhook(rights.path, rightsRequest('DeleteRequest', email, `${callbackBase}/callback/redirect`), { headers });
			expect(res.status).toBe(200);
			const [execution] = await n8n.waitForExecutions(rights.id, before + 1);
			expect(execution.status).toBe('error');
			expect(received.map((r) => r.path)).toEqual(['/callback/redirect']);
			const stored = await n8n.getExecution(execution.id);
			expect(JSON.stringify(stored.run)).toContain('answered HTTP 302 (a redirect, not followed');
		}, 60_000);

		it('refuses a rights request without a subject lastName (400, as Ketch\'s reference receiver) and starts nothing', async () => {
			const before = (await n8n.listExecutions(rights.id)).length;
			const body = rightsRequest('DeleteRequest', 'x@example.com', `${callbackBase}/callback/bad`);
			delete (body.request.subject as Partial<typeof body.request.subject>).lastName;
			const res = await n8n.webhook(rights.path, body, { headers });
			expect(res.status).toBe(400);
			expect(res.body).toMatchObject({ kind: 'Error', metadata: body.metadata, error: { code: 400, status: 'invalid', message: 'request.subject.lastName is required' } });
			const wrong = await n8n.webhook(rights.path, rightsRequest('DeleteRequest', 'x@example.com', `${callbackBase}/x`), {
				headers: { ...headers, authorization: 'Bearer nope' },
			});
			expect(wrong.status).toBe(401);
			await settle();
			expect(await n8n.listExecutions(rights.id)).toHaveLength(before);
			expect(received).toEqual([]);
		}, 60_000);
	});
});
