import type { PlanEntry } from './buckets';
import type { TrackBatchLimit } from './limits';
import { type ChangeOutcome, outcomesOf } from './outcomes';
import { type PlannedRequest, plan } from './planner';
import { Semaphore } from './semaphore';
import type { BrazeTransport } from './transport';

export interface ApplyReport {
	outcomes: ChangeOutcome[];
	requests: number;
	rateLimited: number;
}

/**
 * Plans the changes, sends the requests (bounded concurrency, each after the requests it depends
 * on), and returns one outcome per change, ordered by ref. A 400 on a request with several changes
 * means one of them is bad: the request is split in halves and retried, so the bad change fails
 * alone and the others go through.
 */
export async function applyChanges(
	transport: BrazeTransport,
	entries: PlanEntry[],
	trackLimit: TrackBatchLimit,
): Promise<ApplyReport> {
	const semaphore = new Semaphore(transport.settings.concurrency);
	const report: ApplyReport = { outcomes: [], requests: 0, rateLimited: 0 };

	const send = async (request: PlannedRequest): Promise<void> => {
		await semaphore.acquire();
		let result;
		try {
			result = await transport.call({ method: 'POST', endpoint: request.endpoint, credential: request.credential, body: request.body });
		} finally {
			semaphore.release();
		}
		report.requests++;
		report.rateLimited += result.rateLimited;
		if (!result.ok && result.statusCode === 400 && request.entries.length > 1) {
			const middle = Math.ceil(request.entries.length / 2);
			// Halves run one after the other so one user's updates keep their order.
			await runAll(plan(request.entries.slice(0, middle), { trackLimit }));
			await runAll(plan(request.entries.slice(middle), { trackLimit }));
			return;
		}
		report.outcomes.push(...outcomesOf(request, result));
	};

	const runAll = async (requests: PlannedRequest[]): Promise<void> => {
		const done: Array<Promise<void>> = [];
		for (const request of requests) {
			const dependencies = request.after.map((id) => done[id]);
			done[request.id] = Promise.all(dependencies).then(async () => await send(request));
		}
		await Promise.all(done);
	};

	await runAll(plan(entries, { trackLimit }));
	report.outcomes.sort((a, b) => a.ref - b.ref);
	return report;
}
