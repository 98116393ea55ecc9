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
	// Braze's /users/track limit, and a small one (the other endpoints' limits are per minute or hour,
	// where a few runs hold 0 or 1 request in flight each).
	const mixes = [
		{ name: '1 run x 12,000 requests', executions: 1, requests: 12_000, limit: 3000 },
		{ name: '4 runs x 3,000 requests', executions: 4, requests: 3_000, limit: 3000 },
		{ name: '8 runs x 1,500 requests', executions: 8, requests: 1_500, limit: 3000 },
		{ name: '16 runs x 750 requests', executions: 16, requests: 750, limit: 3000 },
		{ name: '4 runs x 667 requests, 100 / 3 s', executions: 4, requests: 667, limit: 100 },
		{ name: '8 runs x 300 requests, 100 / 3 s', executions: 8, requests: 300, limit: 100 },
	];
	const windowMs = 3000;
	// Round trips: 20 ms each way; 150 ± 100 ms each way; answers 300 ms late (as the sandbox delays them).
	const trips = [
		{ name: '40 ms', latencyMs: 20, jitterMs: 0 },
		{ name: '300 ms', latencyMs: 150, jitterMs: 100 },
		{ name: '300 ms, all back', latencyMs: 2, returnLatencyMs: 300, jitterMs: 0 },
	];
	console.log('mix | round trip | concurrency | x bound | x ceiling | answered 429');
	for (const { name, ...mix } of mixes) {
		for (const trip of trips) {
			for (const concurrency of [32, 64, 128]) {
				const result = await simulate({ ...mix, windowMs, ...trip, concurrency });
				// Requests per ms the runs' requests in flight allow, at the mean round trip.
				const roundTripMs = trip.latencyMs + (trip.returnLatencyMs ?? trip.latencyMs);
				const inFlightRate = (mix.executions * concurrency) / roundTripMs;
				const ceilingMs = Math.max(result.boundMs, (mix.executions * mix.requests) / inFlightRate);
				console.log(`${name} | ${trip.name} | ${concurrency} | ${result.vsBound} | ${(result.ms / ceilingMs).toFixed(3)} | ${result.refused}`);
			}
		}
	}
}

void main();
