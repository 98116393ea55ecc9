import { applyChanges } from '../../nodes/shared/braze/apply';
import type { BrazeChange } from '../../nodes/shared/braze/changes';
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
