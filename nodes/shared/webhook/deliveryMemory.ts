import { createHash } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

/**
 * The bits a trigger needs to remember deliveries between webhook calls in the workflow's
 * static data: hashed keys (no email or identifier is stored) and bounded pruning.
 * Best-effort by nature: n8n saves static data after each webhook call, last writer wins, so two
 * deliveries handled at the same moment (e.g. by two webhook processes in queue mode) may both pass.
 */

export function hashKey(value: string): string {
	return createHash('sha256').update(value, 'utf8').digest('hex').slice(0, 16);
}

export function isFiniteNumber(value: unknown): value is number {
	return typeof value === 'number' && Number.isFinite(value);
}

/** Keeps the newest `max` entries stored at or after `oldest`. */
export function prune<T>(entries: Record<string, T>, storedAt: (value: T) => number, oldest: number, max: number): Record<string, T> {
	const kept = Object.entries(entries)
		.filter(([, value]) => storedAt(value) >= oldest)
		.sort((a, b) => storedAt(b[1]) - storedAt(a[1]))
		.slice(0, max);
	return Object.fromEntries(kept);
}

/** Delivery ids accepted within a time window, under one static-data key. */
export class SeenDeliveries {
	private readonly seen: Record<string, number> = {};
	private readonly nowSeconds: number;
	private readonly oldest: number;

	constructor(
		private readonly staticData: IDataObject,
		private readonly stateKey: string,
		nowMs: number,
		ttlHours: number,
		private readonly max: number,
	) {
		this.nowSeconds = Math.floor(nowMs / 1000);
		this.oldest = this.nowSeconds - Math.max(0, ttlHours) * 3600;
		const stored = staticData[stateKey];
		if (stored && typeof stored === 'object' && !Array.isArray(stored)) {
			for (const [key, at] of Object.entries(stored)) if (isFiniteNumber(at)) this.seen[key] = at;
		}
	}

	hasSeen(id: string): boolean {
		const at = this.seen[hashKey(id)];
		return at !== undefined && at >= this.oldest;
	}

	/** Records an accepted delivery and writes the static data. */
	remember(id: string): void {
		this.seen[hashKey(id)] = this.nowSeconds;
		// Reassigning the top-level key is what marks n8n's static data as changed.
		this.staticData[this.stateKey] = prune(this.seen, (at) => at, this.oldest, this.max);
	}
}
