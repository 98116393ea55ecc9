import type { PacerClock } from '../../nodes/shared/braze/pacing';
import { WindowPacer } from '../../nodes/shared/braze/pacing';
import { simulate } from './pacing-sim';

/**
 * Issue 17, target 5, at unit level: N node runs, each with its own transport (as n8n queue mode runs
 * them, on any worker), on one Braze window, in virtual time (test/unit/pacing-sim.ts). Every
 * request is accepted in the end, at most 1% are answered 429, and the time is within 20% of the
 * bound (every request at the limit's rate).
 */
describe('pacing: parallel executions share one Braze window (virtual time)', () => {
	const cases: Array<[string, Parameters<typeof simulate>[0]]> = [
		['1 × 12,000 at 3,000 / 3 s', { executions: 1, requests: 12_000, limit: 3000, windowMs: 3000, latencyMs: 10 }],
		['4 × 3,000 at 3,000 / 3 s', { executions: 4, requests: 3000, limit: 3000, windowMs: 3000, latencyMs: 10 }],
		['8 × 1,500 at 3,000 / 3 s', { executions: 8, requests: 1500, limit: 3000, windowMs: 3000, latencyMs: 10 }],
		// 4 × 64 requests in flight (the default) exceed the whole window; 4 × 32 gave 11% 429 in queue mode with the former pacer.
		['4 × 667 at 100 / 3 s', { executions: 4, requests: 667, limit: 100, windowMs: 3000, latencyMs: 20 }],
		['4 × 667 at 100 / 3 s, 150 ± 100 ms each way', { executions: 4, requests: 667, limit: 100, windowMs: 3000, latencyMs: 150, jitterMs: 100 }],
		['4 × 667 at 100 / 3 s, started 30 ms before a reset', { executions: 4, requests: 667, limit: 100, windowMs: 3000, latencyMs: 20, phase: 0.99 }],
		['4 × 667 at 100 / 3 s, started 0.7 s apart', { executions: 4, requests: 667, limit: 100, windowMs: 3000, latencyMs: 20, staggerMs: 700 }],
		['2 × 6,000 at 3,000 / 3 s, the second 4 s later', { executions: 2, requests: 6000, limit: 3000, windowMs: 3000, latencyMs: 10, staggerMs: 4000 }],
		['4 × 3,000 at 3,000 / 3 s, 1 ms of CPU per request, 30 ± 20 ms each way', { executions: 4, requests: 3000, limit: 3000, windowMs: 3000, latencyMs: 30, jitterMs: 20, cpuMs: 1 }],
		['4 × 667 at 100 / 3 s, 32 in flight each (the former default)', { executions: 4, requests: 667, limit: 100, windowMs: 3000, latencyMs: 20, concurrency: 32 }],
		// Braze-like round trips. Runs that start unevenly: the former estimate (halving once a window, no equal step) gave 1.31 × the bound.
		['8 × 1,500 at 3,000 / 3 s, 64 in flight each, 150 ± 100 ms each way', { executions: 8, requests: 1500, limit: 3000, windowMs: 3000, latencyMs: 150, jitterMs: 100, concurrency: 64 }],
		['16 × 750 at 3,000 / 3 s, 64 in flight each, 150 ± 100 ms each way', { executions: 16, requests: 750, limit: 3000, windowMs: 3000, latencyMs: 150, jitterMs: 100, concurrency: 64 }],
		['4 × 1,000 at 100 / 3 s, 128 in flight each, 150 ± 100 ms each way', { executions: 4, requests: 1000, limit: 100, windowMs: 3000, latencyMs: 150, jitterMs: 100, concurrency: 128 }],
		// Many runs on a small limit at real round trips: each has 0 or 1 request out at any instant, and runs started together learn of each other a round trip late (the former pacer: 52 to 111 of 2,400 answered 429).
		['8 × 300 at 100 / 3 s, 20 ms each way (a run reads Remaining a few times a second: the others spend meanwhile)', { executions: 8, requests: 300, limit: 100, windowMs: 3000, latencyMs: 20 }],
		['8 × 300 at 100 / 3 s, 150 ms each way', { executions: 8, requests: 300, limit: 100, windowMs: 3000, latencyMs: 150 }],
		['8 × 300 at 100 / 3 s, answers 300 ms late (as the sandbox delays them)', { executions: 8, requests: 300, limit: 100, windowMs: 3000, latencyMs: 2, returnLatencyMs: 300 }],
		['4 × 667 at 100 / 3 s, answers 300 ms late', { executions: 4, requests: 667, limit: 100, windowMs: 3000, latencyMs: 2, returnLatencyMs: 300 }],
		['8 × 1,500 at 3,000 / 3 s, 128 in flight each (the maximum)', { executions: 8, requests: 1500, limit: 3000, windowMs: 3000, latencyMs: 20, jitterMs: 10, concurrency: 128 }],
	];
	it.each(cases)('%s: every request accepted, ≤ 1%% answered 429, within 20%% of the bound', async (_name, options) => {
		const result = await simulate(options);
		expect(result.accepted).toBe(options.executions * options.requests);
		expect(result.refused).toBeLessThanOrEqual(result.accepted / 100);
		expect(result.ms).toBeLessThanOrEqual(result.boundMs * 1.2);
	});
});

describe('WindowPacer', () => {
	function setup() {
		let now = 1_700_000_001_000;
		const slept: number[] = [];
		const clock: PacerClock = { now: () => now, sleep: async (ms) => { slept.push(ms); now += ms; }, random: () => 0.5 };
		return { pacer: new WindowPacer(clock), slept, now: () => now, reset: (inMs: number) => (now + inMs) / 1000 };
	}

	it('lets the first request go alone, and the others once its answer has described the window', async () => {
		const { pacer, slept, reset } = setup();
		await pacer.start();
		let second = false;
		const waiting = pacer.start().then(() => (second = true));
		await Promise.resolve();
		expect(second).toBe(false);
		pacer.settle({ limit: 3000, remaining: 2999, resetAtMs: reset(2000) * 1000 });
		await waiting;
		expect(second).toBe(true);
		expect(slept.length).toBeGreaterThan(0);
	});

	it('spreads what is left over the time to the reset, and learns how many share the window', async () => {
		const { pacer, reset } = setup();
		const resetAtMs = reset(2000) * 1000;
		// Remaining falls by 4 between two answers of its own: 4 senders.
		for (const remaining of [2000, 1996, 1992, 1988, 1984, 1980, 1976, 1972]) {
			await pacer.start();
			pacer.settle({ limit: 3000, remaining, resetAtMs });
		}
		expect(pacer.sharers).toBeGreaterThan(3);
		expect(pacer.sharers).toBeLessThanOrEqual(4);
	});

	it("stops at no budget until the reset, and resumes at the window's even rate, not as a burst", async () => {
		const { pacer, now, reset } = setup();
		const first = reset(1000) * 1000;
		await pacer.start();
		pacer.settle({ limit: 100, remaining: 50, resetAtMs: first - 3000 });
		await pacer.start();
		pacer.settle({ limit: 100, remaining: 1, resetAtMs: first });
		const starts: number[] = [];
		for (let i = 0; i < 3; i++) {
			await pacer.start();
			starts.push(now());
			pacer.settle(undefined);
		}
		expect(starts[0]).toBeGreaterThanOrEqual(first);
		// 3 s windows of 100 (2 kept in reserve): one start every ~30.6 ms (a late timer may catch up 10 ms).
		expect(starts[2] - starts[0]).toBeGreaterThanOrEqual(2 * 30.6 - 10);
	});
});
