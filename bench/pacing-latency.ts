/* eslint-disable no-console */
/**
 * The pacing simulation (test/unit/pacing-sim.ts, virtual time) at Braze-like round trips, for each
 * Concurrency: how long runs take against the bound (every request at the limit's rate), and how many
 * requests Braze answered 429. `npx tsx bench/pacing-latency.ts`; a diagnosis, not a test.
 */
import { simulate } from '../test/unit/pacing-sim';

async function main(): Promise<void> {
	const mixes = [
		{ name: '1 run x 12,000 requests', executions: 1, requests: 12_000 },
		{ name: '4 runs x 3,000 requests', executions: 4, requests: 3_000 },
		{ name: '8 runs x 1,500 requests', executions: 8, requests: 1_500 },
	];
	console.log('mix | round trip | concurrency | x bound | answered 429');
	for (const mix of mixes) {
		for (const latencyMs of [20, 150]) {
			for (const concurrency of [32, 64, 128]) {
				const result = await simulate({
					executions: mix.executions,
					requests: mix.requests,
					limit: 3000,
					windowMs: 3000,
					latencyMs,
					jitterMs: latencyMs === 150 ? 100 : 0,
					concurrency,
				});
				console.log(`${mix.name} | ${latencyMs} ms | ${concurrency} | ${result.vsBound} | ${result.refused}`);
			}
		}
	}
}

void main();
