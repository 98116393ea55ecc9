/* eslint-disable @n8n/community-nodes/no-restricted-globals */
/**
 * Komo -> Braze in real n8n: the workflows/komo-to-braze.json template, imported and published
 * on the shared n8n, with its Braze credential pointed at a local sandbox. Komo-shaped bodies are
 * POSTed to the production webhook; the profiles are checked in the sandbox state.
 */
import { randomUUID } from 'node:crypto';

import { FIXTURE_IDS, type Sandbox, startSandbox } from '../../sandbox/server';
import { loadTemplate, nodeOutput, sharedN8n, type Template, withCredentials } from '../../harness';

const n8n = sharedN8n();
const built = n8n.state.package !== undefined;

const SECRET = `komo-e2e-${randomUUID()}`;
const TRIGGER = 'Komo Trigger';
const APPLY = 'Braze: Apply Changes';

interface Credentials {
	braze: string;
	/** The Komo Webhook API credential holding SECRET. */
	komo: string;
}

/**
 * The template as a user would set it up: their credentials (the secret is in the Komo Webhook API
 * one), and a fresh webhook ID (n8n gives one per node; several copies share this n8n).
 * Parameter overrides are optional.
 */
function prepare(template: Template, credentials: Credentials, parameters: Record<string, unknown> = {}) {
	const webhookId = randomUUID();
	const nodes = withCredentials(template, {
		brazeApi: { id: credentials.braze, name: 'Braze sandbox (Komo e2e)' },
		komoWebhookApi: { id: credentials.komo, name: 'Komo webhook (e2e)' },
	}).nodes.map((node) => (node.name === TRIGGER ? { ...node, webhookId, parameters: { ...node.parameters, ...parameters } } : node));
	return { workflow: { ...template, name: `${template.name} (e2e ${webhookId.slice(0, 8)})`, nodes }, path: `${webhookId}/webhook` };
}

const headers = { 'content-type': 'application/json', 'x-komo-token': SECRET };

function komoBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		trigger: 'Gameplay.DataCaptured',
		occurredAt: '2026-01-31T12:00:00Z',
		entryId: `entry-${randomUUID()}`,
		card: { id: 'card-7', name: 'World Cup Predictor' },
		contact: { email: 'Ann.Komo@Example.com', phone: '+447700900123' },
		form: { first_name: 'Ann', last_name: 'Lee', dob: '1990-04-23', favourite_team: 'Reds' },
		answers: [
			{ id: 'q1', question: 'Who wins the final?', answer: 'Reds', type: 'poll' },
			{ id: 'q2', question: 'Total goals?', answer: 3 },
		],
		consent: { marketing: true },
		...overrides,
	};
}

async function settle(ms = 1500): Promise<void> {
	await new Promise((resolve) => setTimeout(resolve, ms));
}

(built ? describe : describe.skip)('Komo -> Braze template in real n8n', () => {
	let sandbox: Sandbox;
	let credentials: Credentials;
	let workflowId: string;
	let path: string;

	beforeAll(async () => {
		sandbox = await startSandbox({ apiKey: 'komo-e2e-key' });
		const suffix = randomUUID().replace(/-/g, '').slice(0, 9);
		credentials = {
			braze: await n8n.importCredential({
				id: `komoe2e${suffix}`,
				name: 'Braze sandbox (Komo e2e)',
				type: 'brazeApi',
				data: { apiKey: 'komo-e2e-key', instance: 'custom', customUrl: sandbox.url, trackBatchLimit: 'combined50' },
			}),
			komo: await n8n.importCredential({
				id: `komowh${suffix}`,
				name: 'Komo webhook (e2e)',
				type: 'komoWebhookApi',
				data: { headerName: 'X-Komo-Token', secret: SECRET },
			}),
		};
		const prepared = prepare(loadTemplate('komo-to-braze.json'), credentials);
		path = prepared.path;
		workflowId = await n8n.importWorkflow(prepared.workflow);
		await n8n.publishWorkflow(workflowId);
	}, 120_000);

	afterAll(async () => {
		if (workflowId) await n8n.unpublishWorkflow(workflowId).catch(() => undefined);
		await sandbox?.close();
	});

	const alias = { alias_name: 'ann.komo@example.com', alias_label: 'email' };

	it('creates the alias-only profile from a data-capture entry: mapped fields and the answers event', async () => {
		const res = await n8n.webhook(path, komoBody(), { headers });
		// Respond "When Braze Has the Changes": n8n answers 200 (no body) once the run is done.
		expect(res.status).toBe(200);
		expect(res.body).toEqual('');
		const [execution] = await n8n.waitForExecutions(workflowId, 1);
		expect(execution.status).toBe('success');

		const run = (await n8n.getExecution(execution.id)).run;
		const [item] = nodeOutput(run, APPLY).map((i) => i.json as { braze: { success: boolean; applied: number }; komo: { trigger: string } });
		expect(item.komo.trigger).toBe('Gameplay.DataCaptured');
		expect(item.braze).toMatchObject({ success: true, applied: 2 });

		const user = sandbox.state.users.byAliasOf(alias);
		expect(user).toBeDefined();
		expect(user!.external_id).toBeUndefined();
		expect(user!.email).toBe('ann.komo@example.com');
		expect(user!.attributes).toMatchObject({ first_name: 'Ann', last_name: 'Lee', dob: '1990-04-23' });
		expect(user!.custom_attributes).toMatchObject({ favourite_team: 'Reds' });
		expect(user!.custom_events).toEqual([
			expect.objectContaining({
				name: 'komo_quiz_answered',
				properties: expect.objectContaining({ q1: 'Reds', q2: 3, card_id: 'card-7', komo_trigger: 'Gameplay.DataCaptured' }),
			}),
		]);
		// Consent is off in the template: no subscription request went out.
		expect(sandbox.state.requests.list({ path: '/v2/subscription/status/set' })).toEqual([]);
	}, 60_000);

	it('builds the profile progressively: empty or missing answers never overwrite', async () => {
		const body = komoBody({
			trigger: 'Gameplay.DataCapturedQualified',
			form: { first_name: '', last_name: null, favourite_team: 'Blues' },
			answers: [{ id: 'q3', question: 'Man of the match?', answer: 'Kim' }],
		});
		const before = (await n8n.listExecutions(workflowId)).length;
		expect((await n8n.webhook(path, body, { headers })).status).toBe(200);
		const executions = await n8n.waitForExecutions(workflowId, before + 1);
		expect(executions[0].status).toBe('success');

		const user = sandbox.state.users.byAliasOf(alias)!;
		expect(user.attributes).toMatchObject({ first_name: 'Ann', last_name: 'Lee' });
		expect(user.custom_attributes).toMatchObject({ favourite_team: 'Blues' });
		expect(user.custom_events.map((e) => e.properties?.q3 ?? e.properties?.q1)).toEqual(['Reds', 'Kim']);
		// Still one profile for the contact.
		expect(sandbox.state.users.withEmail('ann.komo@example.com')).toHaveLength(1);
	}, 60_000);

	it('acknowledges a trigger the template does not listen to without running', async () => {
		const before = (await n8n.listExecutions(workflowId)).length;
		const res = await n8n.webhook(path, komoBody({ trigger: 'Prize.Won' }), { headers });
		expect(res.status).toBe(200);
		expect(res.body).toMatchObject({ ignored: true });
		await settle();
		expect(await n8n.listExecutions(workflowId)).toHaveLength(before);
	}, 30_000);

	it('401 on a wrong or missing secret: nothing reaches Braze, no execution', async () => {
		const before = (await n8n.listExecutions(workflowId)).length;
		const requestsBefore = sandbox.state.requests.total;
		const wrong = await n8n.webhook(path, komoBody({ contact: { email: 'mallory@example.com' } }), {
			headers: { ...headers, 'x-komo-token': 'not-the-secret' },
		});
		expect(wrong.status).toBe(401);
		expect(wrong.body).toMatchObject({ error: 'unauthorized' });
		expect(wrong.text).not.toContain(SECRET);
		const missing = await n8n.webhook(path, komoBody(), { headers: { 'content-type': 'application/json' } });
		expect(missing.status).toBe(401);
		await settle();
		expect(await n8n.listExecutions(workflowId)).toHaveLength(before);
		expect(sandbox.state.requests.total).toBe(requestsBefore);
		expect(sandbox.state.users.byAliasOf({ alias_name: 'mallory@example.com', alias_label: 'email' })).toBeUndefined();
	}, 30_000);

	it('4xx naming the problem on invalid JSON (422 from n8n), a wrong content type and a missing identity (400); no execution', async () => {
		const before = (await n8n.listExecutions(workflowId)).length;
		const requestsBefore = sandbox.state.requests.total;

		// n8n parses application/json bodies itself before any trigger runs and refuses broken JSON
		// with 422 (the node's own 400 for it only applies where n8n hands the raw text over).
		const invalid = await n8n.webhook(path, undefined, { headers, rawBody: '{"trigger": "Gameplay.DataCaptured", "contact": ' });
		expect(invalid.status).toBe(422);
		expect(invalid.body).toMatchObject({ message: 'Failed to parse request body', hint: expect.stringMatching(/JSON/) });

		const text = await n8n.webhook(path, undefined, { headers: { ...headers, 'content-type': 'text/plain' }, rawBody: 'hello' });
		expect(text.status).toBe(400);
		expect(text.body).toMatchObject({ message: expect.stringMatching(/Content-Type must be application\/json/) });

		const noIdentity = await n8n.webhook(path, komoBody({ contact: { phone: '+447700900123' } }), { headers });
		expect(noIdentity.status).toBe(400);
		expect(noIdentity.body).toMatchObject({ field: 'contact.email', message: expect.stringContaining('"contact.email"') });

		await settle();
		expect(await n8n.listExecutions(workflowId)).toHaveLength(before);
		expect(sandbox.state.requests.total).toBe(requestsBefore);
	}, 30_000);

	it('with External ID mapping and consent on: profile, event and subscription-group opt-in', async () => {
		const prepared = prepare(loadTemplate('komo-to-braze.json'), credentials, {
			userMapping: 'external_id',
			externalIdPath: 'contact.externalId',
			subscribeOnConsent: true,
			consentPath: 'consent.marketing',
			subscriptionGroupId: 'komo-e2e-newsletter',
		});
		const id = await n8n.importWorkflow(prepared.workflow);
		await n8n.publishWorkflow(id);
		try {
			const body = komoBody({ contact: { externalId: 'komo-user-42', email: 'bo@example.com' }, form: { first_name: 'Bo' } });
			expect((await n8n.webhook(prepared.path, body, { headers })).status).toBe(200);
			const [execution] = await n8n.waitForExecutions(id, 1);
			expect(execution.status).toBe('success');
			const user = sandbox.state.user('komo-user-42');
			expect(user).toBeDefined();
			expect(user!.attributes).toMatchObject({ first_name: 'Bo' });
			expect(user!.email).toBe('bo@example.com');
			expect(user!.custom_events.map((e) => e.name)).toEqual(['komo_quiz_answered']);
			expect(user!.subscription_groups).toEqual({ 'komo-e2e-newsletter': 'subscribed' });
			expect(sandbox.state.requests.list({ path: '/v2/subscription/status/set' })).toHaveLength(1);
		} finally {
			await n8n.unpublishWorkflow(id);
		}
	}, 90_000);

	it('with the default alias mapping and consent on: the opt-in lands on the one alias profile', async () => {
		const prepared = prepare(loadTemplate('komo-to-braze.json'), credentials, {
			subscribeOnConsent: true,
			consentPath: 'consent.marketing',
			subscriptionGroupId: 'komo-e2e-sms-or-email',
		});
		const id = await n8n.importWorkflow(prepared.workflow);
		await n8n.publishWorkflow(id);
		try {
			const contacts = Array.from({ length: 6 }, (_, i) => `fan${i}-${randomUUID().slice(0, 6)}@example.com`);
			for (const [i, email] of contacts.entries()) {
				const body = komoBody({ contact: { email }, form: { first_name: `Fan ${i}` }, consent: { marketing: i % 2 === 0 ? 'yes' : 'no' } });
				expect((await n8n.webhook(prepared.path, body, { headers })).status).toBe(200);
			}
			const executions = await n8n.waitForExecutions(id, contacts.length);
			expect(executions.map((e) => e.status)).toEqual(contacts.map(() => 'success'));
			for (const [i, email] of contacts.entries()) {
				const profiles = sandbox.state.users.withEmail(email);
				expect(profiles).toHaveLength(1);
				expect(profiles[0].user_aliases).toEqual([{ alias_name: email, alias_label: 'email' }]);
				expect(profiles[0].subscription_groups).toEqual(i % 2 === 0 ? { 'komo-e2e-sms-or-email': 'subscribed' } : {});
			}
		} finally {
			await n8n.unpublishWorkflow(id);
		}
	}, 90_000);

	it('the transactional-email template: profile first, then one email per qualified entry', async () => {
		const template = loadTemplate('komo-transactional-email.json');
		const prepared = prepare(template, credentials);
		// The one setting a user must make: their Transactional Email campaign.
		const send = prepared.workflow.nodes.find((node) => node.name === 'Braze: Send Transactional Email')!;
		send.parameters = { ...send.parameters, campaignId: { __rl: true, mode: 'id', value: FIXTURE_IDS.campaigns.receipt } };
		const id = await n8n.importWorkflow(prepared.workflow);
		await n8n.publishWorkflow(id);
		try {
			const entryId = `entry-${randomUUID().slice(0, 8)}`;
			const body = komoBody({
				trigger: 'Gameplay.DataCapturedQualified',
				entryId,
				contact: { externalId: 'komo-mail-7', email: 'cy@example.com' },
				form: { first_name: 'Cy' },
			});
			// Only qualified entries send: a plain data capture is acknowledged and ignored.
			const ignored = await n8n.webhook(prepared.path, { ...body, trigger: 'Gameplay.DataCaptured' }, { headers });
			expect(ignored.body).toMatchObject({ ignored: true });
			expect((await n8n.webhook(prepared.path, body, { headers })).status).toBe(200);
			// Komo calling twice for the same entry: the trigger answers the repeat and starts
			// nothing (the send also carries external_send_id, Braze's own guard).
			const repeat = await n8n.webhook(prepared.path, body, { headers });
			expect(repeat.status).toBe(200);
			expect(repeat.body).toMatchObject({ duplicate: true });
			const executions = await n8n.waitForExecutions(id, 1);
			expect(executions.map((e) => e.status)).toEqual(['success']);

			expect(sandbox.state.user('komo-mail-7')?.attributes).toMatchObject({ first_name: 'Cy' });
			const sends = sandbox.state.sends.records.filter((r) => r.type === 'transactional' && r.external_send_id === `komo-${entryId}`);
			expect(sends).toHaveLength(1);
			expect(sends[0]).toMatchObject({ campaign_id: FIXTURE_IDS.campaigns.receipt, recipients: [expect.objectContaining({ external_user_id: 'komo-mail-7' })] });
			const properties = (sends[0].trigger_properties ?? sends[0].recipients[0].trigger_properties) as Record<string, unknown>;
			expect(properties).toMatchObject({ first_name: 'Cy', card_name: 'World Cup Predictor' });
		} finally {
			await n8n.unpublishWorkflow(id);
		}
	}, 90_000);
});
