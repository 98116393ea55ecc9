/* eslint-disable @n8n/community-nodes/no-restricted-globals, no-console -- a test helper and command-line figure printer, not node code */
/**
 * Virtual time for several node runs on one Braze workspace: every sleep is a timer, and time jumps
 * to the next timer once nothing else can run. Braze is a fixed window of `limit` requests per
 * `windowMs` (aligned like the sandbox's), counted at arrival, with `latencyMs` (± `jitterMs`) each
 * way (`returnLatencyMs` back, when given). Each execution sends `requests` calls through its own
 * BrazeTransport, `concurrency` at once as applyChanges does, and can start at most one request
 * every `cpuMs` (n8n's own cost per request).
 *
 * Used by test/unit/pacing.test.ts and by `npx tsx test/unit/pacing-sim.ts` (figures for any mix).
 */
import type { Clock } from '../../nodes/shared/braze/transport';
import { BrazeTransport, DEFAULT_TRANSPORT_SETTINGS } from '../../nodes/shared/braze/transport';

export interface SimOptions {
	executions: number;
	requests: number;
	limit: number;
	windowMs: number;
	latencyMs: number;
	/** The answer's way back, when it differs from latencyMs (the sandbox delays only the answer). */
	returnLatencyMs?: number;
	jitterMs?: number;
	concurrency?: number;
	/** Each execution starts this much later than the previous one. */
	staggerMs?: number;
	cpuMs?: number;
	/** Where in Braze's window the first execution starts (0..1). */
	phase?: number;
}

export interface SimResult {
	accepted: number;
	refused: number;
	percent429: number;
	ms: number;
	boundMs: number;
	vsBound: number;
	perExecutionMs: number[];
	/** Requests Braze counted in each window. */
	windows: number[];
	/** Where in its window each 429 arrived (ms from the window's start). */
	refusedAt: number[];
}

export async function simulate(o: SimOptions): Promise<SimResult> {
	// The node's default unless a case says otherwise.
	const concurrency = o.concurrency ?? DEFAULT_TRANSPORT_SETTINGS.concurrency;
	let now = Math.floor(1_700_000_000_000 / o.windowMs) * o.windowMs + Math.round((o.phase ?? 0.37) * o.windowMs);
	const timers: Array<{ at: number; seq: number; resolve: () => void }> = [];
	let seq = 0;
	let seed = 12345;
	const random = () => {
		seed = (seed * 1103515245 + 12345) % 2 ** 31;
		return seed / 2 ** 31;
	};
	const clock: Clock = {
		now: () => now,
		sleep: async (ms) => await new Promise<void>((resolve) => timers.push({ at: now + Math.max(0, ms), seq: seq++, resolve })),
		random,
	};
	const started = now;
	const stats = { ok: 0, refused: 0, endedAt: now };
	let windowStart = Math.floor(now / o.windowMs) * o.windowMs;
	let count = 0;
	const windows: number[] = [];
	const refusedAt: number[] = [];
	const oneWay = () => o.latencyMs + (o.jitterMs ? (random() * 2 - 1) * o.jitterMs : 0);
	const braze = async () => {
		await clock.sleep(oneWay());
		const start = Math.floor(now / o.windowMs) * o.windowMs;
		if (start !== windowStart) {
			windows.push(count);
			[windowStart, count] = [start, 0];
		}
		const allowed = count < o.limit;
		if (allowed) count++;
		else refusedAt.push(Math.round(now - windowStart));
		const headers = { 'x-ratelimit-limit': String(o.limit), 'x-ratelimit-remaining': String(o.limit - count), 'x-ratelimit-reset': String(Math.ceil((start + o.windowMs) / 1000)) };
		await clock.sleep(o.returnLatencyMs ?? oneWay());
		if (allowed) stats.ok++;
		else stats.refused++;
		stats.endedAt = now;
		return allowed ? { statusCode: 201, body: { message: 'success' }, headers } : { statusCode: 429, body: { message: 'Rate Limit Exceeded' }, headers };
	};
	const execution = async (index: number) => {
		if (o.staggerMs) await clock.sleep(index * o.staggerMs);
		const ctx = { getNode: () => ({ credentials: {} }), getCredentials: async () => ({ instance: 'custom', customUrl: 'http://localhost:1' }), helpers: { httpRequestWithAuthentication: braze } };
		const transport = new BrazeTransport(ctx as never, { concurrency, maxRateLimitRetries: 1000 }, clock);
		let next = 0;
		let cpuFree = now;
		const lane = async () => {
			while (next < o.requests) {
				next++;
				if (o.cpuMs) {
					cpuFree = Math.max(cpuFree, now) + o.cpuMs;
					await clock.sleep(cpuFree - now);
				}
				const result = await transport.call({ method: 'POST', endpoint: '/users/track', credential: 'brazeApi', body: {} });
				if (!result.ok) throw new Error(result.error);
			}
		};
		await Promise.all(Array.from({ length: concurrency }, lane));
		return now - started;
	};
	const work = Promise.all(Array.from({ length: o.executions }, async (_, i) => await execution(i)));
	let done = false;
	void work.finally(() => (done = true)).catch(() => undefined);
	while (!done) {
		await new Promise((resolve) => setImmediate(resolve));
		if (done || !timers.length) continue;
		timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
		const next = timers.shift()!;
		now = Math.max(now, next.at);
		next.resolve();
	}
	const perExecutionMs = await work;
	const total = o.executions * o.requests;
	const boundMs = (total / o.limit) * o.windowMs;
	const ms = stats.endedAt - started;
	return {
		accepted: stats.ok,
		refused: stats.refused,
		percent429: Number(((100 * stats.refused) / (stats.ok + stats.refused)).toFixed(2)),
		ms,
		boundMs,
		vsBound: Number((ms / boundMs).toFixed(3)),
		perExecutionMs,
		windows: [...windows, count],
		refusedAt,
	};
}

if (require.main === module) {
	const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')).map(([k, v]) => [k, Number(v)]));
	void simulate({ executions: 4, requests: 667, limit: 100, windowMs: 3000, latencyMs: 20, ...args } as SimOptions).then((r) => console.log(JSON.stringify(r)));
}
