/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-hardcoded-secrets, no-console */
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
 *
 * This file is the driver: flags in options.ts, one measured run in measure.ts, the runs in their
 * own process in child.ts, the pass/fail targets in targets.ts, the flows in lib/workflows.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { REPO_ROOT } from '../harness/runtime';
import { startSandbox } from '../sandbox/server';
import { reexecWithBiggerHeap, runEngine, runMembership } from './child';
import { buildPackageCopy, prepareTemplate } from './lib/n8n';
import { type EngineResult, type MembershipResult, type RunResult, writeReport } from './lib/report';
import { type Workload, buildWorkflow } from './lib/workflows';
import { type Context, gitRevision, machine, measureOrFail, n8nRunEnv } from './measure';
import { parseArgs, trackBudget } from './options';
import { evaluateTargets } from './targets';

async function main(): Promise<void> {
	const options = parseArgs(process.argv.slice(2));
	reexecWithBiggerHeap(options);
	const started = Date.now();
	const host = machine();
	const budget = trackBudget(options);

	const apiKey = 'bench-braze-key-3c9e1f';
	const sandbox = await startSandbox({
		apiKey,
		latencyMs: options.latencyMs,
		trackLimit: budget.limits.sandbox,
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
		const workloads: Workload[] = ['generator', 'changes', 'braze', 'apply', 'naive', 'expert'];
		const workflows = Object.fromEntries(
			workloads.map((workload) => [
				workload,
				buildWorkflow({
					contender: workload,
					path: `bench-${workload}`,
					sandboxUrl: sandbox.url,
					credentials,
					itemsPerRequest: Math.floor(budget.batchItems),
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
					data: { apiKey, instance: 'custom', customUrl: sandbox.url, trackBatchLimit: options.trackLimit },
				},
				{
					...credentials.header,
					type: 'httpHeaderAuth',
					data: { name: 'Authorization', value: `Bearer ${apiKey}` },
				},
			],
			workflows,
		);
		const ctx: Context = { options, sandbox, template, root, generatorMs: new Map(), env: n8nRunEnv(options) };

		const ns = [
			...new Set([
				...(options.contenders.length ? options.compareNs : []),
				...options.scale.map((p) => p.n),
			]),
		].sort((a, b) => a - b);
		for (const n of ns) results.push(await measureOrFail(ctx, 'baseline', 'generator', n));
		// Apply's own input at its large sizes: its memory is judged over this (targets.ts).
		for (const n of [...new Set(options.scale.filter((p) => p.variant === 'apply' && p.n >= 100_000).map((p) => p.n))])
			results.push(await measureOrFail(ctx, 'baseline', 'changes', n));
		for (const n of options.compareNs)
			for (const contender of options.contenders) results.push(await measureOrFail(ctx, 'compare', contender, n));
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
		await (await import('./delta')).reportDeltaWorkload();
	} finally {
		await sandbox.close();
		if (!options.keep) rmSync(root, { recursive: true, force: true });
	}

	const targets = evaluateTargets(options, results, budget.bound, budget.minRequests, engine);
	writeReport({ options, budget, host, revision: gitRevision(), results, membership, engine, targets, started });
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
