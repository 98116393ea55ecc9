/* eslint-disable @n8n/community-nodes/no-restricted-globals */
import { ApplyStream, applyChanges, trackLimitHint } from '../../nodes/shared/braze/apply';
import type { BrazeChange } from '../../nodes/shared/braze/changes';
import type { ChangeOutcome } from '../../nodes/shared/braze/outcomes';
import type { HttpCall, HttpOutcome } from '../../nodes/shared/braze/transport';

const attributes = (id: string): BrazeChange => ({ type: 'attributes', user: { external_id: id }, attributes: { v: 1 } });

/** A Braze that refuses (400) any /users/track body holding one of the given users, or everything. */
function fakeTransport(refuse: (externalIds: string[]) => string | undefined) {
	const calls: HttpCall[] = [];
	return {
		calls,
		transport: {
			settings: { concurrency: 4 },
			async call(call: HttpCall): Promise<HttpOutcome> {
				calls.push(call);
				const ids = ((call.body?.attributes as Array<{ external_id: string }>) ?? []).map((a) => a.external_id);
				const message = refuse(ids);
				const base = { attempts: 1, rateLimited: 0, resentAfterNetworkFailure: false };
				if (message) return { ...base, ok: false, statusCode: 400, body: { message }, error: `Braze answered 400: ${message}` };
				return { ...base, ok: true, statusCode: 201, body: { message: 'success' } };
			},
		},
	};
}

const fifty = Array.from({ length: 50 }, (_, i) => ({ change: attributes(`u${i}`), ref: i }));

describe('applyChanges when Braze refuses a whole request', () => {
	it('isolates one bad change; the other 49 go through', async () => {
		const { transport, calls } = fakeTransport((ids) => (ids.includes('u17') ? 'bad u17' : undefined));
		const report = await applyChanges(transport as never, fifty, 'combined50');
		expect(report.outcomes.filter((o) => !o.ok).map((o) => o.ref)).toEqual([17]);
		expect(report.outcomes).toHaveLength(50);
		// 1 + 2 per level down to one change: far fewer than one request per change.
		expect(calls.length).toBeLessThanOrEqual(13);
	});

	it('isolates two bad changes in different halves', async () => {
		const { transport } = fakeTransport((ids) => (ids.includes('u3') || ids.includes('u40') ? 'bad user' : undefined));
		const report = await applyChanges(transport as never, fifty, 'combined50');
		expect(report.outcomes.filter((o) => !o.ok).map((o) => o.ref)).toEqual([3, 40]);
	});

	it('fails every change when Braze refuses the request itself, within 2n - 1 requests', async () => {
		const { transport, calls } = fakeTransport(() => 'Invalid Campaign ID');
		const report = await applyChanges(transport as never, fifty, 'combined50');
		expect(report.outcomes).toHaveLength(50);
		expect(report.outcomes.every((o) => !o.ok && /Invalid Campaign ID/.test(o.error ?? ''))).toBe(true);
		expect(calls.length).toBeLessThanOrEqual(2 * 50 - 1);
	});
});

/** A Braze whose /users/track takes at most `max` objects combined, answering as Braze and the sandbox do. */
function trackLimitedTransport(max: number) {
	const bodies: Array<{ endpoint: string; objects: number; refused: boolean }> = [];
	return {
		bodies,
		transport: {
			settings: { concurrency: 4 },
			async call(call: HttpCall): Promise<HttpOutcome> {
				const base = { attempts: 1, rateLimited: 0, resentAfterNetworkFailure: false };
				const lists = ['attributes', 'events', 'purchases'].map((name) => (call.body?.[name] as unknown[] | undefined)?.length ?? 0);
				const objects = lists.reduce((a, b) => a + b, 0);
				const refused = call.endpoint === '/users/track' && objects > max;
				bodies.push({ endpoint: call.endpoint, objects, refused });
				if (refused) {
					const body = { message: 'Max Input Length Exceeded', errors: [`${objects} objects given; at most ${max} combined are allowed per request`] };
					return { ...base, ok: false, statusCode: 400, body, error: 'Braze answered 400: Max Input Length Exceeded' };
				}
				return { ...base, ok: true, statusCode: 201, body: { message: 'success' } };
			},
		},
	};
}

/** n users, each an attributes change and an event: 2n objects on /users/track. */
function usersWithEvents(n: number) {
	const changes: BrazeChange[] = [];
	for (let i = 0; i < n; i++) {
		changes.push(attributes(`u${i}`), { type: 'event', user: { external_id: `u${i}` }, name: 'bought', time: '2026-01-31T00:00:00Z' });
	}
	return changes.map((change, ref) => ({ change, ref }));
}

describe('applyChanges with an Automatic track limit', () => {
	it.each([101, 750, 1000])('sends 75 objects a request to an account that takes 75 (%i users)', async (n) => {
		const { transport, bodies } = trackLimitedTransport(75);
		const report = await applyChanges(transport as never, usersWithEvents(n), 'auto');
		expect(report.outcomes).toHaveLength(2 * n);
		expect(report.outcomes.every((o) => o.ok)).toBe(true);
		expect(bodies.length).toBe(Math.ceil((2 * n) / 75));
		expect(report.trackLimit).toBe('auto');
		expect(report.trackLimitFellBack).toBeUndefined();
		expect(trackLimitHint(report)).toBeUndefined();
	});

	it.each([101, 750, 1000])('falls back to 50 after one refused request, failing nothing (%i users)', async (n) => {
		const { transport, bodies } = trackLimitedTransport(50);
		const report = await applyChanges(transport as never, usersWithEvents(n), 'auto');
		expect(report.outcomes.map((o) => o.ref)).toEqual(Array.from({ length: 2 * n }, (_, i) => i));
		expect(report.outcomes.every((o) => o.ok)).toBe(true);
		// The first request is the only one refused; the rest is the fewest requests at 50.
		expect(bodies.filter((b) => b.refused)).toHaveLength(1);
		expect(bodies[0].refused).toBe(true);
		expect(bodies.length - 1).toBe(Math.ceil((2 * n) / 50));
		expect(bodies.slice(1).every((b) => b.objects <= 50)).toBe(true);
		expect(report.requests).toBe(bodies.length);
		expect(report.trackLimit).toBe('combined50');
		expect(report.trackLimitFellBack).toBe(true);
		expect(trackLimitHint(report)?.message).toMatch(/50 per request \(nothing failed\)/);
	});

	it('falls back on a request that had to wait for another, still failing nothing and keeping each user in order', async () => {
		// One order key over everything: each request waits for the one before, so none can probe alone first.
		const identify: BrazeChange = { type: 'identify', externalId: 'u0', alias: { alias_name: 'a0', alias_label: 'crm' } } as never;
		const orderKeys = ['batch'];
		const entries = [{ change: identify, ref: 0, orderKeys }, ...usersWithEvents(200).map((e) => ({ ...e, ref: e.ref + 1, orderKeys }))];
		const { transport, bodies } = trackLimitedTransport(50);
		const order: string[] = [];
		const recording = {
			settings: transport.settings,
			async call(call: HttpCall) {
				const result = await transport.call(call);
				if (result.ok) for (const a of (call.body?.events as Array<{ external_id: string }>) ?? []) order.push(a.external_id);
				return result;
			},
		};
		const report = await applyChanges(recording as never, entries, 'auto');
		expect(report.outcomes).toHaveLength(401);
		expect(report.outcomes.every((o) => o.ok)).toBe(true);
		expect(report.trackLimitFellBack).toBe(true);
		expect(bodies[0].endpoint).not.toBe('/users/track');
		// Only the first track request is refused: the ones planned at 75 behind it go out at 50 without trying.
		expect(bodies.filter((b) => b.refused)).toHaveLength(1);
		// Every track request sent after a refusal fits in 50; every user's event went exactly once.
		expect(bodies.filter((b) => b.endpoint === '/users/track' && !b.refused).every((b) => b.objects <= 50)).toBe(true);
		expect([...order].sort()).toEqual(Array.from({ length: 200 }, (_, i) => `u${i}`).sort());
	});

	it('keeps a chosen limit: 75 in total is never lowered', async () => {
		const { transport, bodies } = trackLimitedTransport(75);
		const report = await applyChanges(transport as never, usersWithEvents(300), 'combined75');
		expect(bodies.length).toBe(8);
		expect(report.trackLimitFellBack).toBeUndefined();
	});
});

describe('ApplyStream: sending while changes are still pushed', () => {
	/** Pushes in chunks, letting the stream send (and Braze answer) between them. */
	async function streamed(stream: ApplyStream, entries: Array<{ change: BrazeChange; ref: number }>, chunk: number) {
		for (let at = 0; at < entries.length; at += chunk) {
			for (const entry of entries.slice(at, at + chunk)) stream.push(entry);
			await stream.drain(2);
			await new Promise((resolve) => setImmediate(resolve));
		}
		return await stream.finish();
	}

	it.each([7, 40, 200])('Automatic limit against an account at 50: one refused request, then the fewest at 50 (chunks of %i changes)', async (chunk) => {
		const { transport, bodies } = trackLimitedTransport(50);
		const outcomes: ChangeOutcome[] = [];
		const report = await streamed(new ApplyStream(transport as never, 'auto', (o) => outcomes.push(...o)), usersWithEvents(500), chunk);
		expect(outcomes.map((o) => o.ref).sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
		expect(outcomes.every((o) => o.ok)).toBe(true);
		expect(bodies.filter((b) => b.refused)).toHaveLength(1);
		expect(bodies.length - 1).toBe(Math.ceil(1000 / 50));
		expect(report.trackLimitFellBack).toBe(true);
	});

	it('learns the limit after a cohort change went first, and loses no change when the account takes 50', async () => {
		const { transport, bodies } = trackLimitedTransport(50);
		const outcomes: ChangeOutcome[] = [];
		const stream = new ApplyStream(transport as never, 'combined50', (o) => outcomes.push(...o));
		const cohort = { type: 'cohortUpsert', cohortId: 'c1', name: 'Cohort', createdAt: '2026-01-31T00:00:00Z' } as BrazeChange;
		stream.push({ change: cohort, ref: 0 });
		stream.setTrackLimit('auto');
		const report = await streamed(stream, usersWithEvents(200).map((e) => ({ ...e, ref: e.ref + 1 })), 25);
		expect(outcomes.map((o) => o.ref).sort((a, b) => a - b)).toEqual(Array.from({ length: 401 }, (_, i) => i));
		expect(outcomes.every((o) => o.ok)).toBe(true);
		expect(report.trackLimitFellBack).toBe(true);
		expect(bodies.filter((b) => b.endpoint === '/users/track' && !b.refused).every((b) => b.objects <= 50)).toBe(true);
	});
});
