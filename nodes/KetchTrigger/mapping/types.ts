import type { BrazeChange } from '../../shared/braze/changes';

/** The newest Ketch timestamp already applied per key (user + group, control or purpose). */
export interface Recency {
	newest(key: string): number | undefined;
}

export const NO_RECENCY: Recency = { newest: () => undefined };

/** What one part of a request became. */
export interface Mapped {
	changes: BrazeChange[];
	/** Codes with no Braze counterpart configured, e.g. `newsletter/sms`. */
	unmapped: string[];
	/** Settings skipped because a newer one was already applied. */
	stale: string[];
	warnings: string[];
	/** Keys and timestamps to remember once the request is accepted. */
	seen: Array<[string, number]>;
}

export function emptyMapped(): Mapped {
	return { changes: [], unmapped: [], stale: [], warnings: [], seen: [] };
}

/**
 * "Newest wins": a setting older than one already applied for the same user and key is skipped,
 * so a delayed or retried delivery never re-subscribes someone who opted out later. Equal
 * timestamps apply (Ketch gives seconds; the later delivery wins).
 */
export function isStale(recency: Recency, key: string, timestamp: number): number | undefined {
	const newest = recency.newest(key);
	return newest !== undefined && newest > timestamp ? newest : undefined;
}

/** Whether the setting under `key` is older than one already applied; if so, notes why in `out.stale`. */
export function skipStale(out: Mapped, recency: Recency, key: string, timestamp: number, why: (newer: number) => string): boolean {
	const newer = isStale(recency, key, timestamp);
	if (newer === undefined) return false;
	out.stale.push(why(newer));
	return true;
}
