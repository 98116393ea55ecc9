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
		getNode: () => ({ credentials: {} }),
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
		const { transport, now } = setup([
			{ statusCode: 429, body: { message: 'Rate Limit Exceeded' }, headers: { 'X-RATELIMIT-RESET': String(start / 1000 + 2), 'x-ratelimit-remaining': '0' } },
			{ statusCode: 201 },
		]);
		const result = await transport.call(call);
		expect(result).toMatchObject({ ok: true, attempts: 2, rateLimited: 1 });
		// 2 s until the reset plus jitter (random 0.5 → 125 ms).
		expect(now() - start).toBe(2125);
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

	it('waits for the reset when Remaining reaches 0, before Braze says 429', async () => {
		const start = 1_700_000_000_000;
		const { transport, slept, now } = setup([
			{ statusCode: 201, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(start / 1000 + 1) } },
			{ statusCode: 201 },
		]);
		await transport.call(call);
		await transport.call(call);
		// 1 s until the reset plus up to 100 ms (random 0.5 → 50 ms), slept in steps of at most 50 ms.
		expect(now() - start).toBe(1050);
		expect(Math.max(...slept)).toBeLessThanOrEqual(50);
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
