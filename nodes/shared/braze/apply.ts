import type { NodeExecutionHint } from 'n8n-workflow';

import { userKeysOf } from './endpoints';
import { AUTO_FALLBACK, TRACK_LIMITS, type TrackBatchLimit } from './limits';
import { type ChangeOutcome, outcomesOf } from './outcomes';
import type { PlanEntry, PlannedRequest } from './plan';
import { plan } from './planner';
import { Semaphore } from './semaphore';
import type { BrazeTransport, HttpOutcome } from './transport';

export interface ApplyReport {
	outcomes: ChangeOutcome[];
	requests: number;
	rateLimited: number;
	/** The /users/track limit the run ended with: an Automatic limit may have fallen back to 50. */
	trackLimit: TrackBatchLimit;
	/** An Automatic limit met Braze's refusal of 75 objects and planned the rest of the run at 50. */
	trackLimitFellBack?: boolean;
}

const FALLBACK_OBJECTS = TRACK_LIMITS[AUTO_FALLBACK].total;

/** Braze's fatal answer to a /users/track body with more objects than the account allows. */
export function refusedAsTooLarge(request: PlannedRequest, result: HttpOutcome): boolean {
	if (result.ok || result.statusCode !== 400 || request.endpoint !== '/users/track') return false;
	const message = typeof result.body?.message === 'string' ? result.body.message : (result.error ?? '');
	return /max input length exceeded/i.test(message);
}

/**
 * The notice for the run's output when an Automatic track limit fell back to 50 objects: nothing
 * failed, but the account's limit is 50, and setting it in the credential saves the refused request.
 */
export function trackLimitHint(report: ApplyReport): NodeExecutionHint | undefined {
	if (!report.trackLimitFellBack) return undefined;
	return {
		type: 'info',
		location: 'outputPane',
		message:
			'Braze refused 75 objects in one /users/track request, so this run sent 50 per request (nothing failed). Set the credential\'s Track Batch Limit to 50 Objects in Total to skip the refused request.',
	};
}

/**
 * Plans the changes, sends the requests (bounded concurrency, each after the requests it depends
 * on), and returns one outcome per change, ordered by ref.
 *
 * A 400 on a request with several changes usually means one of them is bad: the request is split
 * in halves, level by level, until the bad changes fail alone and the others go through. A refusal
 * of the request itself (e.g. an unknown campaign) costs at most 2n - 1 requests for n changes: no
 * shortcut guesses it earlier, because several bad changes look exactly the same.
 *
 * An Automatic track limit plans at 75 objects and sends the first request over 50 alone: if Braze
 * refuses it as too large, the whole run is planned again at 50 before anything else goes out, so
 * the run costs the fewest requests for the limit in force plus the refused one. A request refused
 * as too large later (one that had to wait for others) is planned again at 50 on its own.
 */
export async function applyChanges(
	transport: BrazeTransport,
	entries: PlanEntry[],
	trackLimit: TrackBatchLimit,
): Promise<ApplyReport> {
	const semaphore = new Semaphore(transport.settings.concurrency);
	const report: ApplyReport = { outcomes: [], requests: 0, rateLimited: 0, trackLimit };
	const automatic = trackLimit === 'auto';
	let limit = trackLimit;
	const fallBack = () => {
		limit = AUTO_FALLBACK;
		report.trackLimit = AUTO_FALLBACK;
		report.trackLimitFellBack = true;
	};
	/** A track request planned at 75 that Braze would now refuse: it goes out planned at 50 instead. */
	const overLimit = (request: PlannedRequest) =>
		automatic && limit === AUTO_FALLBACK && request.endpoint === '/users/track' && request.slots.length > FALLBACK_OBJECTS;

	const sendOnce = async (request: PlannedRequest): Promise<HttpOutcome> => {
		await semaphore.acquire();
		try {
			// The body is built here, from the request's changes, and dropped once Braze has answered.
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
	const runAll = async (requests: PlannedRequest[], each: (request: PlannedRequest) => Promise<void>, sent?: PlannedRequest): Promise<void> => {
		const done: Array<Promise<void>> = [];
		if (sent) done[sent.id] = Promise.resolve();
		for (const request of requests) {
			if (request === sent) continue;
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
				for (const request of plan(group, { trackLimit: limit })) sent.push([request, await sendOnce(request)]);
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

	/** Sends one planned request and reads its answer onto its changes; it then lets go of them. */
	const settle = async (request: PlannedRequest, result?: HttpOutcome): Promise<void> => {
		if (overLimit(request)) {
			// Planned at 75 before the fall-back: its changes go out at 50, in order (they may share users).
			for (const smaller of plan(request.entries, { trackLimit: limit })) await settle(smaller);
			return;
		}
		result ??= await sendOnce(request);
		if (automatic && limit !== AUTO_FALLBACK && request.slots.length > FALLBACK_OBJECTS && refusedAsTooLarge(request, result)) {
			fallBack();
			await settle(request);
			return;
		}
		if (refusedAsAWhole(request, result)) await isolate(request, result);
		else report.outcomes.push(...outcomesOf(request, result));
	};

	let requests = plan(entries, { trackLimit: limit });
	// The first request over 50 objects that waits for nothing tells an Automatic limit the account's.
	const probe = automatic ? requests.find((r) => r.endpoint === '/users/track' && r.slots.length > FALLBACK_OBJECTS && r.after.length === 0) : undefined;
	let sent: PlannedRequest | undefined;
	if (probe) {
		const result = await sendOnce(probe);
		if (refusedAsTooLarge(probe, result)) {
			// Nothing was sent but the refused request: plan the whole run at 50.
			fallBack();
			requests = plan(entries, { trackLimit: limit });
		} else {
			await settle(probe, result);
			sent = probe;
			probe.entries = [];
			probe.slots = [];
		}
	}
	await runAll(
		requests,
		async (request) => {
			await settle(request);
			// Answered: the plan lets go of its changes (their outcomes are in the report).
			request.entries = [];
			request.slots = [];
		},
		sent,
	);
	report.outcomes.sort((a, b) => a.ref - b.ref);
	return report;
}
