/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, no-console, @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-hardcoded-secrets */
/**
 * `npm run bench`: how fast n8n-nodes-braze moves data into Braze, inside a real n8n 2.40.7 with
 * the packed package installed, against the Braze sandbox behaving like Braze under load, side by
 * side with what n8n users do without the package. See docs/benchmark.md.
 *
 *   npm run bench                       N = 5,000 side by side (4 flows), then the Braze node alone:
 *                                       User > Track at 10,000, Apply Changes at 10,000 and 100,000
 *   npm run bench -- --full             ... plus User > Track at 100,000 and Apply Changes at 1,000,000
 *   npm run bench -- --help             every option
 *
 * Timing: each measured run gets a fresh n8n (a copy of one prepared user folder), a warm-up run
 * of the same workflow with 20 items, then the measured run, started by a webhook that answers
 * when the last node is done. Wall time is measured around that HTTP call, so no process start-up
 * is inside it. The items are made inside the workflow by a Code node; "net" figures subtract the
 * time the generator-only workflow takes at the same N.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem, tmpdir } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { join, relative } from 'node:path';
import { getHeapStatistics } from 'node:v8';

import { type Sandbox, startSandbox } from '../sandbox/server';
import { REPO_ROOT, ensureRuntime } from '../harness';
import {
	type TemplateFolder,
	buildPackageCopy,
	postWebhook,
	prepareTemplate,
	startFresh,
} from './lib/n8n';
import { TreeSampler, treeRss } from './lib/proc';
import {
	type EngineResult,
	type MembershipResult,
	type RunResult,
	type Target,
	label,
	markdownTable,
	tableRows,
	textTable,
} from './lib/report';
import { checkState, describeCheck } from './lib/verify';
import { type Contender, type Workload, buildWorkflow } from './lib/workflows';

type TrackLimitSetting = 'combined50' | 'combined75' | 'legacy75';
type ScaleVariant = 'braze' | 'apply';

/**
 * Default scale series; --full adds User > Track at 100,000 and Apply Changes at 1,000,000 (minutes,
 * and about 9 GB at 1,000,000: docs/benchmark.md).
 */
const DEFAULT_SCALE: Array<{ variant: ScaleVariant; n: number }> = [
	{ variant: 'braze', n: 10_000 },
	{ variant: 'apply', n: 10_000 },
	{ variant: 'apply', n: 100_000 },
];
const FULL_SCALE: Array<{ variant: ScaleVariant; n: number }> = [
	{ variant: 'braze', n: 100_000 },
	{ variant: 'apply', n: 1_000_000 },
];

/** Objects one /users/track request may carry (the package's limits.ts, restated to stay outside node code). */
const TRACK_LIMITS: Record<
	TrackLimitSetting,
	{ total: number; perType: number; sandbox: 'combined50' | 'combined75' | 'legacy' }
> = {
	combined50: { total: 50, perType: 50, sandbox: 'combined50' },
	combined75: { total: 75, perType: 75, sandbox: 'combined75' },
	legacy75: { total: 225, perType: 75, sandbox: 'legacy' },
};

interface Options {
	compareN: number;
	contenders: Contender[];
	/** The Braze node alone at growing N: (variant, N) pairs. */
	scale: Array<{ variant: ScaleVariant; n: number }>;
	latencyMs: number;
	concurrency: number;
	trackLimit: TrackLimitSetting;
	rateLimit: { limit: number; windowMs: number };
	engine?: string;
	membership: boolean;
	/** bench/engine.ts at this N (0: skip). */
	engineN: number;
	full: boolean;
	keep: boolean;
	useDist: boolean;
	cpuProfDir?: string;
	nodeTimes: boolean;
	out?: string;
	warmupN: number;
}

const HELP = `npm run bench -- [options]

  --full                      also run the Braze node at N = 1,000,000 (long: see docs/benchmark.md)
  --n N                       items in the side-by-side comparison (default 5000)
  --contenders a,b            of braze, apply, naive, expert (default all four)
  --scale P1,P2               the Braze node alone: points VARIANT:N (braze = User > Track, apply = Apply
                              Changes) or a bare N for every variant; default braze:10000, apply:10000,
                              apply:100000; --full adds braze:100000 and apply:1000000
  --scale-variants a,b        keep only these variants in the scale series (braze, apply)
  --no-compare / --no-scale / --no-membership / --no-engine   skip a part
  --engine-n N                items for the package-code-alone rows (bench/engine.ts; default 100000)
  --latency-ms MS             sandbox latency per request (default 20)
  --concurrency N             the Braze node's Sending Options > Concurrency (default 32, the node's default)
  --track-limit L             combined50 (default, the credential's default) | combined75 | legacy75
  --rate-limit LIMIT/MS       the sandbox's /users/track rate limit (default 3000/3000, Braze's)
  --expression-engine E       n8n's N8N_EXPRESSION_ENGINE (default: n8n's own, vm); for diagnosis
  --out FILE                  JSON output (default bench/results/<date>.json)
  --warmup N                  items in the warm-up run before each measured run (default 20)
  --keep                      keep the n8n user folders (logs) under the temp folder
  --use-dist                  pack the repository's dist/ (npm run build) instead of building a private copy
  --cpu-prof DIR              write a V8 CPU profile of every n8n run into DIR (read it with
                              npx tsx scripts/bench-profile.ts DIR/<file>.cpuprofile); slows n8n down
  --node-times                save successful runs and report each node's time (n8n then also stores
                              3 x N items of run data; not for 1,000,000)`;

function parseArgs(argv: string[]): Options {
	const options: Options = {
		compareN: 5000,
		contenders: ['braze', 'apply', 'naive', 'expert'],
		scale: [],
		latencyMs: 20,
		concurrency: 32,
		trackLimit: 'combined50',
		rateLimit: { limit: 3000, windowMs: 3000 },
		membership: true,
		engineN: 100_000,
		full: false,
		keep: false,
		useDist: false,
		nodeTimes: false,
		warmupN: 20,
	};
	let scaleGiven: string[] | undefined;
	let variants: ScaleVariant[] = ['braze', 'apply'];
	let compare = true;
	let scale = true;
	for (let i = 0; i < argv.length; i++) {
		const flag = argv[i];
		const value = () => {
			const v = argv[++i];
			if (v === undefined) throw new Error(`${flag} needs a value`);
			return v;
		};
		const list = () =>
			value()
				.split(',')
				.map((s) => s.trim())
				.filter(Boolean);
		switch (flag) {
			case '--help':
			case '-h':
				console.log(HELP);
				process.exit(0);
				break;
			case '--full':
				options.full = true;
				break;
			case '--n':
				options.compareN = Number(value());
				break;
			case '--contenders':
				options.contenders = list() as Contender[];
				break;
			case '--scale':
				scaleGiven = list();
				break;
			case '--scale-variants':
				variants = list() as ScaleVariant[];
				break;
			case '--no-compare':
				compare = false;
				break;
			case '--no-scale':
				scale = false;
				break;
			case '--no-membership':
				options.membership = false;
				break;
			case '--no-engine':
				options.engineN = 0;
				break;
			case '--engine-n':
				options.engineN = Number(value());
				break;
			case '--latency-ms':
				options.latencyMs = Number(value());
				break;
			case '--concurrency':
				options.concurrency = Number(value());
				break;
			case '--track-limit':
				options.trackLimit = value() as TrackLimitSetting;
				if (!TRACK_LIMITS[options.trackLimit])
					throw new Error('--track-limit must be combined50, combined75 or legacy75');
				break;
			case '--rate-limit': {
				const match = /^(\d+)\/(\d+)$/.exec(value());
				if (!match) throw new Error('--rate-limit must be LIMIT/WINDOW_MS, e.g. 3000/3000');
				options.rateLimit = { limit: Number(match[1]), windowMs: Number(match[2]) };
				break;
			}
			case '--expression-engine':
				options.engine = value();
				break;
			case '--out':
				options.out = value();
				break;
			case '--keep':
				options.keep = true;
				break;
			case '--use-dist':
				options.useDist = true;
				break;
			case '--cpu-prof':
				options.cpuProfDir = value();
				break;
			case '--node-times':
				options.nodeTimes = true;
				break;
			case '--warmup':
				options.warmupN = Number(value());
				break;
			default:
				throw new Error(`unknown option ${flag}\n\n${HELP}`);
		}
	}
	for (const c of options.contenders) {
		if (!['braze', 'apply', 'naive', 'expert'].includes(c))
			throw new Error(`unknown contender ${c}`);
	}
	for (const v of variants)
		if (!['braze', 'apply'].includes(v)) throw new Error(`unknown scale variant ${v}`);
	if (scaleGiven) {
		// "apply:100000" is one point; a bare N means every variant of --scale-variants.
		for (const entry of scaleGiven) {
			const [first, second] = entry.split(':');
			if (second === undefined)
				for (const variant of variants) options.scale.push({ variant, n: Number(first) });
			else options.scale.push({ variant: first as ScaleVariant, n: Number(second) });
		}
	} else {
		options.scale = [...DEFAULT_SCALE, ...(options.full ? FULL_SCALE : [])].filter((p) =>
			variants.includes(p.variant),
		);
	}
	for (const point of options.scale) {
		if (!['braze', 'apply'].includes(point.variant) || !(point.n > 0))
			throw new Error(`bad scale point ${point.variant}:${point.n}`);
	}
	if (!compare) options.contenders = [];
	if (!scale) options.scale = [];
	return options;
}

/** 1,000,000 users live in the sandbox, in this process: make sure the heap can hold them. */
function reexecWithBiggerHeap(options: Options): void {
	const needMb = Math.max(...options.scale.map((p) => p.n), options.compareN) >= 500_000 ? 8192 : 0;
	if (!needMb || getHeapStatistics().heap_size_limit >= needMb * 1024 * 1024 * 0.9) return;
	const child = spawnSync(
		process.execPath,
		[`--max-old-space-size=${needMb}`, ...process.execArgv, ...process.argv.slice(1)],
		{
			stdio: 'inherit',
			env: process.env,
		},
	);
	process.exit(child.status ?? 1);
}

function machine() {
	const run = (cmd: string, args: string[]) => {
		const r = spawnSync(cmd, args, { encoding: 'utf8' });
		return r.status === 0 ? r.stdout.trim() : undefined;
	};
	const runtime = ensureRuntime();
	const n8nNode = run(runtime.node24, ['--version']);
	return {
		nproc: Number(run('nproc', [])) || cpus().length,
		cpuModel: cpus()[0]?.model,
		memoryGb: Math.round(totalmem() / 1024 ** 3),
		freeMemoryGbAtStart: Math.round(freemem() / 1024 ** 3),
		benchNode: process.version,
		n8nNode,
		n8nVersion: runtime.n8nVersion,
		os: run('uname', ['-sr']),
		loadAverageAtStart: Number(loadavg()[0].toFixed(2)),
	};
}

function gitRevision(): string | undefined {
	const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], {
		cwd: REPO_ROOT,
		encoding: 'utf8',
	});
	if (head.status !== 0) return undefined;
	const dirty = spawnSync('git', ['status', '--porcelain', '--', 'nodes', 'credentials'], {
		cwd: REPO_ROOT,
		encoding: 'utf8',
	});
	return `${head.stdout.trim()}${dirty.stdout.trim() ? ' + uncommitted node changes' : ''}`;
}

const MB = 1024 * 1024;

interface Context {
	options: Options;
	sandbox: Sandbox;
	template: TemplateFolder;
	root: string;
	env: Record<string, string>;
	/** Generator-only wall time by N, for the net figures. */
	generatorMs: Map<number, number>;
}

/** A run that could not be measured (n8n did not start, the warm-up failed, ...): a failed row, and on to the next. */
async function measureOrFail(
	ctx: Context,
	series: RunResult['series'],
	workload: Workload,
	n: number,
): Promise<RunResult> {
	try {
		return await measure(ctx, series, workload, n);
	} catch (error) {
		const message = (error as Error).message.split('\n').slice(0, 3).join(' ').slice(0, 400);
		process.stderr.write(`[bench] ${series} ${workload} N=${n}: FAILED ${message}\n`);
		return {
			series,
			workload,
			n,
			ok: false,
			status: 0,
			error: message,
			wallMs: 0,
			itemsPerSecond: 0,
			requests: 0,
			rateLimited429: 0,
			responsesByStatus: {},
			idleRssMb: 0,
			peakRssMb: 0,
			cpuSeconds: 0,
			stateSummary: `FAILED: ${message.slice(0, 120)}`,
			loadAverage: Number(loadavg()[0].toFixed(2)),
			startupMs: 0,
		};
	}
}

async function measure(
	ctx: Context,
	series: RunResult['series'],
	workload: Workload,
	n: number,
): Promise<RunResult> {
	const { sandbox, template } = ctx;
	const tag = `${series} ${workload} N=${n.toLocaleString('en-US')}`;
	process.stderr.write(`[bench] ${tag}: starting a fresh n8n\n`);
	const fresh = await startFresh(template, ctx.root, `${workload}-${n}`, ctx.env);
	const pid = fresh.server.pid;
	const path = `bench-${workload}`;
	process.stderr.write(
		`[bench] ${tag}: n8n pid ${pid}, up in ${(fresh.server.startupMs / 1000).toFixed(1)} s\n`,
	);
	try {
		await fresh.client.publishWorkflow(template.workflows[workload]);
		sandbox.reset();
		const warm = await postWebhook(fresh.server.state.url, path, { n: ctx.options.warmupN });
		if (warm.status !== 200)
			throw new Error(`warm-up run answered ${warm.status}: ${warm.body.slice(0, 500)}`);
		if (workload !== 'generator') {
			const warmCheck = checkState(sandbox, ctx.options.warmupN);
			if (!warmCheck.ok)
				throw new Error(
					`warm-up run left a wrong state: ${describeCheck(warmCheck)} ${warmCheck.examples.join('; ')}`,
				);
		}
		sandbox.reset();
		await new Promise((r) => setTimeout(r, 1000));
		const idleRss = treeRss(pid);
		const load = loadavg()[0];
		process.stderr.write(`[bench] ${tag}: running (load average ${load.toFixed(1)})\n`);
		const sampler = new TreeSampler(pid);
		const loopDelay = monitorEventLoopDelay({ resolution: 10 });
		loopDelay.enable();
		sampler.start();
		const response = await postWebhook(fresh.server.state.url, path, { n });
		const usage = sampler.stop();
		loopDelay.disable();
		const durations = sandbox.state.requests
			.list({ path: '/users/track' })
			.map((entry) => entry.durationMs)
			.sort((a, b) => a - b);
		const quantile = (q: number) =>
			durations.length
				? durations[Math.min(durations.length - 1, Math.floor(q * durations.length))]
				: 0;
		const stats = sandbox.state.stats.toJSON() as {
			requests_by_path: Record<string, number>;
			responses_by_status: Record<string, number>;
			sent_429: number;
		};
		const state = workload === 'generator' ? undefined : checkState(sandbox, n);
		const finished = response.status === 200;
		const ok = finished && (state === undefined || state.ok);
		const generatorMs = ctx.generatorMs.get(n);
		// No net figure when the generator alone took about as long (tiny N, noise).
		const netMs =
			workload !== 'generator' && generatorMs !== undefined && response.ms - generatorMs > response.ms / 10
				? response.ms - generatorMs
				: undefined;
		const result: RunResult = {
			series,
			workload,
			n,
			ok,
			status: response.status,
			...(finished
				? {}
				: { error: `webhook answered ${response.status}: ${response.body.slice(0, 300)}` }),
			wallMs: Math.round(response.ms),
			itemsPerSecond: Math.round(n / (response.ms / 1000)),
			...(netMs !== undefined
				? { netMs: Math.round(netMs), netItemsPerSecond: Math.round(n / (netMs / 1000)) }
				: {}),
			requests: stats.requests_by_path['/users/track'] ?? 0,
			rateLimited429: stats.sent_429,
			responsesByStatus: stats.responses_by_status,
			idleRssMb: Math.round(idleRss / MB),
			peakRssMb: Math.round(usage.peakRss / MB),
			...(usage.rootPeakRss !== undefined
				? { mainPeakRssMb: Math.round(usage.rootPeakRss / MB) }
				: {}),
			cpuSeconds: Number(usage.cpuSeconds.toFixed(2)),
			...(state ? { state } : {}),
			stateSummary: state ? describeCheck(state) : 'n/a',
			loadAverage: Number(load.toFixed(2)),
			startupMs: fresh.server.startupMs,
			...(workload !== 'generator'
				? {
						sandbox: {
							requestP50Ms: quantile(0.5),
							requestP95Ms: quantile(0.95),
							eventLoopDelayP99Ms: Math.round(loopDelay.percentile(99) / 1e6),
							eventLoopDelayMaxMs: Math.round(loopDelay.max / 1e6),
						},
					}
				: {}),
		};
		if (workload === 'generator' && finished) ctx.generatorMs.set(n, response.ms);
		if (ctx.options.nodeTimes && finished) {
			const [latest] = await fresh.client.listExecutions(template.workflows[workload], 1);
			const execution = latest ? await fresh.client.getExecution(latest.id) : undefined;
			const runData = (execution?.run.data.resultData.runData ?? {}) as Record<
				string,
				Array<{ executionTime?: number }>
			>;
			result.nodeMs = Object.fromEntries(
				Object.entries(runData).map(([name, runs]) => [name, runs[0]?.executionTime ?? 0]),
			);
			process.stderr.write(
				`[bench]   node times: ${Object.entries(result.nodeMs)
					.map(([name, ms]) => `${name} ${ms} ms`)
					.join(', ')}\n`,
			);
		}
		process.stderr.write(
			`[bench] ${tag}: ${(result.wallMs / 1000).toFixed(2)} s, ${result.itemsPerSecond} items/s, ${result.requests} requests, ` +
				`${result.rateLimited429} x 429, peak RSS ${result.peakRssMb} MB, CPU ${result.cpuSeconds} s, ${result.stateSummary}` +
				`${result.error ? ` (${result.error})` : ''}\n`,
		);
		if (state && !state.ok) process.stderr.write(`[bench]   e.g. ${state.examples.join('; ')}\n`);
		if (result.sandbox) {
			process.stderr.write(
				`[bench]   sandbox: ${result.sandbox.requestP50Ms} ms per request (p50), ${result.sandbox.requestP95Ms} ms (p95); ` +
					`its event loop late by ${result.sandbox.eventLoopDelayP99Ms} ms (p99), ${result.sandbox.eventLoopDelayMaxMs} ms (max)\n`,
			);
		}
		return result;
	} finally {
		await fresh.stop();
		if (!ctx.options.keep) rmSync(fresh.userFolder, { recursive: true, force: true });
		else process.stderr.write(`[bench]   kept ${fresh.userFolder}\n`);
	}
}

function runMembership(): MembershipResult {
	const script = join(REPO_ROOT, 'bench', 'membership-diff.ts');
	if (!existsSync(script)) return { ok: false, error: 'bench/membership-diff.ts is not there yet' };
	process.stderr.write(
		'[bench] membership diff at 1,000,000 members (bench/membership-diff.ts churn5)\n',
	);
	const child = spawnSync(process.execPath, [...process.execArgv, script, 'churn5'], {
		encoding: 'utf8',
		env: { ...process.env, MEMBERS: '1000000' },
		maxBuffer: 16 * MB,
	});
	const line = child.stdout
		?.trim()
		.split('\n')
		.filter((l) => l.startsWith('{'))
		.pop();
	if (child.status !== 0 || !line)
		return {
			ok: false,
			error: `exited with ${String(child.status)}: ${(child.stderr ?? '').slice(-500)}`,
		};
	try {
		const raw = JSON.parse(line) as Record<string, unknown>;
		return {
			ok: true,
			members: Number(raw.members),
			totalMs: Number(raw.totalMs),
			cpuMs: raw.cpuMs === undefined ? undefined : Number(raw.cpuMs),
			peakRss: raw.peakRss as string | undefined,
			engineRss: raw.engineRss as string | undefined,
			raw,
		};
	} catch (error) {
		return { ok: false, error: `unreadable output: ${(error as Error).message}` };
	}
}

function runEngine(n: number): EngineResult[] {
	const script = join(REPO_ROOT, 'bench', 'engine.ts');
	return (['apply', 'track'] as const).map((variant) => {
		process.stderr.write(`[bench] package code alone (bench/engine.ts ${variant} ${n})\n`);
		const child = spawnSync(process.execPath, [...process.execArgv, script, variant, String(n)], {
			encoding: 'utf8',
			maxBuffer: 16 * MB,
		});
		const line = child.stdout
			?.trim()
			.split('\n')
			.filter((l) => l.startsWith('{'))
			.pop();
		if (child.status !== 0 || !line)
			return {
				variant,
				n,
				ok: false,
				error: `exited with ${String(child.status)}: ${(child.stderr ?? '').slice(-300)}`,
			};
		const raw = JSON.parse(line) as Record<string, number>;
		return {
			variant,
			n,
			ok: raw.failed === 0 && raw.outputItems === n,
			ms: raw.ms,
			cpuMs: raw.cpuMs,
			requests: raw.requests,
			failed: raw.failed,
			retainedBytesPerItem: raw.retainedBytesPerItem,
			peakBytesPerItem: raw.peakBytesPerItem,
		};
	});
}

function evaluateTargets(
	options: Options,
	results: RunResult[],
	bound: number,
	minRequests: (n: number) => number,
	engine: EngineResult[],
): Target[] {
	const targets: Target[] = [];
	const find = (series: RunResult['series'], workload: Workload, n: number) =>
		results.find((r) => r.series === series && r.workload === workload && r.n === n);
	const brazeRuns = results.filter((r) => r.workload === 'braze' || r.workload === 'apply');
	const fmt = (v: number, d = 0) => v.toLocaleString('en-US', { maximumFractionDigits: d });

	if (brazeRuns.length) {
		const wrong = brazeRuns.filter((r) => r.requests !== minRequests(r.n));
		targets.push({
			name: 'Braze node requests = ceil(N / batch)',
			met: wrong.length === 0,
			detail: brazeRuns
				.map((r) => `${r.workload}@${fmt(r.n)}: ${fmt(r.requests)} (min ${fmt(minRequests(r.n))})`)
				.join(', '),
		});
	}
	const n = options.compareN;
	const naive = find('compare', 'naive', n);
	const expert = find('compare', 'expert', n);
	for (const variant of ['braze', 'apply'] as const) {
		const run = find('compare', variant, n);
		if (!run) continue;
		for (const [other, factor] of [
			[naive, 30],
			[expert, 2],
		] as const) {
			if (!other) continue;
			const ratio = run.itemsPerSecond / other.itemsPerSecond;
			const met = run.ok && (!other.ok || ratio >= factor);
			targets.push({
				name: `N=${fmt(n)}: ${variant} >= ${factor}x ${other.workload}`,
				met,
				detail:
					`${fmt(ratio, 2)}x (${fmt(run.itemsPerSecond)} vs ${fmt(other.itemsPerSecond)} items/s end to end` +
					(run.netItemsPerSecond && other.netItemsPerSecond
						? `; net ${fmt(run.netItemsPerSecond / other.netItemsPerSecond, 2)}x`
						: '') +
					`${other.ok ? '' : `; ${other.workload} run FAILED`})`,
			});
		}
	}
	for (const variant of [...new Set(options.scale.map((p) => p.variant))]) {
		// The comparison's run of the same variant is a point of the series too.
		const series = results
			.filter((r) => (r.series === 'scale' || r.series === 'compare') && r.workload === variant)
			.filter((r, i, all) => all.findIndex((o) => o.n === r.n) === i)
			.sort((a, b) => a.n - b.n);
		const at100k = series.find((r) => r.n === 100_000);
		if (at100k) {
			const share = (at100k.netItemsPerSecond ?? at100k.itemsPerSecond) / bound;
			targets.push({
				name: `N=100,000: ${variant} >= 80% of the bound`,
				met: at100k.ok && share >= 0.8,
				detail: `${fmt(100 * share, 1)}% (${fmt(at100k.netItemsPerSecond ?? at100k.itemsPerSecond)} net items/s of ${fmt(bound)}; end to end ${fmt((100 * at100k.itemsPerSecond) / bound, 1)}%)`,
			});
		}
		if (series.length >= 2) {
			const steps = series.slice(1).map((r, i) => {
				const prev = series[i];
				const exponent = Math.log(r.wallMs / prev.wallMs) / Math.log(r.n / prev.n);
				return { from: prev.n, to: r.n, exponent };
			});
			const worst = Math.max(...steps.map((s) => s.exponent));
			targets.push({
				name: `${variant}: time grows linearly with N`,
				met: worst <= 1.15,
				detail:
					steps
						.map((s) => `${fmt(s.from)}->${fmt(s.to)}: time ~ N^${fmt(s.exponent, 2)}`)
						.join(', ') +
					'; µs/item ' +
					series.map((r) => `${fmt(r.n)}: ${fmt((1000 * r.wallMs) / r.n, 1)}`).join(', '),
			});
		}
	}
	{
		// Memory. n8n holding the items: the generator-only run's RSS growth per item at the largest N.
		// The node's own overhead: bench/engine.ts (its code alone, exact) and, inside n8n, the Braze
		// runs' peak over the generator-only peak (also holds n8n's copies of upstream outputs, the
		// task runner, and garbage not yet collected).
		const baselines = results.filter((r) => r.workload === 'generator').sort((a, b) => b.n - a.n);
		const hold = baselines[0];
		const holdKb = hold ? ((hold.peakRssMb - hold.idleRssMb) * 1024) / hold.n : undefined;
		const inN8n = results
			.filter((r) => (r.workload === 'braze' || r.workload === 'apply') && r.series !== 'compare')
			.map((r) => {
				const gen = find('baseline', 'generator', r.n);
				return gen
					? `${r.workload}@${fmt(r.n)} ${fmt(((r.peakRssMb - gen.peakRssMb) * 1024) / r.n, 1)} KB/item`
					: undefined;
			})
			.filter(Boolean);
		const own = engine.filter((e) => e.ok && e.peakBytesPerItem !== undefined);
		const worst = own.length ? Math.max(...own.map((e) => e.peakBytesPerItem! / 1024)) : undefined;
		if (own.length || inN8n.length) {
			targets.push({
				name: 'peak RSS within what n8n needs to hold the items',
				met: worst === undefined || holdKb === undefined ? undefined : worst <= holdKb,
				detail:
					`n8n holding the items: ${holdKb === undefined ? '?' : fmt(holdKb, 2)} KB/item (generator only at ${hold ? fmt(hold.n) : '?'}); ` +
					`the node's own peak: ${own.map((e) => `${e.variant} ${fmt(e.peakBytesPerItem! / 1024, 1)} KB/item (${fmt(e.retainedBytesPerItem!, 0)} B/item kept in its output)`).join(', ') || '?'} (package code alone); ` +
					`inside n8n over the generator: ${inN8n.join(', ') || '?'}`,
			});
		}
	}
	const measured = results.filter((r) => r.workload !== 'generator');
	if (measured.length) {
		const bad = measured.filter((r) => !r.state?.ok);
		targets.push({
			name: 'zero lost / duplicated records in every run',
			met: bad.length === 0,
			detail: bad.length
				? bad.map((r) => `${r.workload}@${fmt(r.n)}: ${r.stateSummary}`).join('; ')
				: `${measured.length} runs exact`,
		});
	}
	return targets;
}

async function main(): Promise<void> {
	const options = parseArgs(process.argv.slice(2));
	reexecWithBiggerHeap(options);
	const started = Date.now();
	const host = machine();
	const limits = TRACK_LIMITS[options.trackLimit];
	/** Items per /users/track request: each item is 1 attributes + 1 event object. */
	const batchItems = Math.min(limits.perType, limits.total / 2);
	const minRequests = (n: number) =>
		Math.max(Math.ceil((2 * n) / limits.total), Math.ceil(n / limits.perType));
	const requestRate = Math.min(
		options.rateLimit.limit / (options.rateLimit.windowMs / 1000),
		options.concurrency / (options.latencyMs / 1000),
	);
	const bound = requestRate * batchItems;

	const apiKey = 'bench-braze-key-3c9e1f';
	const sandbox = await startSandbox({
		apiKey,
		latencyMs: options.latencyMs,
		trackLimit: limits.sandbox,
		rateLimits: { 'users.track': options.rateLimit },
	});
	const root = mkdtempSync(join(tmpdir(), 'n8n-bench-'));
	const results: RunResult[] = [];
	let membership: MembershipResult | undefined;
	let engine: EngineResult[] = [];
	try {
		const credentials = {
			braze: { id: 'benchBrazeCred01', name: 'Braze (bench sandbox)' },
			header: { id: 'benchHeaderCred1', name: 'Braze key as header (bench sandbox)' },
		};
		const workloads: Workload[] = ['generator', 'braze', 'apply', 'naive', 'expert'];
		const workflows = Object.fromEntries(
			workloads.map((workload) => [
				workload,
				buildWorkflow({
					contender: workload,
					path: `bench-${workload}`,
					sandboxUrl: sandbox.url,
					credentials,
					itemsPerRequest: Math.floor(batchItems),
					concurrency: options.concurrency,
					saveSuccess: options.nodeTimes,
				}),
			]),
		);
		process.stderr.write(`[bench] building and packing the package, preparing n8n (${root})\n`);
		const packageDir = options.useDist ? REPO_ROOT : buildPackageCopy(join(root, 'package'));
		const template = await prepareTemplate(
			root,
			packageDir,
			[
				{
					...credentials.braze,
					type: 'brazeApi',
					data: {
						apiKey,
						instance: 'custom',
						customUrl: sandbox.url,
						trackBatchLimit: options.trackLimit,
					},
				},
				{
					...credentials.header,
					type: 'httpHeaderAuth',
					data: { name: 'Authorization', value: `Bearer ${apiKey}` },
				},
			],
			workflows,
		);
		const big = Math.max(options.compareN, ...options.scale.map((p) => p.n)) >= 500_000;
		const ctx: Context = {
			options,
			sandbox,
			template,
			root,
			generatorMs: new Map(),
			env: {
				// info: the harness waits for the "Editor is now accessible" line.
				N8N_LOG_LEVEL: 'info',
				// A Code node over 1,000,000 items takes longer than the harness's 60 s.
				N8N_RUNNERS_TASK_TIMEOUT: '3600',
				EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'none',
				EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'false',
				...(options.engine ? { N8N_EXPRESSION_ENGINE: options.engine } : {}),
				// n8n holds every node's output of a run in memory: 1,000,000 items need more than V8's default heap.
				...(big || options.cpuProfDir
					? {
							NODE_OPTIONS: [
								...(big ? ['--max-old-space-size=12288'] : []),
								...(options.cpuProfDir
									? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`]
									: []),
							].join(' '),
						}
					: {}),
				...(big ? { N8N_RUNNERS_MAX_OLD_SPACE_SIZE: '8192' } : {}),
			},
		};

		const ns = [
			...new Set([
				...(options.contenders.length ? [options.compareN] : []),
				...options.scale.map((p) => p.n),
			]),
		].sort((a, b) => a - b);
		for (const n of ns) results.push(await measureOrFail(ctx, 'baseline', 'generator', n));
		for (const contender of options.contenders)
			results.push(await measureOrFail(ctx, 'compare', contender, options.compareN));
		for (const { variant, n } of [...options.scale].sort((a, b) =>
			a.variant === b.variant ? a.n - b.n : a.variant === 'braze' ? -1 : 1,
		)) {
			// The comparison's run at the same N is the same measurement: reuse it.
			const same = results.find(
				(r) => r.series === 'compare' && r.workload === variant && r.n === n,
			);
			results.push(
				same ? { ...same, series: 'scale' } : await measureOrFail(ctx, 'scale', variant, n),
			);
		}
		if (options.membership) membership = runMembership();
		if (options.engineN) engine = runEngine(options.engineN);
	} finally {
		await sandbox.close();
		if (!options.keep) rmSync(root, { recursive: true, force: true });
	}

	const targets = evaluateTargets(options, results, bound, minRequests, engine);
	const rows = tableRows(results, membership, engine);
	const fmt = (v: number, d = 0) => v.toLocaleString('en-US', { maximumFractionDigits: d });
	const lines: string[] = [];
	lines.push(
		`n8n-nodes-braze benchmark: n8n ${host.n8nVersion} on Node ${host.n8nNode}, ${host.nproc} CPUs, ${host.memoryGb} GB; ` +
			`sandbox ${options.latencyMs} ms/request, /users/track ${fmt(options.rateLimit.limit)} per ${fmt(options.rateLimit.windowMs / 1000, 1)} s, ` +
			`${options.trackLimit} (${fmt(batchItems, 1)} items of 1 attributes + 1 event per request), Braze node concurrency ${options.concurrency}`,
	);
	lines.push('');
	lines.push(textTable(rows));
	lines.push('');
	lines.push(
		`bound: min(${fmt(options.rateLimit.limit / (options.rateLimit.windowMs / 1000))} req/s rate limit, ${options.concurrency} / ${options.latencyMs} ms = ${fmt(options.concurrency / (options.latencyMs / 1000))} req/s) ` +
			`x ${fmt(batchItems, 1)} items = ${fmt(bound)} items/s`,
	);
	if (engine.length) {
		lines.push(
			`package code alone: bench/engine.ts, the Braze node's route() on N items in Node ${process.version} with a stub n8n context that answers every request at once; ` +
				'Track* reads the field values straight from the items, as if n8n evaluated no expression per item',
		);
	}
	if (membership?.ok) {
		lines.push(
			`membership diff: bench/membership-diff.ts churn5 (1M members now vs 1M before, 5% churn), the engine alone in Node ${process.version}, no n8n or Braze`,
		);
	}
	lines.push('');
	for (const target of targets) {
		const mark = target.met === undefined ? '[ ? ]' : target.met ? '[ ok ]' : '[MISS]';
		lines.push(`${mark} ${target.name}: ${target.detail}`);
	}
	console.log(lines.join('\n'));

	const date = new Date().toISOString().slice(0, 10);
	const out = options.out ?? join(REPO_ROOT, 'bench', 'results', `${date}.json`);
	mkdirSync(join(out, '..'), { recursive: true });
	const json = {
		date: new Date().toISOString(),
		command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
		revision: gitRevision(),
		machine: host,
		config: {
			compareN: options.compareN,
			scale: options.scale,
			latencyMs: options.latencyMs,
			rateLimit: options.rateLimit,
			trackLimit: options.trackLimit,
			itemsPerRequest: batchItems,
			brazeConcurrency: options.concurrency,
			expressionEngine: options.engine ?? 'n8n default (vm)',
			warmupItems: options.warmupN,
			workload:
				'N items, each { external_id, plan, score, vip }: 3 custom attributes and 1 custom event per user',
		},
		boundItemsPerSecond: bound,
		contenders: Object.fromEntries(
			(['generator', 'braze', 'apply', 'naive', 'expert'] as Workload[]).map((w) => [w, label(w)]),
		),
		results: results.map(({ state, ...rest }) => ({
			...rest,
			...(state && !state.ok ? { stateExamples: state.examples } : {}),
			...(rest.workload === 'braze' || rest.workload === 'apply'
				? {
						minRequests: minRequests(rest.n),
						boundShare: Number(
							((rest.netItemsPerSecond ?? rest.itemsPerSecond) / bound).toFixed(3),
						),
					}
				: {}),
		})),
		membership: membership ? { ...membership, raw: undefined } : undefined,
		engine,
		targets,
		markdownTable: markdownTable(rows),
		totalSeconds: Math.round((Date.now() - started) / 1000),
	};
	writeFileSync(out, `${JSON.stringify(json, null, '\t')}\n`);
	console.log(
		`\nwritten ${relative(process.cwd(), out)} (${Math.round((Date.now() - started) / 1000)} s in all)`,
	);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
