import type { PlanEntry } from './buckets';
import type { TrackBatchLimit } from './limits';
import { type ChangeOutcome, outcomesOf } from './outcomes';
import { type PlannedRequest, plan } from './planner';
import { Semaphore } from './semaphore';
import type { BrazeTransport, HttpOutcome } from './transport';

export interface ApplyReport {
	outcomes: ChangeOutcome[];
	requests: number;
	rateLimited: number;
}

/** Below this many sibling groups failing alike, a refused request is split further. */
const GROUPS_TO_CALL_IT_REQUEST_WIDE = 4;

/**
 * Plans the changes, sends the requests (bounded concurrency, each after the requests it depends
 * on), and returns one outcome per change, ordered by ref.
 *
 * A 400 on a request with several changes usually means one of them is bad: the request is split
 * in halves, level by level, until the bad changes fail alone and the others go through. When
 * every group of a level with at least 4 groups fails with the same message, the refusal is about
 * the request itself (e.g. an unknown campaign) and every change fails without more splitting.
 */
export async function applyChanges(
	transport: BrazeTransport,
	entries: PlanEntry[],
	trackLimit: TrackBatchLimit,
): Promise<ApplyReport> {
	const semaphore = new Semaphore(transport.settings.concurrency);
	const report: ApplyReport = { outcomes: [], requests: 0, rateLimited: 0 };

	const sendOnce = async (request: PlannedRequest): Promise<HttpOutcome> => {
		await semaphore.acquire();
		try {
			const result = await transport.call({ method: 'POST', endpoint: request.endpoint, credential: request.credential, body: request.body });
			report.requests++;
			report.rateLimited += result.rateLimited;
			return result;
		} finally {
			semaphore.release();
		}
	};

	const refusedAsAWhole = (request: PlannedRequest, result: HttpOutcome) =>
		!result.ok && result.statusCode === 400 && request.entries.length > 1;

	/** Sends a plan in dependency order; `each` runs per request once its dependencies are done. */
	const runAll = async (requests: PlannedRequest[], each: (request: PlannedRequest) => Promise<void>): Promise<void> => {
		const done: Array<Promise<void>> = [];
		for (const request of requests) {
			const dependencies = request.after.map((id) => done[id]);
			done[request.id] = Promise.all(dependencies).then(async () => await each(request));
		}
		await Promise.all(done);
	};

	const halves = (group: PlanEntry[]): PlanEntry[][] => {
		const middle = Math.ceil(group.length / 2);
		return [group.slice(0, middle), group.slice(middle)];
	};

	/** Splits a refused request level by level; groups run one after another to keep users' order. */
	const isolate = async (refused: PlannedRequest, refusal: HttpOutcome): Promise<void> => {
		let level = halves(refused.entries);
		for (;;) {
			const failedAlike: Array<{ group: PlanEntry[]; sent: Array<[PlannedRequest, HttpOutcome]> }> = [];
			for (const group of level) {
				const sent: Array<[PlannedRequest, HttpOutcome]> = [];
				// Sequential: a group's requests may hold the same users.
				for (const request of plan(group, { trackLimit })) sent.push([request, await sendOnce(request)]);
				if (sent.every(([request, result]) => refusedAsAWhole(request, result) && result.error === refusal.error)) {
					failedAlike.push({ group, sent });
					continue;
				}
				for (const [request, result] of sent) {
					if (refusedAsAWhole(request, result)) await isolate(request, result);
					else report.outcomes.push(...outcomesOf(request, result));
				}
			}
			const everyGroupFailed = failedAlike.length === level.length;
			if (everyGroupFailed && level.length >= GROUPS_TO_CALL_IT_REQUEST_WIDE) {
				for (const { sent } of failedAlike) for (const [request, result] of sent) report.outcomes.push(...outcomesOf(request, result));
				return;
			}
			level = [];
			for (const { group, sent } of failedAlike) {
				if (group.length > 1) level.push(...halves(group));
				else for (const [request, result] of sent) report.outcomes.push(...outcomesOf(request, result));
			}
			if (!level.length) return;
		}
	};

	await runAll(plan(entries, { trackLimit }), async (request) => {
		const result = await sendOnce(request);
		if (refusedAsAWhole(request, result)) await isolate(request, result);
		else report.outcomes.push(...outcomesOf(request, result));
	});
	report.outcomes.sort((a, b) => a.ref - b.ref);
	return report;
}
