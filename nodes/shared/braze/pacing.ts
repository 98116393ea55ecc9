import type { RateLimitInfo } from './rateLimit';

/** The time source the pacer sleeps on (n8n-workflow's `sleep` in the node; virtual time in tests). */
export interface PacerClock {
	now(): number;
	sleep(ms: number): Promise<void>;
	random(): number;
}

/** Part of each window kept unspent (at least 2 requests): what the estimates below cannot see. */
const RESERVE_SHARE = 0.02;
/** How far a late timer may let starts catch up: a few requests at once, never a burst. */
const SLACK_MS = 10;
/** Longest single sleep of the dispatcher: it looks again at what the answers said since. */
const RECHECK_MS = 50;
/** Time, as a part of the window, after which what an answer said of how many share the window weighs half. */
const HALF_LIFE_SHARE = 0.25;
/** Added to every sender's part of the window, so that the parts become equal (see `share`). */
const FAIR_STEP = 0.03;
/** Slow start: requests a run may have in flight per answer that has described the window so far. */
const SLOW_START = 2;
/** Above this many times its even share, a sender never goes, however much a window has left. */
const MAX_BOOST = 2;
/** Part of the window a run's lone requests may use ahead of the even pace (a paged read is not slowed). */
const BURST_SHARE = 0.25;
/** Lone requests a run may start that way per window. */
const LONE_STARTS = 4;
/** Start of a new window: resume up to this late, at random, so a clock ahead of Braze's does not meet the old window. */
const RESUME_JITTER_MS = 100;

/**
 * Paces one endpoint's requests of one node run by Braze's X-RateLimit-* headers, so that several
 * executions on one workspace (n8n queue mode: many workers, one Braze limit) share the window
 * without talking to each other. All a sender sees of the others is in its own answers: Remaining is
 * what the whole workspace has left until Reset.
 *
 *  - **How many share the window**: between two of its answers in one window, Remaining falls by
 *    about one request per sender, this one included (its own answer counts once). The pacer keeps
 *    that ratio, an answer's weight halving every quarter window, so that it sees within about a
 *    second that a sharer has finished: 1 alone, about 4 beside three others going as fast. Strictly it is
 *    everyone's rate over this sender's: a sender that started faster would keep its lead, so each
 *    sender aims at its part plus a small equal step, which evens the parts out.
 *  - **Its share of what is left**: `budget = Remaining − reserve − in flight × sharers` (requests
 *    sent but not yet counted by Braze, its own and, by the ratio, the others'), spread evenly over
 *    the time to Reset: one start every `time left / (budget × share)`. Everyone slows down as the
 *    window empties, in proportion, instead of running into 0 and 429 together. "In flight" is the
 *    larger of now and its recent average: a run with a few requests a second mostly has 0 or 1 out
 *    at any instant, which would say the others have none out either.
 *  - **Slow start**: each answer lets two more requests be in flight. Runs started together learn of
 *    each other only from answers a round trip later; until then none spends the window as if alone.
 *  - **One at a time**: a run's only request in flight (a paged read) starts at once, up to 4 a
 *    window, while the window's use is under an even pace from its start plus a quarter of it.
 *  - **Clocks**: Reset is read against this machine's clock; one ahead of Braze's by more than a
 *    window sees every answer as past and falls back to the window's even rate.
 *  - **No budget left**: nothing starts until Reset (plus up to 100 ms), and then at the window's
 *    even rate, never as a burst; until the first answer of the run, only one request is out.
 *
 * One instance per endpoint per node run: it holds no state between executions.
 */
export class WindowPacer {
	private readonly waiters: Array<() => void> = [];
	private dispatching = false;
	/** Requests started and not yet answered. */
	private inFlight = 0;
	/** Answers so far that said how the window stands (or that the endpoint sends no rate-limit headers). */
	private described = 0;
	private paced = false;
	private limit = 0;
	private remaining = 0;
	private resetAtMs = 0;
	/** The window's length as seen: the shortest gap between two resets, else the longest time left read. */
	private resetGapMs = 0;
	private longestLeftMs = 0;
	private intervalMs = 0;
	private nextAt = 0;
	/** The last start was a lone request let through ahead of the pace; how many this window. */
	private ahead = false;
	private loneStarts = 0;
	private stopUntil = 0;
	/** Remaining's fall between consecutive answers of one window, and the answers it spans. */
	private fallen = 0;
	private answers = 0;
	/** When the last answer was counted into the two above (their weight halves by time since). */
	private sampledAt = 0;
	private last?: { resetAtMs: number; remaining: number; at: number };
	/** Time the Remaining falls above span (weighted like them): all senders' rate is their ratio. */
	private fallenOverMs = 0;
	/** When `remaining` was read. */
	private remainingAt = 0;
	/** Requests in flight over time, by time (recent time weighing most, as for the sharers). */
	private loadArea = 0;
	private loadTime = 0;
	private loadAt = 0;

	constructor(
		private readonly clock: PacerClock,
		/** A pause every endpoint of the run keeps (a 429 somewhere). */
		private readonly pausedUntil: () => number = () => 0,
	) {}

	/** About how many senders share the window, this one included. */
	get sharers(): number {
		return Math.max(1, (this.fallen + 1) / (this.answers + 1));
	}

	/** Waits for this request's start; call `settle` with its answer's headers (or none) after. */
	async start(): Promise<void> {
		await new Promise<void>((resolve) => {
			this.waiters.push(resolve);
			if (!this.dispatching) void this.dispatch();
		});
	}

	private get windowMs(): number {
		return this.resetGapMs || this.longestLeftMs;
	}

	/**
	 * A request is over: its answer's rate-limit headers (`undefined` when no answer came: a lost
	 * connection), and whether Braze counted it (a 429 is refused, not counted).
	 */
	settle(rate: RateLimitInfo | undefined, counted = true): void {
		this.noteLoad(this.clock.now());
		this.inFlight = Math.max(0, this.inFlight - 1);
		if (!rate) return;
		this.described++;
		if (rate.remaining === undefined || rate.resetAtMs === undefined) return;
		const now = this.clock.now();
		this.paced = true;
		if (rate.limit !== undefined) this.limit = rate.limit;
		const { last } = this;
		if (last && rate.resetAtMs > last.resetAtMs) {
			// A new window: the gap between resets is its length (or a multiple).
			const gap = rate.resetAtMs - last.resetAtMs;
			this.resetGapMs = this.resetGapMs ? Math.min(this.resetGapMs, gap) : gap;
		} else if (last && rate.resetAtMs === last.resetAtMs && counted) {
			// Recent answers weigh most: when a sharer finishes, the others see it within about a second.
			const keep = this.answers ? this.keepAfter(now - this.sampledAt) : 1;
			this.fallen = this.fallen * keep + (last.remaining - rate.remaining);
			this.answers = this.answers * keep + 1;
			this.fallenOverMs = this.fallenOverMs * keep + (now - last.at);
			this.sampledAt = now;
		}
		if (!last || rate.resetAtMs >= last.resetAtMs) this.last = { resetAtMs: rate.resetAtMs, remaining: rate.remaining, at: now };
		this.longestLeftMs = Math.max(this.longestLeftMs, rate.resetAtMs - now);
		// An answer from a window that has already reset says nothing of the current one.
		if (rate.resetAtMs <= now || rate.resetAtMs < this.resetAtMs) return;
		// Within a window Remaining only falls: an answer overtaken by a later one says less than it.
		if (rate.resetAtMs > this.resetAtMs) {
			this.stopUntil = 0;
			this.loneStarts = 0;
			this.remaining = rate.remaining;
			this.remainingAt = now;
		} else if (rate.remaining <= this.remaining) {
			this.remaining = rate.remaining;
			this.remainingAt = now;
		}
		this.resetAtMs = rate.resetAtMs;
		this.repace(now);
	}

	/**
	 * What the window has left for new starts: Remaining less the reserve, every sharer's requests not
	 * yet counted, and what all of them have spent since that Remaining was read (a run with a few
	 * answers a second reads it rarely, and the others keep sending meanwhile).
	 */
	private budget(now: number): number {
		const spentSince = this.fallenOverMs > 0 ? (this.fallen / this.fallenOverMs) * Math.max(0, now - this.remainingAt) : 0;
		return this.remaining - this.reserve() - Math.max(this.inFlight, this.averageInFlight) * this.sharers - spentSince;
	}

	/** The weight left to what was seen `elapsedMs` ago: it halves every quarter window. */
	private keepAfter(elapsedMs: number): number {
		return 0.5 ** (elapsedMs / Math.max(1, this.windowMs * HALF_LIFE_SHARE));
	}

	private noteLoad(now: number) {
		const elapsed = now - this.loadAt;
		if (this.loadAt && elapsed > 0) {
			const keep = this.keepAfter(elapsed);
			this.loadArea = this.loadArea * keep + this.inFlight * elapsed;
			this.loadTime = this.loadTime * keep + elapsed;
		}
		this.loadAt = now;
	}

	/**
	 * How many requests this run has in flight on average: the instant count of a run that sends a
	 * few requests a second is mostly 0 or 1, and would say the others have none out either.
	 */
	private get averageInFlight(): number {
		return this.loadTime ? this.loadArea / this.loadTime : this.inFlight;
	}

	private reserve(): number {
		return Math.max(2, Math.ceil(this.limit * RESERVE_SHARE));
	}

	/**
	 * The part of the window this sender aims at: its part of the recent answers plus a small equal
	 * step. Its part alone would keep any imbalance between senders (all scale by the same factor);
	 * the step moves every part towards the same size. The step's overshoot (a few % per sender) only
	 * spends the budget earlier: the budget, not the share, decides when starts stop.
	 */
	private get share(): number {
		return Math.min(1, 1 / this.sharers + FAIR_STEP);
	}

	/** The even rate of a whole window, this sender's share: one start every `interval`. */
	private evenIntervalMs(): number {
		if (!this.limit || !this.windowMs) return 0;
		return this.windowMs / (Math.max(1, this.limit - this.reserve()) * this.share);
	}

	private repace(now: number) {
		const budget = this.budget(now);
		const left = this.resetAtMs - now;
		if (budget <= 0) {
			this.stopUntil = this.resetAtMs + this.clock.random() * RESUME_JITTER_MS;
			this.intervalMs = this.evenIntervalMs();
			return;
		}
		// A budget of a fraction of a request would space starts past the reset (seconds, even minutes):
		// no start is put off beyond the window, where a new budget applies.
		this.intervalMs = Math.min(Math.max(left / (budget * this.share), this.evenIntervalMs() / MAX_BOOST), left);
	}

	/** How long the next start must wait, 0 if it may go now. */
	private waitMs(now: number): number {
		this.ahead = false;
		const paused = Math.max(this.pausedUntil(), this.stopUntil) - now;
		if (paused > 0) return paused;
		// The first request of the run goes alone: its answer says how the window stands.
		if (!this.described) return this.inFlight > 0 ? RECHECK_MS : 0;
		// Slow start: two more requests in flight per answer (about three times as many each round
		// trip). Runs started together learn of each other only from answers: until those come back,
		// none may spend the window as if it were alone.
		if (this.paced && this.inFlight > this.described * SLOW_START) return RECHECK_MS;
		if (!this.paced) return 0;
		if (now >= this.resetAtMs) {
			// A new window no answer has described yet: its even rate, once a reset-to-reset gap has
			// shown how long a window is; before that, one request at a time, as at the run's start.
			if (!this.resetGapMs) return this.inFlight > 0 ? RECHECK_MS : 0;
			this.intervalMs = this.evenIntervalMs();
			// A start planned in the old window's slower pace waits no longer than the new one's.
			this.nextAt = Math.min(this.nextAt, now + this.intervalMs);
			return this.nextAt - now;
		}
		const budget = this.budget(now);
		if (budget <= 0) {
			this.stopUntil = this.resetAtMs + this.clock.random() * RESUME_JITTER_MS;
			return this.stopUntil - now;
		}
		// A run's only request (a paged read, one request after another: none other waiting, none out)
		// goes at once while the window is used less than an even pace from its start plus the
		// allowance: one request per run at most, so parallel runs cannot spend the window together on
		// it. Concurrent requests keep the pace, even when a slow one has none out at the moment.
		const elapsed = 1 - Math.min(1, (this.resetAtMs - now) / Math.max(1, this.windowMs));
		if (this.inFlight === 0 && this.waiters.length === 1 && this.loneStarts < LONE_STARTS && this.limit - budget < this.limit * (elapsed + BURST_SHARE)) {
			this.loneStarts++;
			this.ahead = true;
			return 0;
		}
		return this.nextAt - now;
	}

	private async dispatch() {
		this.dispatching = true;
		try {
			while (this.waiters.length) {
				const now = this.clock.now();
				const wait = this.waitMs(now);
				if (wait > 0) {
					await this.clock.sleep(Math.min(wait, RECHECK_MS));
					continue;
				}
				// A lone start ahead of the pace leaves the pace as it was.
				this.nextAt = this.ahead ? Math.max(this.nextAt, now) : Math.max(this.nextAt, now - SLACK_MS) + this.intervalMs;
				this.noteLoad(now);
				this.inFlight++;
				this.waiters.shift()!();
			}
		} finally {
			this.dispatching = false;
		}
	}
}
