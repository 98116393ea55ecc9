/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, no-console */
/**
 * Privacy flows under failure, races and replays (issue 18), in a real n8n 2.40.7 with the
 * templates as shipped: ketch-preferences.json, ketch-rights-requests.json and komo-to-braze.json.
 *
 * 1. Braze fails past the node's retries (every request 500), then recovers. A partner that
 *    behaves as Ketch documents ("will try 3 times") delivers opt-outs, Komo entries and delete
 *    requests during the outage and retries after it. Every change must end up in Braze exactly
 *    once, every rights request must be completed or reported failed to Ketch (status event with
 *    a reason) with a failed n8n execution, and nothing is lost.
 * 2. Replays: each delivery re-sent the instant its answer arrives (sequential) starts no second
 *    run; 50 identical deliveries sent at once start one run and reach Braze once.
 *
 *   npm run build && npx jest -c test/faults/jest.config.js privacy
 *
 * The figures it prints are the ones docs/reliability.md quotes.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { type Sandbox, startSandbox } from '../../sandbox/server';
import { type N8nServer, REPO_ROOT, type Template, loadTemplate, packPackage, startN8n, withCredentials } from '../../harness';
import { rightsRequest, subscriptionTopicRequest } from '../helpers/ketchRequests';

jest.setTimeout(900_000);

const BRAZE_KEY = `privacy-${randomUUID()}`;
const KETCH_TOKEN = `dummy-ketch-privacy-${randomUUID()}`;
const KOMO_SECRET = `dummy-komo-privacy-${randomUUID()}`;
const CALLBACK_AUTH = `Bearer dummy-callback-${randomUUID()}`;
const GROUP = 'group-privacy-newsletter';
/** Ketch: "The Ketch Platform will try 3 times" (shared/reference/partners.md §4.2). */
const PARTNER_TRIES = 3;

interface Flow {
	id: string;
	path: string;
}

interface Answer {
	status: number;
	body: unknown;
	retryAfter?: string;
}

interface StatusEvent {
	uid: string;
	status: string;
	reason?: string;
	resultMessage?: string;
}

let n8n: N8nServer;
let sandbox: Sandbox;
let userFolder: string;
let callbackServer: Server;
let callbackUrl: string;
const statusEvents: StatusEvent[] = [];
const flows: Record<'prefs' | 'rights' | 'komo', Flow> = {} as never;
const figures: Record<string, unknown> = {};

function prepare(template: Template, credentials: Record<string, { id: string; name: string }>, trigger: string, parameters: Record<string, unknown> = {}) {
	const webhookId = randomUUID();
	const nodes = withCredentials(template, credentials).nodes.map((node) =>
		node.name === trigger ? { ...node, webhookId, parameters: { ...node.parameters, ...parameters } } : node,
	);
	return { workflow: { ...template, name: `${template.name} (privacy ${webhookId.slice(0, 8)})`, nodes }, path: `${webhookId}/webhook` };
}

async function post(flow: Flow, body: unknown, headers: Record<string, string>): Promise<Answer> {
	const res = await n8n.webhook(flow.path, body, { headers });
	return { status: res.status, body: res.body, retryAfter: res.headers.get('retry-after') ?? undefined };
}

const ketchHeaders = { 'content-type': 'application/json', authorization: `Bearer ${KETCH_TOKEN}` };
const komoHeaders = { 'content-type': 'application/json', 'x-komo-token': KOMO_SECRET };

function optOut(email: string) {
	return subscriptionTopicRequest({ email, topics: { newsletter: { email: { status: 'denied' } } }, submittedTimestamp: Math.floor(Date.now() / 1000) });
}

function deleteRequest(email: string) {
	const uid = randomUUID();
	return rightsRequest({ kind: 'DeleteRequest', email, uid, callbackUrl: `${callbackUrl}/${uid}`, callbackHeaders: { Authorization: CALLBACK_AUTH } });
}

function komoEntry(email: string, entryId = `entry-${randomUUID()}`) {
	return {
		trigger: 'Gameplay.DataCaptured',
		occurredAt: new Date().toISOString(),
		entryId,
		card: { id: 'card-7', name: 'Privacy Quiz' },
		contact: { email },
		form: { first_name: 'Ann' },
		answers: [{ id: 'q1', question: 'Colour?', answer: 'Blue' }],
	};
}

function eventsOf(email: string): number {
	return sandbox.state.users.byAliasOf({ alias_name: email, alias_label: 'email' })?.custom_events.length ?? 0;
}

async function executionsOf(flow: Flow): Promise<Array<{ id: string; status: string }>> {
	return await n8n.listExecutions(flow.id);
}

async function createUser(email: string): Promise<void> {
	const res = await fetch(`${sandbox.url}/users/track`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', authorization: `Bearer ${BRAZE_KEY}` },
		body: JSON.stringify({ attributes: [{ external_id: `ext-${email}`, email }] }),
	});
	expect(res.status).toBe(201);
}

describe('privacy flows under failure, races and replays (real n8n, templates as shipped)', () => {
	beforeAll(async () => {
		userFolder = mkdtempSync(join(tmpdir(), 'n8n-privacy-'));
		packPackage(userFolder, process.env.FAULTS_PACKAGE_DIR ?? REPO_ROOT);
		sandbox = await startSandbox({ apiKey: BRAZE_KEY, latencyMs: 5 });
		callbackServer = createServer((req, res) => {
			let text = '';
			req.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
			req.on('end', () => {
				const body = JSON.parse(text || '{}') as { event?: StatusEvent };
				statusEvents.push({ uid: (req.url ?? '').slice(1), status: String(body.event?.status), reason: body.event?.reason, resultMessage: body.event?.resultMessage });
				res.writeHead(204);
				res.end();
			});
		});
		await new Promise<void>((resolve) => callbackServer.listen(0, '127.0.0.1', resolve));
		callbackUrl = `http://127.0.0.1:${(callbackServer.address() as AddressInfo).port}`;

		n8n = await startN8n({ userFolder });
		await n8n.login();
		const braze = await n8n.importCredential({ name: 'Braze sandbox (privacy)', type: 'brazeApi', data: { apiKey: BRAZE_KEY, instance: 'custom', customUrl: sandbox.url, trackBatchLimit: 'combined50' } });
		const ketch = await n8n.importCredential({ name: 'Ketch webhook (privacy)', type: 'ketchApi', data: { token: KETCH_TOKEN, allowLocalCallbacks: true } });
		const komo = await n8n.importCredential({ name: 'Komo webhook (privacy)', type: 'komoWebhookApi', data: { headerName: 'X-Komo-Token', secret: KOMO_SECRET } });
		const credentials = {
			brazeApi: { id: braze, name: 'Braze sandbox (privacy)' },
			ketchApi: { id: ketch, name: 'Ketch webhook (privacy)' },
			komoWebhookApi: { id: komo, name: 'Komo webhook (privacy)' },
		};
		const prepared = {
			prefs: prepare(loadTemplate('ketch-preferences.json'), credentials, 'Ketch Trigger', {
				topicMappings: { topics: [{ topic: 'newsletter', channel: 'email', subscriptionGroupId: GROUP }] },
			}),
			rights: prepare(loadTemplate('ketch-rights-requests.json'), credentials, 'Ketch Trigger'),
			komo: prepare(loadTemplate('komo-to-braze.json'), credentials, 'Komo Trigger'),
		};
		for (const name of ['prefs', 'rights', 'komo'] as const) {
			const id = await n8n.importWorkflow(prepared[name].workflow);
			await n8n.publishWorkflow(id);
			flows[name] = { id, path: prepared[name].path };
		}
	}, 300_000);

	// A failed check in the outage must not leave Braze down for the next test.
	afterEach(() => sandbox.setFaults({}));

	afterAll(async () => {
		console.log(`[privacy] figures ${JSON.stringify(figures)}`);
		await n8n?.stop();
		await sandbox?.close();
		if (callbackServer) await new Promise((resolve) => callbackServer.close(resolve));
		if (userFolder && process.env.E2E_KEEP !== '1') rmSync(userFolder, { recursive: true, force: true });
	});

	it('Braze failing past the retries, then recovering: every change lands exactly once, every rights request is completed or reported failed', async () => {
		const run = randomUUID().slice(0, 6);
		const optOuts = Array.from({ length: 6 }, (_, i) => ({ email: `ketch-${run}-${i}@example.com`, body: optOut(`ketch-${run}-${i}@example.com`) }));
		const entries = Array.from({ length: 4 }, (_, i) => ({ email: `komo-${run}-${i}@example.com`, body: komoEntry(`komo-${run}-${i}@example.com`) }));
		const deletes = Array.from({ length: 3 }, (_, i) => ({ email: `dsr-${run}-${i}@example.com`, body: deleteRequest(`dsr-${run}-${i}@example.com`) }));
		// The users exist and are subscribed before Ketch says no.
		for (const { email } of [...optOuts, ...deletes]) await createUser(email);
		for (const { email } of optOuts) {
			await fetch(`${sandbox.url}/v2/subscription/status/set`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', authorization: `Bearer ${BRAZE_KEY}` },
				body: JSON.stringify({ subscription_groups: [{ subscription_group_id: GROUP, subscription_state: 'subscribed', emails: [email] }] }),
			});
		}

		// The outage: every Braze request answers 500, so each run fails after the node's 5 tries.
		sandbox.setFaults({ rate5xx: 1 });
		const started = Date.now();
		const first = await Promise.all([
			...optOuts.map(({ body }) => post(flows.prefs, body, ketchHeaders)),
			...entries.map(({ body }) => post(flows.komo, body, komoHeaders)),
			...deletes.map(({ body }) => post(flows.rights, body, ketchHeaders)),
		]);
		figures.outageAnswersMs = Date.now() - started;
		const [prefsFirst, komoFirst, rightsFirst] = [first.slice(0, 6), first.slice(6, 10), first.slice(10)];
		// Preferences and Komo: answered only once the run failed, with n8n's 500, so the partner retries.
		expect(prefsFirst.map((a) => a.status)).toEqual(optOuts.map(() => 500));
		expect(komoFirst.map((a) => a.status)).toEqual(entries.map(() => 500));
		// Rights: answered at once as the protocol asks; the failure goes to Ketch as a status event.
		expect(rightsFirst.map((a) => a.status)).toEqual(deletes.map(() => 200));
		expect(rightsFirst.map((a) => (a.body as { response: { status: string } }).response.status)).toEqual(deletes.map(() => 'in_progress'));
		const rightsRuns = await n8n.waitForExecutions(flows.rights.id, deletes.length, 120_000);
		// The failure branch ran to its end: Report Failure, then Stop: Braze Failed.
		for (const summary of rightsRuns) {
			const { run: detail } = await n8n.getExecution(summary.id);
			if (process.env.PRIVACY_DEBUG) console.log(JSON.stringify(detail.data.resultData.runData['Braze: Apply Changes'], null, 1).slice(0, 4000));
			expect({ last: detail.data.resultData.lastNodeExecuted, error: detail.data.resultData.error?.message }).toEqual({
				last: 'Stop: Braze Failed',
				error: expect.stringMatching(/^Ketch DeleteRequest .* was not applied in Braze: /),
			});
		}
		for (const { body } of deletes) {
			expect(statusEvents.filter((e) => e.uid === body.metadata.uid)).toEqual([
				expect.objectContaining({ status: 'pending', reason: 'other', resultMessage: expect.stringMatching(/^Braze could not apply this request yet: /) }),
			]);
		}
		// Every failed run is a failed execution (Error Workflow, retry from Executions).
		const failed = [...(await executionsOf(flows.prefs)), ...(await executionsOf(flows.komo)), ...(await executionsOf(flows.rights))];
		expect(failed.map((e) => e.status)).toEqual(failed.map(() => 'error'));
		expect(failed).toHaveLength(optOuts.length + entries.length + deletes.length);
		// Nothing reached Braze.
		for (const { email } of optOuts) expect(sandbox.state.users.withEmail(email)[0].subscription_groups[GROUP]).toBe('subscribed');
		for (const { email } of entries) expect(eventsOf(email)).toBe(0);
		for (const { email } of deletes) expect(sandbox.state.users.withEmail(email)).toHaveLength(1);

		// Braze recovers; the partner retries what was not acknowledged, and Ketch re-sends the rights requests.
		sandbox.setFaults({});
		const retried = await Promise.all([
			...optOuts.map(({ body }) => deliverLikeKetch(flows.prefs, body, ketchHeaders, PARTNER_TRIES - 1)),
			...entries.map(({ body }) => deliverLikeKetch(flows.komo, body, komoHeaders, PARTNER_TRIES - 1)),
			...deletes.map(({ body }) => post(flows.rights, body, ketchHeaders)),
		]);
		expect(retried.slice(0, 6).map((a) => a.status)).toEqual(optOuts.map(() => 204));
		expect(retried.slice(6, 10).map((a) => a.status)).toEqual(entries.map(() => 200));
		expect(retried.slice(10).map((a) => a.status)).toEqual(deletes.map(() => 200));
		await n8n.waitForExecutions(flows.rights.id, deletes.length * 2, 120_000);

		// A last replay of everything (Ketch's third try, Komo resending): answered, nothing runs.
		const executionsBefore = (await executionsOf(flows.prefs)).length + (await executionsOf(flows.komo)).length + (await executionsOf(flows.rights)).length;
		const replays = await Promise.all([
			...optOuts.map(({ body }) => post(flows.prefs, body, ketchHeaders)),
			...entries.map(({ body }) => post(flows.komo, body, komoHeaders)),
			...deletes.map(({ body }) => post(flows.rights, body, ketchHeaders)),
		]);
		expect(replays.map((a) => a.status)).toEqual([...optOuts.map(() => 204), ...entries.map(() => 200), ...deletes.map(() => 200)]);
		expect(replays.slice(6, 10).map((a) => a.body)).toEqual(entries.map(() => ({ received: true, duplicate: true })));
		await new Promise((resolve) => setTimeout(resolve, 1500));
		expect((await executionsOf(flows.prefs)).length + (await executionsOf(flows.komo)).length + (await executionsOf(flows.rights)).length).toBe(executionsBefore);

		// Exactly once in Braze: opt-outs applied, one Komo event per entry, users deleted.
		for (const { email } of optOuts) expect(sandbox.state.users.withEmail(email)[0].subscription_groups[GROUP]).toBe('unsubscribed');
		for (const { email } of entries) expect(eventsOf(email)).toBe(1);
		for (const { email } of deletes) expect(sandbox.state.users.withEmail(email)).toEqual([]);
		// Every rights request: first reported failed (pending, reason other), then completed.
		for (const { body } of deletes) {
			expect(statusEvents.filter((e) => e.uid === body.metadata.uid).map((e) => e.status)).toEqual(['pending', 'completed']);
		}
		figures.outage = { optOuts: optOuts.length, komoEntries: entries.length, deletes: deletes.length, lost: 0, duplicated: 0 };
	});

	it('immediate sequential retries start no second run (Komo and Ketch, 40 deliveries each)', async () => {
		const count = 40;
		const komoBefore = (await executionsOf(flows.komo)).length;
		const prefsBefore = (await executionsOf(flows.prefs)).length;
		const emails = Array.from({ length: count }, () => `seq-${randomUUID().slice(0, 8)}@example.com`);
		let komoRepeats = 0;
		let ketchRepeats = 0;
		for (const email of emails) {
			const entry = komoEntry(email);
			expect((await post(flows.komo, entry, komoHeaders)).status).toBe(200);
			const again = await post(flows.komo, entry, komoHeaders);
			if ((again.body as { duplicate?: boolean }).duplicate === true) komoRepeats++;
			const body = optOut(email);
			expect((await post(flows.prefs, body, ketchHeaders)).status).toBe(204);
			if ((await post(flows.prefs, body, ketchHeaders)).status === 204) ketchRepeats++;
		}
		await new Promise((resolve) => setTimeout(resolve, 1500));
		const komoRuns = (await executionsOf(flows.komo)).length - komoBefore;
		const prefsRuns = (await executionsOf(flows.prefs)).length - prefsBefore;
		figures.sequential = { deliveries: count, komoRuns, komoDuplicatesAnswered: komoRepeats, ketchRuns: prefsRuns, ketchRepeatsAnswered: ketchRepeats };
		expect(komoRuns).toBe(count);
		expect(prefsRuns).toBe(count);
		expect(komoRepeats).toBe(count);
		expect(ketchRepeats).toBe(count);
		for (const email of emails) expect(eventsOf(email)).toBe(1);
	});

	it('50 identical deliveries at once start one run and reach Braze once (Komo and Ketch)', async () => {
		const email = `race-${randomUUID().slice(0, 8)}@example.com`;
		const entry = komoEntry(email);
		const komoBefore = (await executionsOf(flows.komo)).length;
		const komoAnswers = await Promise.all(Array.from({ length: 50 }, () => post(flows.komo, entry, komoHeaders)));
		const body = optOut(email);
		const prefsBefore = (await executionsOf(flows.prefs)).length;
		const subscriptionRequestsBefore = sandbox.state.requests.list({ path: '/v2/subscription/status/set' }).length;
		const ketchAnswers = await Promise.all(Array.from({ length: 50 }, () => post(flows.prefs, body, ketchHeaders)));
		await new Promise((resolve) => setTimeout(resolve, 2000));
		const komoRuns = (await executionsOf(flows.komo)).length - komoBefore;
		const ketchRuns = (await executionsOf(flows.prefs)).length - prefsBefore;
		const tally = (answers: Answer[]) => answers.reduce<Record<number, number>>((t, a) => ({ ...t, [a.status]: (t[a.status] ?? 0) + 1 }), {});
		figures.concurrent = {
			copies: 50,
			komoRuns,
			komoEvents: eventsOf(email),
			komoAnswers: tally(komoAnswers),
			ketchRuns,
			ketchSubscriptionRequests: sandbox.state.requests.list({ path: '/v2/subscription/status/set' }).length - subscriptionRequestsBefore,
			ketchAnswers: tally(ketchAnswers),
		};
		expect(komoRuns).toBe(1);
		expect(eventsOf(email)).toBe(1);
		expect(ketchRuns).toBe(1);
		// Every copy got an answer Ketch and Komo understand: applied, a duplicate, or "busy, retry later".
		expect(komoAnswers.every((a) => a.status === 200 || (a.status === 409 && Number(a.retryAfter) > 0))).toBe(true);
		expect(ketchAnswers.every((a) => a.status === 204 || (a.status === 409 && (a.body as { error: { status: string } }).error.status === 'conflict'))).toBe(true);
	});
});

/** A partner's retry loop: up to `tries` POSTs, again after a non-2xx answer (Retry-After honoured, capped at 2 s here). */
async function deliverLikeKetch(flow: Flow, body: unknown, headers: Record<string, string>, tries: number): Promise<Answer> {
	let answer: Answer = { status: 0, body: undefined };
	for (let attempt = 1; attempt <= tries; attempt++) {
		answer = await post(flow, body, headers);
		if (answer.status >= 200 && answer.status < 300) return answer;
		await new Promise((resolve) => setTimeout(resolve, Math.min(2000, Number(answer.retryAfter ?? 1) * 1000)));
	}
	return answer;
}
