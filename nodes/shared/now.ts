let lastMs = Number.NaN;
let lastIso = '';

/**
 * Now as an ISO 8601 string, e.g. 2026-01-31T12:00:00.000Z. Items built within the same millisecond
 * share one string: a bulk run stamps many events a millisecond, and formatting a Date each time was
 * a visible part of its cost.
 */
export function nowIso(): string {
	const ms = Date.now();
	if (ms !== lastMs) {
		lastMs = ms;
		lastIso = new Date(ms).toISOString();
	}
	return lastIso;
}
