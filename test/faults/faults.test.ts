/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, no-console */
/**
 * Fault-injection suite: 20,000 mixed Braze changes (attribute sets and increments, events,
 * purchases, subscription states, deletes) plus invalid items, through the Braze node's
 * Change > Apply in a real n8n 2.40.7, against the sandbox injecting about 10% 429s (with reset
 * headers), 3% 500/502/503 and dropped connections. Two executions of half the data each:
 * phase A drops 1% of the connections before the sandbox applies the request, phase B 2% after
 * (Braze had the request, the answer was lost). Then:
 *
 *  - the sandbox holds every valid change exactly once (a model replays the valid items in order);
 *    an event, purchase or increment may be there twice only in phase B and only where the
 *    node flagged the change possibleDuplicate; the run reports how many;
 *  - every invalid item came out of the error output with its reason, every valid item out of
 *    the main output;
 *  - each phase's sending window fits the bound the transport's settings give (docs/reliability.md);
 *  - no secret (the API key) appears in the executions, the log or the CLI output.
 *
 *   npm run build && npx jest -c test/faults/jest.config.js      (npm run test:faults)
 *
 * Env: FAULTS_CHANGES (20000), FAULTS_SEED, FAULTS_PACKAGE_DIR (a built package other than the repo).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { DEFAULT_TRANSPORT_SETTINGS } from '../../nodes/shared/braze/transport';
import { type Sandbox, startSandbox } from '../../sandbox/server';
import type { RequestLogEntry } from '../../sandbox/request-log';
import { type N8nServer, REPO_ROOT, type RunItem, type Template, chain, packPackage, runN8nCli, startN8n, workflowNode as node } from '../../harness';
import { describeLeaks, findLeaks, placesOf, secretsOf } from '../security/leak-scan';
import { type Item, GROUPS, USER_PREFIX, makeDataset, model } from './dataset';

const CHANGES = Number(process.env.FAULTS_CHANGES ?? 20_000);
const SEED = Number(process.env.FAULTS_SEED ?? 20260131);
const FAULTS = { rate429: 0.1, rate5xx: 0.03, rateDrop: 0.01 };
/** Phase B drops twice as often, so that every run sees connections lost after Braze applied (about 1.5% over both phases). */
const PHASE_B_DROP_RATE = 0.02;
const LATENCY_MS = 10;
/** Client-side time per try the window bound allows on top of the server's (n8n's HTTP helper, scheduling). */
const CLIENT_MS_PER_TRY = 25;
/** The sandbox's injected 429 says "reset at ceil((now + 1 s) / 1 s)": at most 2 s away. */
const FAULT_429_RESET_MS = 2000;
const API_KEY = `flt-${randomBytes(18).toString('hex')}`;
const APPLY = 'Braze: Apply Changes';

jest.setTimeout(900_000);

interface PhaseResult {
	name: string;
	items: Item[];
	changes: number;
	ok: Map<number, { results: Array<{ type: string; ok: boolean; possibleDuplicate?: boolean }> }>;
	errors: Map<number, string>;
	cliMs: number;
	nodeMs: number;
	executionId: string;
	stdout: string;
	tries: RequestLogEntry[];
	stats: Record<string, number>;
}

const phases: PhaseResult[] = [];
/** Figures the checks add to the printed tally. */
const tally: Record<string, unknown> = {};
let n8n: N8nServer;
let sandbox: Sandbox;
let userFolder: string;
let credentialId: string;

const dataset = makeDataset({ seed: SEED, changes: CHANGES, userCount: Math.max(50, Math.round(CHANGES / 7)), invalidRate: 0.012 });
const half = Math.ceil(dataset.items.length / 2);
const phaseItems = { A: dataset.items.slice(0, half), B: dataset.items.slice(half) };

function workflow(name: string, items: Item[]): Template {
	const data = items.map((item) => ({ idx: item.index, brazeChanges: item.brazeChanges }));
	return {
		name,
		nodes: [
			node('Start', 'n8n-nodes-base.manualTrigger', 1, 0, {}),
			node('Changes', 'n8n-nodes-base.code', 2, 200, { jsCode: `const DATA = ${JSON.stringify(data)};\nreturn DATA.map((json) => ({ json }));` }),
			node(
				APPLY,
				'n8n-nodes-braze.braze',
				1,
				400,
				{ resource: 'change', operation: 'apply', changesSource: 'field', changesField: 'brazeChanges', applyOutput: 'merge', sendingOptions: {} },
				{ onError: 'continueErrorOutput', credentials: { brazeApi: { id: credentialId, name: 'Braze sandbox (faults)' } } },
			),
			node('Applied', 'n8n-nodes-base.noOp', 1, 600, {}),
			node('Refused', 'n8n-nodes-base.noOp', 1, 600, {}),
		],
		connections: {
			...chain('Start', 'Changes', APPLY),
			[APPLY]: { main: [[{ node: 'Applied', type: 'main', index: 0 }], [{ node: 'Refused', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

function statsNow(): Record<string, number> {
	const s = sandbox.state.stats;
	let requests = 0;
	for (const n of s.requestsByPath.values()) requests += n;
	return { requests, fault429: s.fault429, rateLimited429: s.rateLimited429, fault5xx: s.fault5xx, drops: s.drops, dropsAfterApply: s.dropsAfterApply };
}

function diff(after: Record<string, number>, before: Record<string, number>): Record<string, number> {
	return Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - (before[k] ?? 0)]));
}

async function runPhase(name: 'A' | 'B', dropAfterApply: boolean, rateDrop = FAULTS.rateDrop): Promise<PhaseResult> {
	const items = phaseItems[name];
	const id = await n8n.importWorkflow(workflow(`Faults phase ${name} (${items.length} items)`, items));
	sandbox.setFaults({ ...FAULTS, rateDrop, dropAfterApply });
	const before = statsNow();
	const seqBefore = sandbox.state.requests.total;
	// Run data of 10,000 items is too big for --rawOutput: run, then read it back over REST.
	const cli = await runN8nCli(userFolder, ['execute', `--id=${id}`], { timeoutMs: 900_000 });
	sandbox.setFaults({});
	if (cli.code !== 0) throw new Error(`n8n execute failed (${cli.code}):\n${cli.stdout.slice(-3000)}\n${cli.stderr.slice(-3000)}`);
	const tries = sandbox.state.requests.list().filter((e) => e.seq > seqBefore && e.path !== '/_sandbox');
	const stats = diff(statsNow(), before);
	const [summary] = await n8n.waitForExecutions(id, 1, 120_000);
	const { run } = await n8n.getExecution(summary.id);
	const runs = run.data.resultData.runData[APPLY];
	if (!runs?.[0]) throw new Error(`the Braze node did not run: ${JSON.stringify(run.data.resultData.error ?? null)}`);
	const [okItems = [], errorItems = []] = (runs[0].data?.main ?? []) as RunItem[][];
	const indexOf = (item: RunItem) => items[(item.pairedItem as { item: number }).item].index;
	const ok = new Map<number, PhaseResult['ok'] extends Map<number, infer V> ? V : never>();
	for (const item of okItems) ok.set(indexOf(item), (item.json as { braze: { results: Array<{ type: string; ok: boolean; possibleDuplicate?: boolean }> } }).braze);
	const errors = new Map<number, string>();
	for (const item of errorItems) errors.set(indexOf(item), String((item.json as { error?: unknown }).error ?? JSON.stringify(item.json)));
	const changes = items.reduce((n, item) => n + (Array.isArray(item.brazeChanges) ? item.brazeChanges.length : 1), 0);
	const result: PhaseResult = {
		name,
		items,
		changes,
		ok,
		errors,
		cliMs: cli.durationMs,
		nodeMs: (runs[0] as { executionTime?: number }).executionTime ?? NaN,
		executionId: summary.id,
		stdout: cli.stdout + cli.stderr,
		tries,
		stats,
	};
	phases.push(result);
	return result;
}

/**
 * The bound of docs/reliability.md for one phase's sending window (first try sent to last answer):
 * at every moment some request is being answered, or every request waits out a rate-limit pause,
 * or a request sleeps its backoff; so the window is at most the sum of the tries' times, the
 * pauses and the backoffs, each at its transport-setting maximum.
 */
function windowBound(tries: RequestLogEntry[]): { windowMs: number; boundMs: number; parts: Record<string, number> } {
	const s = DEFAULT_TRANSPORT_SETTINGS;
	const start = Math.min(...tries.map((t) => Date.parse(t.time)));
	const end = Math.max(...tries.map((t) => Date.parse(t.time) + t.durationMs));
	const service = tries.reduce((n, t) => n + t.durationMs + CLIENT_MS_PER_TRY, 0);
	// One pause per 429: until the reset the answer names (+ up to 250 ms jitter), never over maxRateLimitWaitMs.
	const pauses = tries.filter((t) => t.status === 429).length * (Math.min(s.maxRateLimitWaitMs, FAULT_429_RESET_MS) + 250);
	// Backoff after the k-th failure (5xx or dropped) of one request: at most min(maxDelay, base * 2^(k-1)).
	const failuresOf = new Map<string, number>();
	let backoffs = 0;
	for (const t of tries) {
		const failed = t.status === 0 || t.status >= 500;
		const key = t.body === undefined ? `unknown-${t.seq}` : `${t.path} ${JSON.stringify(t.body)}`;
		if (!failed) continue;
		const k = (failuresOf.get(key) ?? 0) + 1;
		failuresOf.set(key, k);
		// Without its body (log past 1,000 bodies) assume the longest backoff a failure can bring.
		const exponent = t.body === undefined ? s.maxAttempts - 2 : k - 1;
		backoffs += Math.min(s.maxDelayMs, s.baseDelayMs * 2 ** exponent);
	}
	return { windowMs: end - start, boundMs: service + pauses + backoffs, parts: { tries: tries.length, serviceMs: service, pausesMs: pauses, backoffsMs: backoffs } };
}

describe(`fault injection: ${CHANGES} changes through Change > Apply in real n8n`, () => {
	beforeAll(async () => {
		userFolder = mkdtempSync(join(tmpdir(), 'n8n-faults-'));
		packPackage(userFolder, process.env.FAULTS_PACKAGE_DIR ?? REPO_ROOT);
		sandbox = await startSandbox({ apiKey: API_KEY, latencyMs: LATENCY_MS, seed: SEED });
		n8n = await startN8n({ userFolder });
		await n8n.login();
		credentialId = await n8n.importCredential({
			name: 'Braze sandbox (faults)',
			type: 'brazeApi',
			data: { apiKey: API_KEY, instance: 'custom', customUrl: sandbox.url, trackBatchLimit: 'combined50' },
		});
	}, 300_000);

	afterAll(async () => {
		await n8n?.stop();
		await sandbox?.close();
		if (process.env.E2E_KEEP === '1') console.log(`[faults] kept ${userFolder}`);
		else if (userFolder) rmSync(userFolder, { recursive: true, force: true });
	});

	it('phase A: 429s, 5xx, connections dropped before Braze applies', async () => {
		const a = await runPhase('A', false);
		expect(a.stats.fault429).toBeGreaterThan(0);
		expect(a.stats.fault5xx).toBeGreaterThan(0);
		expect(a.stats.drops).toBeGreaterThan(0);
		expect(a.stats.dropsAfterApply).toBe(0);
	});

	it('phase B: 429s, 5xx, connections dropped after Braze applied', async () => {
		const b = await runPhase('B', true, PHASE_B_DROP_RATE);
		expect(b.stats.dropsAfterApply).toBeGreaterThan(0);
	});

	it('every item came out once: valid ones on the main output, invalid ones on the error output with their reason', () => {
		const wrong: string[] = [];
		for (const phase of phases) {
			for (const item of phase.items) {
				const ok = phase.ok.get(item.index);
				const error = phase.errors.get(item.index);
				if (ok && error) wrong.push(`item ${item.index} came out of both outputs`);
				if (item.expectError) {
					if (!error) wrong.push(`invalid item ${item.index} (${item.expectError}) did not reach the error output`);
					else if (!item.expectError.test(error)) wrong.push(`invalid item ${item.index}: expected ${item.expectError}, got "${error}"`);
				} else if (!ok) {
					wrong.push(`valid item ${item.index} failed: ${error ?? 'no output at all'}`);
				} else if (ok.results.length !== (item.brazeChanges as unknown[]).length || ok.results.some((r) => !r.ok)) {
					wrong.push(`valid item ${item.index}: results ${JSON.stringify(ok.results)}`);
				}
			}
			expect(phase.ok.size + phase.errors.size).toBe(phase.items.length);
		}
		expect(wrong.slice(0, 20)).toEqual([]);
	});

	it('the sandbox holds every valid change exactly once; duplicates only where flagged, after a drop after apply', () => {
		const expected = model(dataset.items);
		const flagged = new Set<number>();
		const phaseOf = new Map<number, string>();
		for (const phase of phases) {
			for (const [index, out] of phase.ok) {
				phaseOf.set(index, phase.name);
				if (out.results.some((r) => r.possibleDuplicate)) flagged.add(index);
			}
		}
		const problems: string[] = [];
		const duplicates = { events: 0, purchases: 0, increments: 0 };
		const sandboxUsers = [...sandbox.state.users.all()].filter((u) => u.external_id?.startsWith(USER_PREFIX));
		const seen = new Set<string>();
		for (const user of sandboxUsers) {
			const id = user.external_id!;
			seen.add(id);
			const want = expected.get(id);
			if (!want?.exists) {
				problems.push(`${id} exists in Braze but should not`);
				continue;
			}
			const attrs = user.custom_attributes as Record<string, unknown>;
			if (attrs.plan !== want.plan) problems.push(`${id}.plan = ${String(attrs.plan)}, expected ${String(want.plan)}`);
			if (attrs.score !== want.score) problems.push(`${id}.score = ${String(attrs.score)}, expected ${String(want.score)}`);
			const extra = ((attrs.logins as number | undefined) ?? 0) - (want.logins ?? 0);
			const mayRepeat = want.increments.filter((i) => flagged.has(i) && phaseOf.get(i) === 'B').length;
			if (extra < 0 || extra > mayRepeat) problems.push(`${id}.logins = ${String(attrs.logins)}, expected ${String(want.logins)} (+ up to ${mayRepeat} flagged)`);
			duplicates.increments += Math.max(0, extra);
			for (const [kind, list, wanted] of [
				['events', user.custom_events, want.events],
				['purchases', user.purchases, want.purchases],
			] as const) {
				const counts = new Map<number, number>();
				for (const entry of list) {
					const seq = (entry.properties as { seq?: number } | undefined)?.seq as number;
					counts.set(seq, (counts.get(seq) ?? 0) + 1);
				}
				for (const [seq, count] of counts) {
					const item = wanted.get(seq);
					if (item === undefined) problems.push(`${id} has ${kind} seq ${seq} that should not be there (x${count})`);
					else if (count > 1) {
						duplicates[kind] += count - 1;
						if (count > 2 || !flagged.has(item) || phaseOf.get(item) !== 'B') problems.push(`${id} has ${kind} seq ${seq} x${count} (item ${item}, flagged ${flagged.has(item)}, phase ${phaseOf.get(item)})`);
					}
				}
				for (const seq of wanted.keys()) if (!counts.has(seq)) problems.push(`${id} lacks ${kind} seq ${seq}`);
			}
			for (const group of GROUPS) {
				if ((user.subscription_groups as Record<string, string>)[group] !== want.groups[group]) {
					problems.push(`${id} group ${group} = ${String(user.subscription_groups[group])}, expected ${String(want.groups[group])}`);
				}
			}
		}
		for (const [id, want] of expected) if (want.exists && !seen.has(id)) problems.push(`${id} is missing from Braze`);
		tally.duplicates = duplicates;
		tally.flaggedItems = flagged.size;
		expect(problems.slice(0, 25)).toEqual([]);
	});

	it('each phase sent within the bound the transport settings give', () => {
		const rows = phases.map((phase) => ({ phase: phase.name, ...windowBound(phase.tries) }));
		tally.bounds = rows;
		for (const row of rows) expect(row.windowMs).toBeLessThanOrEqual(row.boundMs);
	});

	it('no secret in the executions, the log or the CLI output', async () => {
		const secrets = [...(await secretsOf(userFolder)), { origin: 'Braze API key (faults)', value: API_KEY }];
		expect(secrets.some((s) => s.value === API_KEY)).toBe(true);
		const places = await placesOf(n8n);
		const leaks = findLeaks(secrets, [...places.runData, ...places.workflowCopies, places.log, ...phases.map((p) => ({ name: `n8n execute output, phase ${p.name}`, text: p.stdout }))]);
		tally.leakScan = { secrets: secrets.length, executions: places.executions, leaks: leaks.length };
		if (leaks.length) throw new Error(describeLeaks(leaks));
	});
});

afterAll(() => {
	const sum = (f: (p: PhaseResult) => number) => phases.reduce((n, p) => n + f(p), 0);
	const report = {
		changes: dataset.totalChanges,
		validChanges: dataset.validChanges,
		items: dataset.items.length,
		invalidItems: dataset.items.filter((i) => i.expectError).length,
		refusedByBrazeItems: dataset.items.filter((i) => i.refusedByBraze).length,
		users: dataset.users.length,
		faults: { ...FAULTS, phaseBRateDrop: PHASE_B_DROP_RATE },
		transport: DEFAULT_TRANSPORT_SETTINGS,
		phases: phases.map((p) => ({
			phase: p.name,
			connectionsDropped: p.name === 'B' ? 'after apply' : 'before apply',
			items: p.items.length,
			changes: p.changes,
			mainOutput: p.ok.size,
			errorOutput: p.errors.size,
			byPath: Object.entries(
				p.tries.reduce<Record<string, number>>((acc, t) => ({ ...acc, [t.path]: (acc[t.path] ?? 0) + 1 }), {}),
			).map(([path, n]) => `${path}: ${n}`),
			...p.stats,
			braze_node_ms: p.nodeMs,
			n8n_execute_ms: p.cliMs,
		})),
		totals: { tries: sum((p) => p.stats.requests), injected429: sum((p) => p.stats.fault429), rateLimit429: sum((p) => p.stats.rateLimited429), injected5xx: sum((p) => p.stats.fault5xx), drops: sum((p) => p.stats.drops), dropsAfterApply: sum((p) => p.stats.dropsAfterApply) },
		...tally,
	};
	console.log(`[faults] tally\n${JSON.stringify(report, null, 2)}`);
});
