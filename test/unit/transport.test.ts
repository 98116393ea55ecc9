import type { Clock } from '../../nodes/shared/braze/transport';
import { BrazeTransport } from '../../nodes/shared/braze/transport';

type Reply = { statusCode: number; body?: unknown; headers?: Record<string, string> } | Error;

/** A context whose HTTP helper plays back scripted replies, and a clock that only moves when slept. */
function setup(replies: Reply[]) {
	let now = 1_700_000_000_000;
	const slept: number[] = [];
	const clock: Clock = { now: () => now, sleep: async (ms) => { slept.push(ms); now += ms; }, random: () => 0.5 };
	const calls: unknown[] = [];
	const ctx = {
		getCredentials: async () => ({ instance: 'custom', customUrl: 'http://localhost:1/' }),
		helpers: {
			httpRequestWithAuthentication: async (_type: string, options: unknown) => {
				calls.push(options);
				const reply = replies.shift();
				if (!reply) throw new Error('no more replies');
				if (reply instanceof Error) throw reply;
				return { statusCode: reply.statusCode, body: reply.body ?? { message: 'success' }, headers: reply.headers ?? {} };
			},
		},
	};
	const transport = new BrazeTransport(ctx as never, { baseDelayMs: 100, maxAttempts: 3 }, clock);
	return { transport, calls, slept, now: () => now };
}

const call = { method: 'POST' as const, endpoint: '/users/track', credential: 'brazeApi' as const, body: {} };

describe('transport', () => {
	it('sends to the credential URL, trailing slash trimmed', async () => {
		const { transport, calls } = setup([{ statusCode: 201 }]);
		await transport.call(call);
		expect(calls[0]).toMatchObject({ url: 'http://localhost:1/users/track', returnFullResponse: true, ignoreHttpStatusErrors: true });
	});

	it('waits until X-RateLimit-Reset on 429, reading headers in any case', async () => {
		const start = 1_700_000_000_000;
		const { transport, slept } = setup([
			{ statusCode: 429, body: { message: 'Rate Limit Exceeded' }, headers: { 'X-RATELIMIT-RESET': String(start / 1000 + 2), 'x-ratelimit-remaining': '0' } },
			{ statusCode: 201 },
		]);
		const result = await transport.call(call);
		expect(result).toMatchObject({ ok: true, attempts: 2, rateLimited: 1 });
		// 2 s until the reset plus jitter (random 0.5 → 125 ms).
		expect(slept).toEqual([2125]);
	});

	it('retries 5xx with growing backoff and gives up after Max Tries', async () => {
		const { transport, slept } = setup([{ statusCode: 503 }, { statusCode: 502 }, { statusCode: 500, body: { message: 'boom' } }]);
		const result = await transport.call(call);
		expect(result.ok).toBe(false);
		expect(result.error).toMatch(/Braze answered 500: boom after 3 tries/);
		expect(slept).toEqual([75, 150]);
	});

	it('retries a dropped connection and says the request was sent again', async () => {
		const dropped = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
		const { transport } = setup([dropped, { statusCode: 201 }]);
		expect(await transport.call(call)).toMatchObject({ ok: true, attempts: 2, resentAfterNetworkFailure: true });
	});

	it('treats a 2xx whose message is not "success" as failed, without retrying', async () => {
		const { transport, calls } = setup([{ statusCode: 201, body: { message: 'fatal error message', errors: ['minor'] } }]);
		const result = await transport.call(call);
		expect(result).toMatchObject({ ok: false, statusCode: 201 });
		expect(result.error).toMatch(/"fatal error message" instead of "success"/);
		expect(calls).toHaveLength(1);
	});

	it('does not retry 401 and explains invalid key versus wrong instance', async () => {
		const { transport, calls } = setup([{ statusCode: 401, body: { message: 'Invalid API key' } }]);
		const result = await transport.call(call);
		expect(result.error).toMatch(/refused the API key .* instance matches your dashboard/);
		expect(calls).toHaveLength(1);
	});

	it('pauses every request when Remaining reaches 0', async () => {
		const start = 1_700_000_000_000;
		const { transport, slept } = setup([
			{ statusCode: 201, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(start / 1000 + 1) } },
			{ statusCode: 201 },
		]);
		await transport.call(call);
		await transport.call(call);
		expect(slept).toEqual([1125]);
	});

	it('refuses a plain-http custom URL that is not local', async () => {
		const { transport } = setup([]);
		(transport as unknown as { ctx: { getCredentials: () => Promise<object> } }).ctx.getCredentials = async () => ({
			instance: 'custom',
			customUrl: 'http://braze.example.com',
		});
		expect((await transport.call(call)).error).toMatch(/Custom URL must start with https:\/\//);
	});
});

/**
 * Virtual time for several transports at once: every sleep is a timer, and time jumps to the next
 * timer once nothing else can run. Braze is a fixed window of `limit` requests per `windowMs`, with
 * `latencyMs` each way counted at arrival, like the sandbox.
 */
function sharedWindow(limit: number, windowMs: number, latencyMs: number) {
	let now = 1_700_000_000_000;
	const timers: Array<{ at: number; resolve: () => void }> = [];
	const clock: Clock = {
		now: () => now,
		sleep: async (ms) => await new Promise<void>((resolve) => timers.push({ at: now + Math.max(0, ms), resolve })),
		random: () => 0.5,
	};
	const stats = { ok: 0, refused: 0, startedAt: now, endedAt: now };
	let windowStart = Math.floor(now / windowMs) * windowMs;
	let count = 0;
	const braze = async () => {
		await clock.sleep(latencyMs);
		const start = Math.floor(now / windowMs) * windowMs;
		if (start !== windowStart) [windowStart, count] = [start, 0];
		const allowed = count < limit;
		if (allowed) count++;
		const headers = { 'x-ratelimit-limit': String(limit), 'x-ratelimit-remaining': String(limit - count), 'x-ratelimit-reset': String((start + windowMs) / 1000) };
		await clock.sleep(latencyMs);
		if (allowed) stats.ok++;
		else stats.refused++;
		stats.endedAt = now;
		return allowed ? { statusCode: 201, body: { message: 'success' }, headers } : { statusCode: 429, body: { message: 'Rate Limit Exceeded' }, headers };
	};
	const transport = () => {
		const ctx = {
			getCredentials: async () => ({ instance: 'custom', customUrl: 'http://localhost:1' }),
			helpers: { httpRequestWithAuthentication: braze },
		};
		return new BrazeTransport(ctx as never, { concurrency: 32, maxRateLimitRetries: 1000 }, clock);
	};
	/** Runs the promise to its end, moving virtual time whenever everything waits on a timer. */
	const drive = async <T>(work: Promise<T>): Promise<T> => {
		let done = false;
		const result = work.finally(() => (done = true));
		while (!done) {
			// eslint-disable-next-line @n8n/community-nodes/no-restricted-globals -- test code: let every pending promise run before time moves
			await new Promise((resolve) => setImmediate(resolve));
			if (done || !timers.length) continue;
			timers.sort((a, b) => a.at - b.at);
			const next = timers.shift()!;
			now = Math.max(now, next.at);
			next.resolve();
		}
		return await result;
	};
	return { transport, drive, stats };
}

/** One execution: `requests` calls, at most 32 at once, as applyChanges sends them. */
async function execution(transport: BrazeTransport, requests: number) {
	let next = 0;
	const lane = async () => {
		while (next < requests) {
			next++;
			const result = await transport.call(call);
			if (!result.ok) throw new Error(result.error);
		}
	};
	await Promise.all(Array.from({ length: 32 }, lane));
}

describe('transport pacing: parallel executions share one Braze window', () => {
	it.each([1, 4])('%i execution(s) of 3,000 requests under 3,000 / 3 s: at most 1%% answered 429, within 20%% of the bound', async (executions) => {
		const { transport, drive, stats } = sharedWindow(3000, 3000, 10);
		const total = executions * 3000;
		await drive(Promise.all(Array.from({ length: executions }, async () => await execution(transport(), 3000))));
		expect(stats.ok).toBe(total);
		expect(stats.refused).toBeLessThanOrEqual(total / 100);
		// The bound: the limit's rate, 3,000 requests every 3 s.
		const boundMs = (total / 3000) * 3000;
		expect(stats.endedAt - stats.startedAt).toBeLessThanOrEqual(boundMs * 1.2);
	});

	it('spreads the budget left over the time to the reset once half the window is used', async () => {
		const start = 1_700_000_000_000;
		const headers = { 'x-ratelimit-limit': '3000', 'x-ratelimit-remaining': '1000', 'x-ratelimit-reset': String(start / 1000 + 2) };
		const { transport, slept } = setup([{ statusCode: 201, headers }, { statusCode: 201, headers }, { statusCode: 201, headers }]);
		await transport.call(call);
		await transport.call(call);
		await transport.call(call);
		// 1,000 requests left for 2,000 ms: one every 2 ms (the first slot is now).
		expect(slept).toEqual([2]);
	});

	it('goes at full speed while more than half of the window is left', async () => {
		const start = 1_700_000_000_000;
		const headers = { 'x-ratelimit-limit': '3000', 'x-ratelimit-remaining': '2000', 'x-ratelimit-reset': String(start / 1000 + 2) };
		const { transport, slept } = setup([{ statusCode: 201, headers }, { statusCode: 201, headers }, { statusCode: 201, headers }]);
		for (let i = 0; i < 3; i++) await transport.call(call);
		expect(slept).toEqual([]);
	});
});
