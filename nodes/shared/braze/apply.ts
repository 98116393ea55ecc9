import { userKeysOf } from './endpoints';
import type { TrackBatchLimit } from './limits';
import { type ChangeOutcome, outcomesOf } from './outcomes';
import type { PlanEntry, PlannedRequest } from './plan';
import { plan } from './planner';
import { Semaphore } from './semaphore';
import type { BrazeTransport, HttpOutcome } from './transport';

export interface ApplyReport {
	outcomes: ChangeOutcome[];
	requests: number;
	rateLimited: number;
}

/**
 * Plans the changes, sends the requests (bounded concurrency, each after the requests it depends
 * on), and returns one outcome per change, ordered by ref.
 *
 * A 400 on a request with several changes usually means one of them is bad: the request is split
 * in halves, level by level, until the bad changes fail alone and the others go through. A refusal
 * of the request itself (e.g. an unknown campaign) costs at most 2n - 1 requests for n changes: no
 * shortcut guesses it earlier, because several bad changes look exactly the same.
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
			const result = await transport.call({ method: request.method ?? 'POST', endpoint: request.endpoint, credential: request.credential, body: request.body });
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

	const orderKeysOf = (entry: PlanEntry): string[] => [...userKeysOf(entry.change), ...(entry.orderKeys ?? [])];

	const halves = (group: PlanEntry[]): PlanEntry[][] => {
		const middle = Math.ceil(group.length / 2);
		return [group.slice(0, middle), group.slice(middle)];
	};

	/**
	 * Splits a refused request level by level. Groups run one after another, and a group that shares
	 * a user (or an item) with a group still being split waits for the next level: a later change
	 * never lands before an earlier change of the same user.
	 */
	const isolate = async (refused: PlannedRequest, refusal: HttpOutcome): Promise<void> => {
		let level = halves(refused.entries);
		for (;;) {
			const blocked = new Set<string>();
			const fate = new Map<PlanEntry[], 'deferred' | Array<[PlannedRequest, HttpOutcome]>>();
			for (const group of level) {
				const keys = group.flatMap(orderKeysOf);
				if (keys.some((key) => blocked.has(key))) {
					fate.set(group, 'deferred');
					for (const key of keys) blocked.add(key);
					continue;
				}
				const sent: Array<[PlannedRequest, HttpOutcome]> = [];
				// Sequential: a group's requests may hold the same users.
				for (const request of plan(group, { trackLimit })) sent.push([request, await sendOnce(request)]);
				if (sent.every(([request, result]) => refusedAsAWhole(request, result) && result.error === refusal.error)) {
					fate.set(group, sent);
					for (const key of keys) blocked.add(key);
					continue;
				}
				for (const [request, result] of sent) {
					if (refusedAsAWhole(request, result)) await isolate(request, result);
					else report.outcomes.push(...outcomesOf(request, result));
				}
			}
			const next: PlanEntry[][] = [];
			for (const group of level) {
				const outcome = fate.get(group);
				if (outcome === undefined) continue;
				if (outcome === 'deferred') next.push(group);
				else if (group.length === 1) for (const [request, result] of outcome) report.outcomes.push(...outcomesOf(request, result));
				else next.push(...halves(group));
			}
			if (!next.length) return;
			level = next;
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
