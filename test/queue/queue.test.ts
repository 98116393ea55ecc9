/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-hardcoded-secrets, @n8n/community-nodes/require-node-api-error, no-console */
/**
 * n8n queue mode, the way teams scale n8n past one machine: PostgreSQL and Redis from Debian's
 * packages (scripts/queue-mode.sh), n8n main + 2 workers with EXECUTIONS_MODE=queue. The same
 * scenario runs in regular mode (one n8n on SQLite) and in queue mode, each against its own fresh
 * sandbox, and the sandboxes' final states must be equal:
 *
 *  - a 50,000-row sync: workflows/braze-sync-users.json's Braze node (Track with expressions),
 *    fed by a Code node, started by a webhook so it runs as a production execution (on a worker);
 *  - the partner templates (Komo, Ketch preferences, GrowthLoop audience) published and called
 *    over HTTP, deliveries in parallel (disjoint users), then GrowthLoop add/remove on synced users.
 *
 *  - many executions, one Braze limit (issue 17): QUEUE_SHARE_EXECUTIONS (4) syncs of QUEUE_SHARE_ROWS
 *    (5,000) users each (own users, Map Automatically), started together on the workers against one
 *    QUEUE_SHARE_RATE (100/3000: requests / window ms) window on /users/track, with the credential's
 *    Automatic track limit: every user lands, at most 1% of requests are answered 429, and the time
 *    is printed beside the bound (N users / the limit's users per second). The limit is tightened
 *    so that it, not n8n's CPU, sets the pace: at 3,000 / 3 s the bound of 20,000 users is 0.5 s.
 *  - the same at full size, opt-in (QUEUE_PARALLEL=1): QUEUE_PARALLEL_EXECUTIONS (4) ×
 *    QUEUE_PARALLEL_ROWS (50,000) under QUEUE_TRACK_RATE (3000/3000).
 *
 *   npm run build && npx jest -c test/queue/jest.config.js          (npm run test:queue)
 *   npx jest -c test/queue/jest.config.js -t 'share one'              (only the CI-sized parallel syncs)
 *   QUEUE_PARALLEL=1 npx jest -c test/queue/jest.config.js -t 'full size'   (only the full-size parallel syncs)
 *
 * Env: QUEUE_SYNC_ROWS (50000), QUEUE_PACKAGE_DIR (a built package other than the repo),
 * QUEUE_WORKERS (2), QUEUE_WORKER_CPU_PROF (a folder for the workers' CPU profiles), QUEUE_LATENCY_MS
 * (the sandbox's answer delay in the parallel syncs, 0), the QUEUE_SHARE_* and QUEUE_PARALLEL_*
 * above; QUEUE_DIR, QUEUE_PG_PORT, QUEUE_REDIS_PORT (scripts/queue-mode.sh). It measures and prints how long each part took.
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';

import { CUSTOM_INSTANCE } from '../../nodes/shared/braze/instances';
import { cpuSnapshot, cpuSpent } from './cpuTime';
import { type Sandbox, startSandbox } from '../../sandbox/server';
import { type N8nServer, REPO_ROOT, type Template, ensureRuntime, freePort, loadTemplate, n8nEnv, packPackage, startN8n, stopN8nPid } from '../../harness';

jest.setTimeout(3_600_000);

const SYNC_ROWS = Number(process.env.QUEUE_SYNC_ROWS ?? 50_000);
const PARALLEL_EXECUTIONS = Number(process.env.QUEUE_PARALLEL_EXECUTIONS ?? 4);
const PARALLEL_ROWS = Number(process.env.QUEUE_PARALLEL_ROWS ?? 50_000);
/** Braze's /users/track limit (QUEUE_TRACK_RATE=LIMIT/WINDOW_MS), which the sandbox enforces per workspace like Braze. */
const [TRACK_LIMIT, TRACK_WINDOW_MS] = (process.env.QUEUE_TRACK_RATE ?? '3000/3000').split('/').map(Number);
const TRACK_RATE = { limit: TRACK_LIMIT, windowMs: TRACK_WINDOW_MS };
/** The CI-sized proof: QUEUE_SHARE_EXECUTIONS × QUEUE_SHARE_ROWS users under QUEUE_SHARE_RATE (LIMIT/WINDOW_MS). */
const SHARE_EXECUTIONS = Number(process.env.QUEUE_SHARE_EXECUTIONS ?? 4);
const SHARE_ROWS = Number(process.env.QUEUE_SHARE_ROWS ?? 5000);
const [SHARE_LIMIT, SHARE_WINDOW_MS] = (process.env.QUEUE_SHARE_RATE ?? '100/3000').split('/').map(Number);
const SHARE_RATE = { limit: SHARE_LIMIT, windowMs: SHARE_WINDOW_MS };
const WORKERS = Number(process.env.QUEUE_WORKERS ?? 2);
/** The sandbox's round trip for the parallel syncs (QUEUE_LATENCY_MS: e.g. 300, a Braze-like one; 0 = local). */
const LATENCY_MS = Number(process.env.QUEUE_LATENCY_MS ?? 0);
const PACKAGE_DIR = process.env.QUEUE_PACKAGE_DIR ?? REPO_ROOT;
const SCRIPT = join(REPO_ROOT, 'scripts', 'queue-mode.sh');
const BRAZE_KEY = 'queue-mode-braze-key';
const KOMO_SECRET = 'queue-mode-komo-secret';
const KETCH_TOKEN = 'queuemodeketchtoken0123456789';
const GROWTHLOOP_TOKEN = 'queue-mode-growthloop-token';
const KOMO_DELIVERIES = 24;
const KETCH_DELIVERIES = 24;
const GROWTHLOOP_MEMBERS = 200;

interface Worker {
	pid: number;
	logPath: string;
	readLog(): string;
}

interface Mode {
	name: 'regular' | 'queue';
	n8n: N8nServer;
	workers: Worker[];
	sandbox: Sandbox;
	userFolder: string;
	timings: Record<string, number>;
	executions: number;
	/** Items on the sync's Braze node outputs: [synced, refused]. */
	syncOutputs?: number[];
	/** The parallel syncs' figures, by run. */
	parallel?: Record<string, Record<string, unknown>>;
}

const results: Mode[] = [];

function queueEnv(): Record<string, string> {
	const text = execFileSync('bash', [SCRIPT, 'env'], { encoding: 'utf8' });
	return Object.fromEntries(text.trim().split('\n').map((line) => line.split('=', 2) as [string, string]));
}

async function startWorker(userFolder: string, env: Record<string, string>, index: number): Promise<Worker> {
	const { node24, n8nBin } = ensureRuntime();
	const logPath = join(userFolder, `n8n-worker-${index}.log`);
	const log = createWriteStream(logPath, { flags: 'a' });
	const workerEnv = n8nEnv({ userFolder, port: await freePort(), brokerPort: await freePort(), env: { ...env, QUEUE_HEALTH_CHECK_PORT: String(await freePort()) } });
	// QUEUE_WORKER_CPU_PROF=DIR: each worker writes a V8 CPU profile there when it stops (where a worker's CPU goes).
	const profile = process.env.QUEUE_WORKER_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.QUEUE_WORKER_CPU_PROF}`] : [];
	const child = spawn(node24, [...profile, n8nBin, 'worker', '--concurrency=5'], { env: workerEnv, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
	if (child.pid === undefined) throw new Error('could not spawn an n8n worker');
	let output = '';
	const onData = (chunk: Buffer) => {
		log.write(chunk);
		output += chunk.toString();
	};
	child.stdout.on('data', onData);
	child.stderr.on('data', onData);
	const pid = child.pid;
	process.once('exit', () => {
		try {
			process.kill(-pid, 'SIGKILL');
		} catch {
			// gone
		}
	});
	const deadline = Date.now() + 120_000;
	while (!/worker is now ready|Worker started/i.test(output)) {
		if (child.exitCode !== null) throw new Error(`worker ${index} exited (${child.exitCode}):\n${output.slice(-3000)}`);
		if (Date.now() > deadline) throw new Error(`worker ${index} not ready after 120 s:\n${output.slice(-3000)}`);
		await new Promise((r) => setTimeout(r, 200));
	}
	return { pid, logPath, readLog: () => readFileSync(logPath, 'utf8') };
}

/** Credentials and workflows over REST: the same calls in both modes, whatever the database. */
async function createCredential(n8n: N8nServer, name: string, type: string, data: Record<string, unknown>): Promise<string> {
	return (await n8n.rest<{ id: string }>('POST', '/rest/credentials', { name, type, data })).id;
}

async function createWorkflow(n8n: N8nServer, workflow: Template): Promise<string> {
	const created = await n8n.rest<{ id: string }>('POST', '/rest/workflows', { settings: { executionOrder: 'v1' }, ...workflow, active: false });
	await n8n.publishWorkflow(created.id, 60_000);
	return created.id;
}

function withTrigger(file: string, trigger: string, parameters: Record<string, unknown>, credentials: Record<string, string>): { workflow: Template; webhookId: string } {
	const template = loadTemplate(file);
	const webhookId = randomUUID();
	const nodes = template.nodes.map((node) => {
		const next = { ...node };
		if (node.name === trigger) Object.assign(next, { webhookId, parameters: { ...node.parameters, ...parameters } });
		if (node.credentials) {
			next.credentials = Object.fromEntries(Object.keys(node.credentials).map((type) => [type, { id: credentials[type], name: type }]));
		}
		return next;
	});
	return { workflow: { name: `${template.name} (${webhookId.slice(0, 8)})`, nodes, connections: template.connections, settings: { executionOrder: 'v1' } }, webhookId };
}

/**
 * braze-sync-users.json with a webhook instead of the manual trigger and `count` generated rows;
 * their ids start with the webhook body's `prefix` (qsync- without one).
 */
function syncWorkflow(credentialId: string, count = SYNC_ROWS, autoMap = false): { workflow: Template; webhookId: string } {
	const template = loadTemplate('braze-sync-users.json');
	const webhookId = randomUUID();
	const templateBraze = template.nodes.find((node) => node.type === 'n8n-nodes-braze.braze')!;
	// Map Automatically: the rows' fields as attributes (lifetime_logins set, which equals the template's inc on a new user), the event by name.
	const braze = autoMap
		? { ...templateBraze, parameters: { resource: 'user', operation: 'track', identifyBy: 'external_id', inputMode: 'autoMap', identifierField: 'id', fieldsToSend: 'first_name, email, plan, lifetime_logins', autoEventName: 'warehouse_sync', trackOptions: {}, sendingOptions: {} } }
		: templateBraze;
	const logins = autoMap ? 'lifetime_logins' : 'logins';
	const rows = `const rows = [];
const prefix = $input.first().json.body?.prefix ?? 'qsync-';
for (let i = 0; i < ${count}; i++) {
  rows.push({ json: { id: prefix + i, first_name: 'User ' + i, email: i % 1000 === 999 ? 'not-an-email' : 'user' + i + '@example.com', plan: ['free', 'pro', 'team'][i % 3], ${logins}: i % 7 } });
}
return rows;`;
	return {
		webhookId,
		workflow: {
			name: `Queue sync ${count} (${webhookId.slice(0, 8)})`,
			nodes: [
				{ id: randomUUID(), name: 'Start Sync', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 300], webhookId, parameters: { httpMethod: 'POST', path: webhookId, responseMode: 'onReceived', options: {} } },
				{ id: randomUUID(), name: 'Rows', type: 'n8n-nodes-base.code', typeVersion: 2, position: [220, 300], parameters: { jsCode: rows } },
				{ ...braze, credentials: { brazeApi: { id: credentialId, name: 'Braze sandbox (queue)' } } },
				...template.nodes.filter((node) => node.type === 'n8n-nodes-base.noOp'),
			],
			connections: {
				'Start Sync': { main: [[{ node: 'Rows', type: 'main', index: 0 }]] },
				Rows: { main: [[{ node: braze.name, type: 'main', index: 0 }]] },
				[braze.name]: template.connections[templateBraze.name],
			},
			settings: { executionOrder: 'v1' },
		},
	};
}

async function timed<T>(mode: Mode, step: string, fn: () => Promise<T>): Promise<T> {
	const started = Date.now();
	try {
		return await fn();
	} finally {
		mode.timings[step] = Date.now() - started;
	}
}

/**
 * REST calls again after a connection reset or a 503: while n8n is busy (dozens of executions in its
 * own process, in regular mode) a kept-alive socket can be closed under a request.
 */
async function retrying<T>(fn: () => Promise<T>, tries = 5): Promise<T> {
	for (let attempt = 1, busy = 0; ; attempt++) {
		try {
			return await fn();
		} catch (error) {
			const text = `${(error as Error).message} ${String((error as { cause?: unknown }).cause)}`;
			// n8n answers 503 "Database is not ready!" while SQLite is busy saving a large execution: wait it out (up to 2 minutes).
			if (/HTTP 503/.test(text) && busy++ < 60) {
				await new Promise((r) => setTimeout(r, 2000));
				continue;
			}
			const reset = /fetch failed|ECONNRESET|socket hang up/i.test(text);
			if (!reset || attempt >= tries) throw error;
			await new Promise((r) => setTimeout(r, 500 * attempt));
		}
	}
}

async function waitAllDone(mode: Mode, workflowId: string, count: number, timeoutMs = 600_000) {
	const deadline = Date.now() + timeoutMs;
	const done = await retrying(async () => await mode.n8n.waitForExecutions(workflowId, count, Math.max(1000, deadline - Date.now())));
	const bad = done.filter((e) => e.status !== 'success');
	if (bad.length) {
		const details = await Promise.all(
			bad.slice(0, 3).map(async (e) => {
				const error = await retrying(async () => (await mode.n8n.getExecution(e.id)).run.data.resultData.error).catch((err: Error) => ({ message: `(unreadable: ${err.message})` }));
				return `${e.id} ${e.status}: ${JSON.stringify(error ?? null).slice(0, 600)}`;
			}),
		);
		throw new Error(`${mode.name}: ${bad.length} execution(s) not successful:\n${details.join('\n')}`);
	}
	return done;
}

async function scenario(mode: Mode): Promise<void> {
	const { n8n, sandbox } = mode;
	const braze = await retrying(async () => await createCredential(n8n, 'Braze sandbox (queue)', 'brazeApi', { apiKey: BRAZE_KEY, instance: CUSTOM_INSTANCE, customUrl: sandbox.url, trackBatchLimit: 'combined50' }));
	const ketch = await retrying(async () => await createCredential(n8n, 'Ketch (queue)', 'ketchApi', { token: KETCH_TOKEN }));
	const komoWebhook = await retrying(async () => await createCredential(n8n, 'Komo webhook (queue)', 'komoWebhookApi', { headerName: 'X-Komo-Token', secret: KOMO_SECRET }));
	const growthloopWebhook = await retrying(
		async () => await createCredential(n8n, 'GrowthLoop webhook (queue)', 'growthLoopWebhookApi', { headerName: 'Authorization', token: GROWTHLOOP_TOKEN }),
	);
	const credentials = { brazeApi: braze, ketchApi: ketch, komoWebhookApi: komoWebhook, growthLoopWebhookApi: growthloopWebhook };

	const sync = syncWorkflow(braze);
	const brazeNode = sync.workflow.nodes.find((node) => node.type === 'n8n-nodes-braze.braze')!.name;
	const syncId = await createWorkflow(n8n, sync.workflow);
	const komo = withTrigger('komo-to-braze.json', 'Komo Trigger', {}, credentials);
	const komoId = await createWorkflow(n8n, komo.workflow);
	const ketchFlow = withTrigger('ketch-preferences.json', 'Ketch Trigger', { topicMappings: { topics: [{ topic: 'newsletter', channel: 'email', subscriptionGroupId: 'queue-newsletter' }] } }, credentials);
	const ketchId = await createWorkflow(n8n, ketchFlow.workflow);
	const growthloop = withTrigger('growthloop-audience.json', 'GrowthLoop Trigger', {}, credentials);
	const growthloopId = await createWorkflow(n8n, growthloop.workflow);

	// 1. The 50,000-row sync, as a production execution.
	await timed(mode, `sync ${SYNC_ROWS} rows`, async () => {
		const res = await n8n.webhook(sync.webhookId, {});
		expect(res.status).toBe(200);
		const [execution] = await waitAllDone(mode, syncId, 1, 1_800_000);
		const { run } = await retrying(async () => await n8n.getExecution(execution.id));
		const runData = run.data.resultData.runData as Record<string, Array<{ executionTime?: number }>>;
		for (const [node, runs] of Object.entries(runData)) mode.timings[`  node "${node}"`] = runs[0]?.executionTime ?? NaN;
		mode.syncOutputs = [0, 1].map((output) => run.data.resultData.runData[brazeNode]?.[0]?.data?.main?.[output]?.length ?? 0);
	});

	// 2. Komo and Ketch deliveries, all at once (each its own user).
	await timed(mode, `partner deliveries (${KOMO_DELIVERIES} Komo + ${KETCH_DELIVERIES} Ketch, parallel)`, async () => {
		const calls: Array<Promise<{ status: number }>> = [];
		for (let i = 0; i < KOMO_DELIVERIES; i++) {
			calls.push(
				n8n.webhook(
					`${komo.webhookId}/webhook`,
					{
						trigger: 'Gameplay.DataCaptured',
						occurredAt: '2026-01-31T12:00:00Z',
						entryId: `entry-${i}`,
						card: { id: 'card-q', name: 'Queue Quiz' },
						contact: { email: `komo-${i}@example.com` },
						form: { first_name: `Fan ${i}`, favourite_team: i % 2 ? 'Reds' : 'Blues' },
						answers: [{ id: 'q1', question: 'Who wins?', answer: i % 2 ? 'Reds' : 'Blues' }],
					},
					{ headers: { 'x-komo-token': KOMO_SECRET } },
				),
			);
		}
		for (let i = 0; i < KETCH_DELIVERIES; i++) {
			calls.push(
				n8n.webhook(
					`${ketchFlow.webhookId}/webhook`,
					{
						apiVersion: 'subscription/v1',
						kind: 'SubscriptionTopicRequest',
						metadata: { uid: `ketch-uid-${i}`, tenant: 'acme' },
						request: {
							controller: 'acme',
							property: 'website',
							environment: 'production',
							identities: [{ identitySpace: 'email', identityFormat: 'raw', identityValue: `ketch-${i}@example.com` }],
							topics: { newsletter: { email: { status: i % 3 ? 'granted' : 'denied' } } },
							submittedTimestamp: 1_750_000_000 + i,
						},
					},
					{ headers: { authorization: `Bearer ${KETCH_TOKEN}` } },
				),
			);
		}
		const statuses = (await Promise.all(calls)).map((r) => r.status);
		expect(statuses.filter((s) => s >= 300)).toEqual([]);
		await waitAllDone(mode, komoId, KOMO_DELIVERIES);
		await waitAllDone(mode, ketchId, KETCH_DELIVERIES);
	});

	// 3. GrowthLoop: add synced users to an audience, then remove some (in that order).
	await timed(mode, `GrowthLoop add ${GROWTHLOOP_MEMBERS} + remove ${GROWTHLOOP_MEMBERS / 4}`, async () => {
		const audience = { id: 'aud-queue', name: 'Churn Risk' };
		const members = Array.from({ length: GROWTHLOOP_MEMBERS }, (_, i) => ({ external_id: `qsync-${i}` }));
		const auth = { headers: { authorization: `Bearer ${GROWTHLOOP_TOKEN}` } };
		expect((await n8n.webhook(`${growthloop.webhookId}/add`, { audience, members }, auth)).status).toBe(200);
		await waitAllDone(mode, growthloopId, 1);
		expect((await n8n.webhook(`${growthloop.webhookId}/remove`, { audience, members: members.slice(0, GROWTHLOOP_MEMBERS / 4) }, auth)).status).toBe(200);
		await waitAllDone(mode, growthloopId, 2);
	});
	mode.executions = 1 + KOMO_DELIVERIES + KETCH_DELIVERIES + 2;
}

const VOLATILE = new Set(['braze_id', 'created_at', 'updated_at', 'update_seq', 'dispatch_id']);

/** The sandbox state without what differs run to run (generated ids, arrival times, counters). */
function normalized(sandbox: Sandbox): { users: string[]; emails: unknown; cohorts: unknown } {
	const strip = (value: unknown, key = ''): unknown => {
		if (Array.isArray(value)) return value.map((v) => strip(v));
		if (value && typeof value === 'object') {
			return Object.fromEntries(Object.entries(value).filter(([k]) => !VOLATILE.has(k)).map(([k, v]) => [k, strip(v, k)]));
		}
		// Events of the sync carry the time they were sent.
		return key === 'time' || key.endsWith('_at') ? '<time>' : value;
	};
	const state = JSON.parse(JSON.stringify(sandbox.state)) as { users: unknown[]; emails: unknown; cohorts: unknown };
	const users = state.users.map((u) => {
		const user = strip(u) as Record<string, unknown>;
		for (const list of ['custom_events', 'purchases']) (user[list] as unknown[]).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
		return JSON.stringify(user);
	});
	return { users: users.sort(), emails: strip(state.emails), cohorts: strip(state.cohorts) };
}

describe(`n8n queue mode (main + ${WORKERS} workers, PostgreSQL, Redis) ends in the same Braze state as regular mode`, () => {
	const started = Date.now();

	afterAll(async () => {
		for (const mode of results) {
			await mode.n8n.stop().catch(() => undefined);
			for (const worker of mode.workers) await stopN8nPid(worker.pid);
			await mode.sandbox.close();
			if (process.env.E2E_KEEP !== '1') rmSync(mode.userFolder, { recursive: true, force: true });
		}
		if (process.env.QUEUE_KEEP_SERVICES !== '1') execFileSync('bash', [SCRIPT, 'stop'], { stdio: 'inherit' });
		console.log(
			`[queue] figures\n${JSON.stringify(
				{
					syncRows: SYNC_ROWS,
					workers: WORKERS,
					totalMs: Date.now() - started,
					modes: results.map((m) => ({ mode: m.name, executions: m.executions, syncOutputs: m.syncOutputs, timings: m.timings, users: m.sandbox.state.users.size, requests: m.sandbox.state.requests.total, parallel: m.parallel })),
				},
				null,
				2,
			)}`,
		);
	});

	async function setUp(name: Mode['name'], env: Record<string, string>): Promise<Mode> {
		const userFolder = mkdtempSync(join(tmpdir(), `n8n-${name}-`));
		packPackage(userFolder, PACKAGE_DIR);
		const sandbox = await startSandbox({ apiKey: BRAZE_KEY });
		const mode: Mode = { name, n8n: undefined as unknown as N8nServer, workers: [], sandbox, userFolder, timings: {}, executions: 0 };
		results.push(mode);
		await timed(mode, 'start n8n', async () => {
			mode.n8n = await startN8n({ userFolder, env, timeoutMs: 240_000 });
			await mode.n8n.login();
			if (name === 'queue') for (let i = 0; i < WORKERS; i++) mode.workers.push(await startWorker(userFolder, env, i + 1));
		});
		return mode;
	}

	it('regular mode (one n8n, SQLite)', async () => {
		const mode = await setUp('regular', {});
		await timed(mode, 'scenario', async () => await scenario(mode));
		await mode.n8n.stop();
	});

	it(`queue mode (main + ${WORKERS} workers, PostgreSQL, Redis): same final state, executions ran on the workers`, async () => {
		const infraStarted = Date.now();
		execFileSync('bash', [SCRIPT, 'clean'], { stdio: 'inherit' });
		execFileSync('bash', [SCRIPT, 'start'], { stdio: ['ignore', 'ignore', 'inherit'] });
		const infraMs = Date.now() - infraStarted;
		// n8n's default job lock (60 s): the Braze node yields while it builds items, so a 50,000-row
		// run never blocks a worker long enough to lose its lock (finding F5, fixed).
		// QUEUE_LONG_LOCK=1 gives workers a 10-minute lock instead, to compare.
		const lock: Record<string, string> = process.env.QUEUE_LONG_LOCK === '1' ? { QUEUE_WORKER_LOCK_DURATION: String(10 * 60_000) } : {};
		const env = { ...queueEnv(), OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true', ...lock };
		const mode = await setUp('queue', env);
		mode.timings['start PostgreSQL + Redis'] = infraMs;
		await timed(mode, 'scenario', async () => await scenario(mode));

		// The executions ran on the workers, not on main.
		const byWorker = mode.workers.map((w) => (w.readLog().match(/Worker started execution \d+/g) ?? []).length);
		console.log(`[queue] jobs seen per worker log: ${byWorker.join(', ')}`);
		expect(byWorker.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(mode.executions);

		const regular = results.find((m) => m.name === 'regular')!;
		const a = normalized(regular.sandbox);
		const b = normalized(mode.sandbox);
		expect(b.users.length).toBe(a.users.length);
		const differing = a.users.filter((u, i) => u !== b.users[i]).slice(0, 3);
		expect(differing).toEqual([]);
		expect(b.emails).toEqual(a.emails);
		expect(b.cohorts).toEqual(a.cohorts);
		// The sync reached Braze: every valid row is a profile, every invalid one came out refused.
		const invalid = Math.floor(SYNC_ROWS / 1000);
		for (const m of results) expect(m.syncOutputs).toEqual([SYNC_ROWS - invalid, invalid]);
	});

	/**
	 * `executions` syncs of `rows` users each (own users), started together on the workers against one
	 * `rate` window on /users/track (the sandbox counts it per workspace, like Braze), with the
	 * credential's Automatic track limit and the node's Map Automatically mode (no expression per
	 * item: the CPU a worker spends per user is the smallest, so the limit, not n8n, sets the pace).
	 */
	async function parallelSyncs(tag: string, executions: number, rows: number, rate: { limit: number; windowMs: number }): Promise<Record<string, unknown>> {
		let mode = results.find((m) => m.name === 'queue');
		if (!mode) {
			execFileSync('bash', [SCRIPT, 'clean'], { stdio: 'inherit' });
			execFileSync('bash', [SCRIPT, 'start'], { stdio: ['ignore', 'ignore', 'inherit'] });
			mode = await setUp('queue', { ...queueEnv(), OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true' });
		}
		const { n8n, sandbox } = mode;
		sandbox.setOptions({ rateLimit: rate, trackLimit: 'combined75', latencyMs: LATENCY_MS });
		const credential = await retrying(
			async () => await createCredential(n8n, `Braze sandbox (${tag})`, 'brazeApi', { apiKey: BRAZE_KEY, instance: CUSTOM_INSTANCE, customUrl: sandbox.url, trackBatchLimit: 'auto' }),
		);
		const sync = syncWorkflow(credential, rows, true);
		const syncId = await createWorkflow(n8n, sync.workflow);
		const brazeNode = sync.workflow.nodes.find((node) => node.type === 'n8n-nodes-braze.braze')!.name;
		const statsBefore = sandbox.state.stats.toJSON() as { sent_429_rate_limit: number };
		const seqBefore = sandbox.state.requests.total;

		const cpuRoots = [n8n.state.pid, ...mode.workers.map((worker) => worker.pid)];
		const cpuBefore = cpuSnapshot(cpuRoots);
		const standInBefore = process.cpuUsage();
		const started = Date.now();
		const prefixes = Array.from({ length: executions }, (_, i) => `${tag}${i}-`);
		const answers = await Promise.all(prefixes.map(async (prefix) => await n8n.webhook(sync.webhookId, { prefix })));
		expect(answers.map((a) => a.status)).toEqual(prefixes.map(() => 200));
		const done = await waitAllDone(mode, syncId, executions, 3_600_000);
		const wallMs = Date.now() - started;
		const cpuAfter = cpuSnapshot(cpuRoots);
		const standIn = process.cpuUsage(standInBefore);

		// Exact: every valid row of every execution is a profile with its attributes and one event.
		const invalid = Math.floor(rows / 1000);
		for (const prefix of prefixes) {
			for (const i of [0, 1, Math.floor(rows / 2), rows - 2]) {
				const user = sandbox.state.user(`${prefix}${i}`);
				expect(user?.custom_attributes).toMatchObject({ plan: ['free', 'pro', 'team'][i % 3], lifetime_logins: i % 7 });
				expect(user?.custom_events.filter((e: { name: string }) => e.name === 'warehouse_sync')).toHaveLength(1);
			}
		}
		const users = [...sandbox.state.users.all()].filter((u) => prefixes.some((p) => u.external_id?.startsWith(p)));
		expect(users.length).toBe(executions * (rows - invalid));
		const events = users.reduce((sum, u) => sum + u.custom_events.filter((e: { name: string }) => e.name === 'warehouse_sync').length, 0);
		expect(events).toBe(executions * (rows - invalid));
		for (const execution of done) {
			const { run } = await retrying(async () => await n8n.getExecution(execution.id));
			const braze = run.data.resultData.runData[brazeNode]?.[0];
			expect([0, 1].map((output) => braze?.data?.main?.[output]?.length ?? 0)).toEqual([rows - invalid, invalid]);
		}

		const after = sandbox.state.stats.toJSON() as typeof statsBefore;
		const track = sandbox.state.requests.list({ path: '/users/track' }).filter((r) => r.seq > seqBefore);
		const refused429 = after.sent_429_rate_limit - statsBefore.sent_429_rate_limit;
		const accepted = track.filter((r) => r.status >= 200 && r.status < 300).length;
		const sendingMs = Date.parse(track[track.length - 1].time) - Date.parse(track[0].time);
		const times = done.map((e) => [Date.parse(e.startedAt ?? ''), Date.parse(e.stoppedAt ?? '')]);
		const executionsMs = Math.max(...times.map(([, stop]) => stop)) - Math.min(...times.map(([start]) => start));
		// Issue 17's bound: N users / the limit's users per second (its requests per second × users per accepted request).
		const usersPerRequest = users.length / accepted;
		const boundMs = (users.length / ((rate.limit / rate.windowMs) * 1000 * usersPerRequest)) * 1000;
		// Requests per window as Braze counted them (fixed windows aligned like the sandbox's).
		const perWindow = new Map<number, number>();
		for (const r of track) if (r.status !== 429) perWindow.set(Math.floor(Date.parse(r.time) / rate.windowMs), (perWindow.get(Math.floor(Date.parse(r.time) / rate.windowMs)) ?? 0) + 1);
		const full = [...perWindow.values()].slice(1, -1);
		// Where the machine's CPU went from the webhooks to the last execution's end: when the machine is
		// busy all the time, n8n's CPU, not the limit, sets the pace. The stand-in is this test process.
		const [mainPid, ...workerPids] = cpuRoots;
		const standInS = (standIn.user + standIn.system) / 1e6;
		const mainS = cpuSpent(cpuBefore, cpuAfter, mainPid);
		const workersS = workerPids.reduce((sum, pid) => sum + cpuSpent(cpuBefore, cpuAfter, pid), 0);
		const machineS = cpuAfter.machine - cpuBefore.machine;
		const round = (seconds: number) => Number(seconds.toFixed(1));
		const figures = {
			limit: `${rate.limit} / ${rate.windowMs} ms`,
			latencyMs: LATENCY_MS,
			executions,
			usersEach: rows,
			users: users.length,
			trackRequests: track.length,
			accepted,
			usersPerRequest: Number(usersPerRequest.toFixed(1)),
			answered429: refused429,
			percent429: Number(((100 * refused429) / Math.max(1, track.length)).toFixed(2)),
			boundMs: Math.round(boundMs),
			sendingMs,
			sendingVsBound: Number((sendingMs / boundMs).toFixed(2)),
			executionsMs,
			executionsVsBound: Number((executionsMs / boundMs).toFixed(2)),
			wallMs,
			wallVsBound: Number((wallMs / boundMs).toFixed(2)),
			windowsUsed: full.length ? `${Math.min(...full)}..${Math.max(...full)} of ${rate.limit} (mean ${(full.reduce((a, b) => a + b, 0) / full.length).toFixed(1)})` : 'n/a',
			executionSpansMs: times.map(([start, stop]) => stop - start),
			// Where in Braze's window each refused request arrived (ms from the window's start).
			refusedAtMs: track.filter((r) => r.status === 429).map((r) => Date.parse(r.time) % rate.windowMs),
			cpuSeconds: {
				machine: round(machineS),
				machineBusyShare: Number((machineS / ((wallMs / 1000) * availableParallelism())).toFixed(2)),
				workers: round(workersS),
				main: round(mainS),
				standIn: round(standInS),
				postgresRedisAndOther: round(machineS - workersS - mainS - standInS),
			},
		};
		(mode.parallel ??= {})[tag] = figures;
		console.log(`[queue] ${executions} parallel syncs sharing one limit (${tag})\n${JSON.stringify(figures, null, 2)}`);
		expect(refused429).toBeLessThanOrEqual(track.length / 100);
		return figures;
	}

	// CI: issue 17's proof at a size CI affords, under a limit tight enough to be what bounds the run
	// (at Braze's 3,000 / 3 s, 20,000 users are 0.5 s of the limit and n8n's own work sets the pace).
	it(`queue mode: ${SHARE_EXECUTIONS} executions of ${SHARE_ROWS} users started together share one ${SHARE_RATE.limit} / ${SHARE_RATE.windowMs} ms limit: exact, ≤ 1% answered 429`, async () => {
		await parallelSyncs('qshare', SHARE_EXECUTIONS, SHARE_ROWS, SHARE_RATE);
	});

	// The full-size figure, not a CI gate (issue 17's targets are shown, never asserted by default):
	// QUEUE_PARALLEL=1 npx jest -c test/queue/jest.config.js -t 'full size'.
	(process.env.QUEUE_PARALLEL === '1' ? it : it.skip)(`queue mode, full size: ${PARALLEL_EXECUTIONS} executions of ${PARALLEL_ROWS} users started together share one ${TRACK_RATE.limit} / ${TRACK_RATE.windowMs} ms limit`, async () => {
		await parallelSyncs('qpar', PARALLEL_EXECUTIONS, PARALLEL_ROWS, TRACK_RATE);
	});
});
