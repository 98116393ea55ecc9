import { DataPointCounter } from './state/data-points';

// Counters that survive the bounded request log, for benchmarks and assertions.

export class Stats {
	requestsByPath = new Map<string, number>();
	responsesByStatus = new Map<number, number>();
	rateLimited429 = 0;
	fault429 = 0;
	fault5xx = 0;
	drops = 0;
	dropsAfterApply = 0;
	dedupedSends = 0;
	applied = new Map<string, number>();
	/** Billable data points written to profiles (state/data-points.ts). */
	readonly dataPoints = new DataPointCounter();

	countRequest(path: string): void {
		this.requestsByPath.set(path, (this.requestsByPath.get(path) ?? 0) + 1);
	}

	countStatus(status: number): void {
		this.responsesByStatus.set(status, (this.responsesByStatus.get(status) ?? 0) + 1);
	}

	apply(type: string, n = 1): void {
		this.applied.set(type, (this.applied.get(type) ?? 0) + n);
	}

	clear(): void {
		this.requestsByPath.clear();
		this.responsesByStatus.clear();
		this.applied.clear();
		this.rateLimited429 = this.fault429 = this.fault5xx = 0;
		this.drops = this.dropsAfterApply = this.dedupedSends = 0;
		this.dataPoints.clear();
	}

	toJSON(): Record<string, unknown> {
		let total = 0;
		for (const n of this.requestsByPath.values()) total += n;
		return {
			requests_total: total,
			requests_by_path: Object.fromEntries(this.requestsByPath),
			responses_by_status: Object.fromEntries(this.responsesByStatus),
			sent_429: this.rateLimited429 + this.fault429,
			sent_429_rate_limit: this.rateLimited429,
			sent_429_fault: this.fault429,
			sent_5xx: this.fault5xx,
			drops: this.drops,
			drops_after_apply: this.dropsAfterApply,
			deduplicated_sends: this.dedupedSends,
			applied: Object.fromEntries(this.applied),
			data_points: this.dataPoints.toJSON(),
		};
	}
}
