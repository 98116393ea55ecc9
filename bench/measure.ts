/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions */
/**
 * One measured run: a fresh n8n from the prepared folder, a warm-up, then the timed webhook call
 * with the process tree's RSS and CPU sampled, the sandbox's request counts, and a check of what
 * Braze holds afterwards. Plus what the figures were measured on (machine, revision).
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';

import { REPO_ROOT, ensureRuntime } from '../harness/runtime';
import type { Sandbox } from '../sandbox/server';
import { type TemplateFolder, postWebhook, startFresh } from './lib/n8n';
import { TreeSampler, treeRss } from './lib/proc';
import type { RunResult } from './lib/report';
import { checkState, describeCheck } from './lib/verify';
import { type Workload, isBaseline } from './lib/workflows';
import type { Options } from './options';

/** The machine and runtimes the figures come from. */
export function machine() {
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

export function gitRevision(): string | undefined {
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

export const MB = 1024 * 1024;

export interface Context {
	options: Options;
	sandbox: Sandbox;
	template: TemplateFolder;
	root: string;
	env: Record<string, string>;
	/** Generator-only wall time by N, for the net figures. */
	generatorMs: Map<number, number>;
}

/** A run that could not be measured (n8n did not start, the warm-up failed, ...): a failed row, and on to the next. */
export async function measureOrFail(
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
		if (!isBaseline(workload)) {
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
			data_points?: { total: number };
		};
		const state = isBaseline(workload) ? undefined : checkState(sandbox, n);
		const finished = response.status === 200;
		const ok = finished && (state === undefined || state.ok);
		const generatorMs = ctx.generatorMs.get(n);
		// No net figure when the generator alone took about as long (tiny N, noise).
		const netMs =
			!isBaseline(workload) && generatorMs !== undefined && response.ms - generatorMs > response.ms / 10
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
			...(stats.data_points ? { dataPoints: stats.data_points.total } : {}),
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
			...(!isBaseline(workload)
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

/** The environment of every measured n8n. */
export function n8nRunEnv(options: Options): Record<string, string> {
	const big = Math.max(...options.compareNs, ...options.scale.map((p) => p.n)) >= 500_000;
	return {
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
	};
}
