import { readPath } from '../../shared/values';

export const ANY_TRIGGER = '*';

/** Whether a trigger name passes the filter (`*` = any; names compare case-insensitively). */
export function triggerAllowed(trigger: string | undefined, allowed: string[]): boolean {
	const names = allowed.map((name) => name.trim().toLowerCase()).filter(Boolean);
	if (names.length === 0 || names.includes(ANY_TRIGGER)) return true;
	return trigger !== undefined && names.includes(trigger.trim().toLowerCase());
}

/** When it happened: the body's time (ISO text, or seconds or milliseconds since the epoch), else now. */
export function timeOf(body: Record<string, unknown>, path: string, now: Date): string {
	const raw = path.trim() ? readPath(body, path) : undefined;
	if (typeof raw === 'string' && raw.trim() !== '' && !Number.isNaN(Date.parse(raw))) return new Date(Date.parse(raw)).toISOString();
	if (typeof raw === 'number' && Number.isFinite(raw)) {
		// Seconds or milliseconds since the epoch.
		const ms = raw < 1e11 ? raw * 1000 : raw;
		return new Date(ms).toISOString();
	}
	return now.toISOString();
}
