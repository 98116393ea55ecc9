/* eslint-disable no-console */
/**
 * The pacing simulation (test/unit/pacing-sim.ts, virtual time) at Braze-like round trips, for each
 * Concurrency: how long runs take against the bound (every request at the limit's rate), and how many
 * requests Braze answered 429. "x ceiling" is the time against the best the runs' requests in flight
 * allow (Concurrency per run over the mean round trip), when that is slower than the limit.
 * `npx tsx bench/pacing-latency.ts`; a diagnosis, not a test.
 */
import { simulate } from '../test/unit/pacing-sim';

async function main(): Promise<void> {
	const mixes = [
		{ name: '1 run x 12,000 requests', executions: 1, requests: 12_000 },
		{ name: '4 runs x 3,000 requests', executions: 4, requests: 3_000 },
		{ name: '8 runs x 1,500 requests', executions: 8, requests: 1_500 },
		{ name: '16 runs x 750 requests', executions: 16, requests: 750 },
	];
	const limit = 3000;
	const windowMs = 3000;
	console.log('mix | round trip | concurrency | x bound | x ceiling | answered 429');
	for (const mix of mixes) {
		for (const latencyMs of [20, 150]) {
			for (const concurrency of [32, 64, 128]) {
				const result = await simulate({ ...mix, limit, windowMs, latencyMs, jitterMs: latencyMs === 150 ? 100 : 0, concurrency });
				// Requests per ms the runs' requests in flight allow, at a round trip of twice the one-way latency.
				const inFlightRate = (mix.executions * concurrency) / (2 * latencyMs);
				const ceilingMs = Math.max(result.boundMs, (mix.executions * mix.requests) / inFlightRate);
				console.log(`${mix.name} | ${2 * latencyMs} ms | ${concurrency} | ${result.vsBound} | ${(result.ms / ceilingMs).toFixed(3)} | ${result.refused}`);
			}
		}
	}
}

void main();
