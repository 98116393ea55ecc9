/**
 * The targets the compared flows are judged by (docs/benchmark.md): the Braze node's request
 * count, its speed against the HTTP Request flows and the throughput bound, linear growth with N,
 * memory, and an exact Braze state after every run.
 */
import type { EngineResult, RunResult, Target } from './lib/report';
import { type Workload, isBaseline } from './lib/workflows';
import type { Options } from './options';

/** Issue 17 asks 3x the expert flow at 150,000 items and 2x at 5,000; the bench asks 3x from 100,000 items up. */
function expertFactor(n: number): number {
	return n >= 100_000 ? 3 : 2;
}

export function evaluateTargets(
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
	for (const n of options.compareNs) {
		const naive = find('compare', 'naive', n);
		const expert = find('compare', 'expert', n);
		for (const variant of ['braze', 'apply'] as const) {
			const run = find('compare', variant, n);
			if (!run) continue;
			for (const [other, factor] of [
				[naive, 30],
				[expert, expertFactor(n)],
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
	{
		// Issue 17: at 1,000,000 items the run's peak stays within its input's baseline + 1.5 GB (User >
		// Track: the generator; Apply Changes: the generator and the Code node that writes the changes).
		for (const r of results.filter((r) => !isBaseline(r.workload) && r.n >= 1_000_000)) {
			const input = find('baseline', r.workload === 'apply' ? 'changes' : 'generator', r.n);
			if (!input) continue;
			const overMb = r.peakRssMb - input.peakRssMb;
			targets.push({
				name: `N=${fmt(r.n)}: ${r.workload} peak RSS <= its input's baseline + 1.5 GB`,
				met: r.ok && overMb <= 1536,
				detail: `${fmt(r.peakRssMb)} MB against ${fmt(input.peakRssMb)} MB for ${input.workload === 'changes' ? "the generator and Apply's Code node" : 'the generator'} alone: ${fmt(overMb)} MB over`,
			});
		}
	}
	const measured = results.filter((r) => !isBaseline(r.workload));
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
