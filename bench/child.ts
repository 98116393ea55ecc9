/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions */
/**
 * The child-process side of the benchmark: this script re-run with a bigger heap, and the
 * measurements that run in their own Node process (bench/membership-diff.ts, bench/engine.ts),
 * each printing one JSON line last.
 */
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { getHeapStatistics } from 'node:v8';

import { REPO_ROOT } from '../harness/runtime';
import type { EngineResult, MembershipResult } from './lib/report';
import type { Options } from './options';

const MB = 1024 * 1024;

/** 1,000,000 users live in the sandbox, in this process: make sure the heap can hold them. */
export function reexecWithBiggerHeap(options: Options): void {
	const needMb = Math.max(...options.scale.map((p) => p.n), ...options.compareNs) >= 500_000 ? 8192 : 0;
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

/** Runs a bench script in this Node (same flags, e.g. tsx's loader) and returns its last JSON line. */
function runScript(
	args: string[],
	env?: NodeJS.ProcessEnv,
): { child: SpawnSyncReturns<string>; line: string | undefined } {
	const child = spawnSync(process.execPath, [...process.execArgv, ...args], {
		encoding: 'utf8',
		...(env ? { env } : {}),
		maxBuffer: 16 * MB,
	});
	const line = child.stdout
		?.trim()
		.split('\n')
		.filter((l) => l.startsWith('{'))
		.pop();
	return { child, line };
}

export function runMembership(): MembershipResult {
	const script = join(REPO_ROOT, 'bench', 'membership-diff.ts');
	if (!existsSync(script)) return { ok: false, error: 'bench/membership-diff.ts is not there yet' };
	process.stderr.write(
		'[bench] membership diff at 1,000,000 members (bench/membership-diff.ts churn5)\n',
	);
	const { child, line } = runScript([script, 'churn5'], { ...process.env, MEMBERS: '1000000' });
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

export function runEngine(n: number): EngineResult[] {
	const script = join(REPO_ROOT, 'bench', 'engine.ts');
	return (['apply', 'track'] as const).map((variant) => {
		process.stderr.write(`[bench] package code alone (bench/engine.ts ${variant} ${n})\n`);
		const { child, line } = runScript([script, variant, String(n)]);
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
