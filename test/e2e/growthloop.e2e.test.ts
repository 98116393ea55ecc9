/* eslint-disable @n8n/community-nodes/no-restricted-globals */
/**
 * GrowthLoop -> Braze in real n8n: workflows/growthloop-audience.json imported and published on
 * the shared n8n, its Braze credential pointed at a local sandbox. GrowthLoop-shaped add and
 * remove calls go to the production webhook; memberships are checked in the sandbox. Refused
 * calls (bad token 401, malformed body 400) must start no execution.
 */
import { randomUUID } from 'node:crypto';

import { CUSTOM_INSTANCE } from '../../nodes/shared/braze/instances';
import { type Sandbox, startSandbox } from '../../sandbox/server';
import { type Template, loadTemplate, nodeOutput, sharedN8n, withCredentials } from '../../harness';

jest.setTimeout(180_000);

const n8n = sharedN8n();
const built = n8n.state.package !== undefined;

const TOKEN = `gl-e2e-${randomUUID()}`;
const TRIGGER = 'GrowthLoop Trigger';
const APPLY = 'Braze: Apply Changes';

interface Credentials {
	braze: string;
	/** The GrowthLoop Webhook API credential holding TOKEN. */
	growthloop: string;
}

/** The template as a user sets it up: their credentials (the token is in the GrowthLoop Webhook API one), a fresh webhook ID. */
function prepare(credentials: Credentials, parameters: Record<string, unknown> = {}) {
	const template = loadTemplate('growthloop-audience.json');
	const webhookId = randomUUID();
	const nodes = withCredentials(template, {
		brazeApi: { id: credentials.braze, name: 'Braze sandbox (GrowthLoop e2e)' },
		growthLoopWebhookApi: { id: credentials.growthloop, name: 'GrowthLoop webhook (e2e)' },
	}).nodes.map((node) => (node.name === TRIGGER ? { ...node, webhookId, parameters: { ...node.parameters, ...parameters } } : node));
	return { workflow: { ...template, name: `${template.name} (e2e ${webhookId.slice(0, 8)})`, nodes }, webhookId };
}

const auth = { authorization: `Bearer ${TOKEN}` };

(built ? describe : describe.skip)('GrowthLoop -> Braze template in real n8n', () => {
	let sandbox: Sandbox;
	let credentials: Credentials;

	const flag = (id: string) => sandbox.state.user(id)?.custom_attributes.growthloop_audiences;

	async function seedUsers(ids: string[]): Promise<void> {
		const response = await fetch(`${sandbox.url}/users/track`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', authorization: 'Bearer sandbox-api-key' },
			body: JSON.stringify({ attributes: ids.map((external_id) => ({ external_id })) }),
		});
		expect(response.status).toBe(201);
	}

	async function publish(parameters: Record<string, unknown> = {}) {
		const { workflow, webhookId } = prepare(credentials, parameters);
		const id = await n8n.importWorkflow(workflow);
		await n8n.publishWorkflow(id);
		return { id, webhookId };
	}

	/** Waits for the n-th execution and returns it. */
	async function execution(workflowId: string, count: number) {
		const [latest] = await n8n.waitForExecutions(workflowId, count);
		expect(latest.status).toBe('success');
		return await n8n.getExecution(latest.id);
	}

	beforeAll(async () => {
		sandbox = await startSandbox();
		credentials = {
			braze: await n8n.importCredential({
				name: 'Braze sandbox (GrowthLoop e2e)',
				type: 'brazeApi',
				data: { apiKey: 'sandbox-api-key', instance: CUSTOM_INSTANCE, customUrl: sandbox.url, trackBatchLimit: 'combined50' },
			}),
			growthloop: await n8n.importCredential({
				name: 'GrowthLoop webhook (e2e)',
				type: 'growthLoopWebhookApi',
				data: { headerName: 'Authorization', token: TOKEN },
			}),
		};
	});

	afterAll(async () => {
		await sandbox?.close();
	});

	it('adds and removes audience members through the two URLs, and refuses bad calls', async () => {
		const users = ['gl_u1', 'gl_u2', 'gl_u3'];
		await seedUsers(users);
		const { id, webhookId } = await publish();
		const audience = { id: 'aud-42', name: 'Churn Risk' };

		const added = await n8n.webhook(`${webhookId}/add`, { audience, members: users.map((external_id) => ({ external_id, email: `${external_id}@example.com` })) }, { headers: auth });
		expect(added.status).toBe(200);
		const first = await execution(id, 1);
		const summary = nodeOutput(first.run, TRIGGER).at(-1)!.json.summary as Record<string, unknown>;
		expect(summary).toMatchObject({ action: 'add', audienceName: 'Churn Risk', members: 3, entered: 3 });
		expect(nodeOutput(first.run, APPLY)[0].json.braze).toMatchObject({ success: true, applied: 3 });
		for (const user of users) expect(flag(user)).toEqual(['Churn Risk']);

		// The bare token works too; a member unknown to Braze is not created.
		const removed = await n8n.webhook(`${webhookId}/remove`, { audience, members: [{ external_id: 'gl_u2' }, { external_id: 'gl_ghost' }] }, { headers: { authorization: TOKEN } });
		expect(removed.status).toBe(200);
		await execution(id, 2);
		expect(users.map(flag)).toEqual([['Churn Risk'], [], ['Churn Risk']]);
		expect(sandbox.state.user('gl_ghost')).toBeUndefined();

		// Refused: no execution starts, nothing changes.
		const wrongToken = await n8n.webhook(`${webhookId}/add`, { audience, members: [{ external_id: 'gl_u2' }] }, { headers: { authorization: 'Bearer wrong' } });
		expect(wrongToken.status).toBe(401);
		expect(wrongToken.body).toEqual({ error: 'unauthorized', message: 'Missing or wrong token' });
		const noToken = await n8n.webhook(`${webhookId}/add`, { audience, members: [{ external_id: 'gl_u2' }] });
		expect(noToken.status).toBe(401);
		// Broken JSON never reaches the node: n8n's body parser answers 422 itself.
		const brokenJson = await n8n.webhook(`${webhookId}/add`, undefined, { headers: { ...auth, 'content-type': 'application/json' }, rawBody: '{"members": [' });
		expect(brokenJson.status).toBe(422);
		const notJson = await n8n.webhook(`${webhookId}/add`, undefined, { headers: { ...auth, 'content-type': 'text/plain' }, rawBody: 'gl_u2' });
		expect(notJson.status).toBe(400);
		expect(notJson.body).toMatchObject({ error: 'bad_request', message: expect.stringContaining('Content-Type must be application/json') });
		const noMembers = await n8n.webhook(`${webhookId}/add`, { audience, users: ['gl_u2'] }, { headers: auth });
		expect(noMembers.status).toBe(400);
		expect(noMembers.body).toMatchObject({ error: 'bad_request', field: 'members', message: expect.stringContaining('Field "members" must be an array of members') });
		const noName = await n8n.webhook(`${webhookId}/add`, { audience: { id: 'aud-42' }, members: ['gl_u2'] }, { headers: auth });
		expect(noName.status).toBe(400);
		expect(noName.body).toMatchObject({ field: 'audience.name' });
		const unknownPath = await n8n.webhook(`${webhookId}/upsert`, { audience, members: ['gl_u2'] }, { headers: auth });
		expect(unknownPath.status).toBe(404);

		await new Promise((resolve) => setTimeout(resolve, 1500));
		expect(await n8n.listExecutions(id)).toHaveLength(2);
		expect(flag('gl_u2')).toEqual([]);
		await n8n.unpublishWorkflow(id);
	});

	it('reads the action from the body on one URL, with a boolean flag per audience', async () => {
		const users = ['gl_one_1', 'gl_one_2'];
		await seedUsers(users);
		const { id, webhookId } = await publish({ routing: 'actionField', writeMode: 'booleanAttribute' });
		const audience = { id: 'aud-7', name: 'High Value' };

		expect((await n8n.webhook(webhookId, { action: 'add', audience, members: users }, { headers: auth })).status).toBe(200);
		await execution(id, 1);
		expect((await n8n.webhook(webhookId, { action: 'remove', audience, members: ['gl_one_1'] }, { headers: auth })).status).toBe(200);
		await execution(id, 2);
		expect(users.map((u) => sandbox.state.user(u)?.custom_attributes.growthloop_high_value)).toEqual([false, true]);

		const badAction = await n8n.webhook(webhookId, { action: 'upsert', audience, members: users }, { headers: auth });
		expect(badAction.status).toBe(400);
		expect(badAction.body).toMatchObject({ field: 'action', message: expect.stringContaining('must be "add" or "remove"') });
		await new Promise((resolve) => setTimeout(resolve, 1500));
		expect(await n8n.listExecutions(id)).toHaveLength(2);
		await n8n.unpublishWorkflow(id);
	});

	it('imports the warehouse snapshot template as shipped', async () => {
		const id = await n8n.importWorkflow(loadTemplate('growthloop-warehouse-snapshot.json'));
		const stored = await n8n.rest<Template>('GET', `/rest/workflows/${id}`);
		expect(stored.nodes.map((node) => node.type)).toEqual(
			expect.arrayContaining(['n8n-nodes-braze.kubit', 'n8n-nodes-braze.braze', 'n8n-nodes-base.postgres']),
		);
	});
});
