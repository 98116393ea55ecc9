import type { NodeExecutionHint } from 'n8n-workflow';

import { userKeysOf } from './endpoints';
import { AUTO_FALLBACK, TRACK_LIMITS, type TrackBatchLimit } from './limits';
import { type ChangeOutcome, outcomesOf } from './outcomes';
import type { PlanEntry, PlannedRequest } from './plan';
import { Planner, plan } from './planner';
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
export function trackLimitHint(report: Pick<ApplyReport, 'trackLimitFellBack'>): NodeExecutionHint | undefined {
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
 * on), and returns one outcome per change, ordered by ref. `ApplyStream` does the same one change
 * at a time; this is it with every change pushed at once.
 */
export async function applyChanges(
	transport: BrazeTransport,
	entries: PlanEntry[],
	trackLimit: TrackBatchLimit,
): Promise<ApplyReport> {
	const outcomes: ChangeOutcome[] = [];
	const stream = new ApplyStream(transport, trackLimit, (answered) => {
		for (const outcome of answered) outcomes.push(outcome);
	});
	for (const entry of entries) stream.push(entry);
	const report = await stream.finish();
	outcomes.sort((a, b) => a.ref - b.ref);
	return { ...report, outcomes };
}

interface Deferred {
	promise: Promise<void>;
	resolve(): void;
}

function deferred(): Deferred {
	let resolve!: () => void;
	const promise = new Promise<void>((r) => (resolve = r));
	return { promise, resolve };
}

/**
 * Sends changes while they are still being read: each request goes out as soon as the planner
 * closes it (and the requests it waits for are answered), and lets go of its changes once Braze
 * has answered; `onOutcomes` gets each request's outcomes then. The plan is exactly `plan()`'s
 * for the same changes, so nothing about order, limits or request count depends on timing.
 *
 * A 400 on a request with several changes usually means one of them is bad: the request is split
 * in halves, level by level, until the bad changes fail alone and the others go through. A refusal
 * of the request itself (e.g. an unknown campaign) costs at most 2n - 1 requests for n changes: no
 * shortcut guesses it earlier, because several bad changes look exactly the same.
 *
 * An Automatic track limit plans at 75 objects and sends the first request over 50 alone (nothing
 * else goes out before it is answered): if Braze refuses it as too large, every change so far is
 * planned again at 50, and so is the rest of the run, so the run costs the fewest requests for the
 * limit in force plus the refused one. A request refused as too large later (one that had to wait
 * for others) is planned again at 50 on its own.
 */
export class ApplyStream {
	private readonly semaphore: Semaphore;
	private readonly report: Omit<ApplyReport, 'outcomes'>;
	private automatic: boolean;
	private limit: TrackBatchLimit;
	private planner: Planner;
	/** Automatic limit, before the first request over 50 objects is answered: what is closed waits here. */
	private probe: 'searching' | 'sent' | 'done';
	private held: PlannedRequest[] = [];
	/** Every change pushed while the probe is undecided, to plan again at 50 if Braze refuses it. */
	private replay: PlanEntry[] = [];
	/** Per request id not yet answered that something waits for. */
	private readonly waits = new Map<number, Deferred>();
	private readonly answered = new Set<number>();
	/** Requests closed and not yet answered (held, waiting or in flight). */
	private unanswered = 0;
	/** Requests whose turn has come (waiting for a slot, in flight, or being split). */
	private running = 0;
	private readonly tasks = new Set<Promise<void>>();
	private progress: Deferred | undefined;
	private flushed = false;
	private failure: unknown;

	constructor(
		private readonly transport: BrazeTransport,
		trackLimit: TrackBatchLimit,
		private readonly onOutcomes: (outcomes: ChangeOutcome[]) => void,
	) {
		this.semaphore = new Semaphore(transport.settings.concurrency);
		this.report = { requests: 0, rateLimited: 0, trackLimit };
		this.automatic = trackLimit === 'auto';
		this.limit = trackLimit;
		this.probe = this.automatic ? 'searching' : 'done';
		this.planner = this.newPlanner();
	}

	/**
	 * Sets the track limit before the first track change is pushed (a run learns it from the REST
	 * credential with its first change that needs it). After other changes (cohort changes, which
	 * never go to /users/track) an Automatic limit sends no probe: those changes may be out already,
	 * so a request refused as too large is planned again at 50 on its own, and so is every later one.
	 */
	setTrackLimit(trackLimit: TrackBatchLimit): void {
		this.report.trackLimit = trackLimit;
		this.automatic = trackLimit === 'auto';
		this.limit = trackLimit;
		this.probe = this.automatic && this.pushed === 0 ? 'searching' : 'done';
		this.planner.options.trackLimit = trackLimit;
	}

	private pushed = 0;

	private newPlanner(): Planner {
		return new Planner({ trackLimit: this.limit }, (request) => this.closed(request));
	}

	push(entry: PlanEntry): void {
		this.pushed++;
		if (this.probe !== 'done') this.replay.push(entry);
		this.planner.push(entry);
	}

	/** Requests closed and not answered yet: the caller reads more items while this is small. */
	get backlog(): number {
		return this.unanswered;
	}

	/** Waits until at most `max` requests are unanswered, or until waiting cannot help (nothing is moving). */
	async drain(max: number): Promise<void> {
		while (this.unanswered > max && this.running > 0 && this.failure === undefined) {
			this.progress ??= deferred();
			await this.progress.promise;
		}
	}

	/** Sends what is still open and waits for every answer. */
	async finish(): Promise<Omit<ApplyReport, 'outcomes'>> {
		this.flushed = true;
		this.planner.flush();
		if (this.probe === 'searching') this.release();
		while (this.tasks.size) await Promise.allSettled([...this.tasks]);
		if (this.failure !== undefined) throw this.failure;
		return this.report;
	}

	private closed(request: PlannedRequest): void {
		this.unanswered++;
		if (this.probe === 'done') {
			this.dispatch(request);
			return;
		}
		// The first request over 50 objects that waits for nothing tells an Automatic limit the account's.
		if (this.probe === 'searching' && request.endpoint === '/users/track' && request.slots.length > FALLBACK_OBJECTS && request.after.length === 0) {
			this.probe = 'sent';
			this.track(this.sendProbe(request));
			return;
		}
		this.held.push(request);
	}

	private async sendProbe(probe: PlannedRequest): Promise<void> {
		this.running++;
		try {
			const result = await this.sendOnce(probe);
			if (refusedAsTooLarge(probe, result)) {
				// Nothing was sent but the refused request: plan every change so far, and the rest, at 50.
				this.fallBack();
				this.unanswered -= this.held.length + 1;
				this.held = [];
				this.waits.clear();
				const replay = this.replay;
				this.replay = [];
				this.probe = 'done';
				this.planner = this.newPlanner();
				for (const entry of replay) this.planner.push(entry);
				if (this.flushed) this.planner.flush();
				return;
			}
			await this.settle(probe, result);
			this.answer(probe);
			this.release();
		} catch (error) {
			this.failure ??= error;
			this.answer(probe);
			this.release();
		} finally {
			this.running--;
			this.moved();
		}
	}

	/** The probe is answered (or there is none): what was held goes out, in plan order. */
	private release(): void {
		this.probe = 'done';
		this.replay = [];
		const held = this.held.sort((a, b) => a.id - b.id);
		this.held = [];
		for (const request of held) this.dispatch(request);
	}

	private track(task: Promise<void>): void {
		const tracked = task.catch((error: unknown) => {
			this.failure ??= error;
		});
		this.tasks.add(tracked);
		void tracked.finally(() => this.tasks.delete(tracked));
	}

	private moved(): void {
		const progress = this.progress;
		this.progress = undefined;
		progress?.resolve();
	}

	private doneOf(id: number): Promise<void> | undefined {
		if (this.answered.has(id)) return undefined;
		let wait = this.waits.get(id);
		if (!wait) {
			wait = deferred();
			this.waits.set(id, wait);
		}
		return wait.promise;
	}

	/** Answered: the plan lets go of its changes (their outcomes went to onOutcomes). */
	private answer(request: PlannedRequest): void {
		request.entries = [];
		request.slots = [];
		this.unanswered--;
		this.answered.add(request.id);
		const wait = this.waits.get(request.id);
		this.waits.delete(request.id);
		wait?.resolve();
	}

	private dispatch(request: PlannedRequest): void {
		const dependencies = request.after.map((id) => this.doneOf(id)).filter((p): p is Promise<void> => p !== undefined);
		const run = async () => {
			if (dependencies.length) await Promise.all(dependencies);
			this.running++;
			try {
				// After a failure nothing more goes out (the run throws it once the rest has settled).
				if (this.failure === undefined) await this.settle(request);
			} finally {
				this.answer(request);
				this.running--;
				this.moved();
			}
		};
		this.track(run());
	}

	private fallBack(): void {
		this.limit = AUTO_FALLBACK;
		this.report.trackLimit = AUTO_FALLBACK;
		this.report.trackLimitFellBack = true;
	}

	/** A track request planned at 75 that Braze would now refuse: it goes out planned at 50 instead. */
	private overLimit(request: PlannedRequest): boolean {
		return this.automatic && this.limit === AUTO_FALLBACK && request.endpoint === '/users/track' && request.slots.length > FALLBACK_OBJECTS;
	}

	private async sendOnce(request: PlannedRequest): Promise<HttpOutcome> {
		await this.semaphore.acquire();
		try {
			// The body is built here, from the request's changes, and dropped once Braze has answered.
			const result = await this.transport.call({ method: request.method ?? 'POST', endpoint: request.endpoint, credential: request.credential, body: request.body });
			this.report.requests++;
			this.report.rateLimited += result.rateLimited;
			return result;
		} finally {
			this.semaphore.release();
		}
	}

	/** Sends one planned request and reads its answer onto its changes. */
	private async settle(request: PlannedRequest, result?: HttpOutcome): Promise<void> {
		if (this.overLimit(request)) {
			// Planned at 75 before the fall-back: its changes go out at 50, in order (they may share users).
			for (const smaller of plan(request.entries, { trackLimit: this.limit })) await this.settle(smaller);
			return;
		}
		result ??= await this.sendOnce(request);
		if (this.automatic && this.limit !== AUTO_FALLBACK && request.slots.length > FALLBACK_OBJECTS && refusedAsTooLarge(request, result)) {
			this.fallBack();
			await this.settle(request);
			return;
		}
		if (refusedAsAWhole(request, result)) await this.isolate(request, result);
		else this.onOutcomes(outcomesOf(request, result));
	}

	/**
	 * Splits a refused request level by level. Groups run one after another, and a group that shares
	 * a user (or an item) with a group still being split waits for the next level: a later change
	 * never lands before an earlier change of the same user.
	 */
	private async isolate(refused: PlannedRequest, refusal: HttpOutcome): Promise<void> {
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
				for (const request of plan(group, { trackLimit: this.limit })) sent.push([request, await this.sendOnce(request)]);
				if (sent.every(([request, result]) => refusedAsAWhole(request, result) && result.error === refusal.error)) {
					fate.set(group, sent);
					for (const key of keys) blocked.add(key);
					continue;
				}
				for (const [request, result] of sent) {
					if (refusedAsAWhole(request, result)) await this.isolate(request, result);
					else this.onOutcomes(outcomesOf(request, result));
				}
			}
			const next: PlanEntry[][] = [];
			for (const group of level) {
				const outcome = fate.get(group);
				if (outcome === undefined) continue;
				if (outcome === 'deferred') next.push(group);
				else if (group.length === 1) for (const [request, result] of outcome) this.onOutcomes(outcomesOf(request, result));
				else next.push(...halves(group));
			}
			if (!next.length) return;
			level = next;
		}
	}
}

const refusedAsAWhole = (request: PlannedRequest, result: HttpOutcome) => !result.ok && result.statusCode === 400 && request.entries.length > 1;

const orderKeysOf = (entry: PlanEntry): string[] => [...userKeysOf(entry.change), ...(entry.orderKeys ?? [])];

const halves = (group: PlanEntry[]): PlanEntry[][] => {
	const middle = Math.ceil(group.length / 2);
	return [group.slice(0, middle), group.slice(middle)];
};
