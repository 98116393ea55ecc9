import { isRecord } from '../../shared/values';

/** Progressive profiles: these never reach Braze, so they never overwrite what it has. */
export function isEmptyValue(value: unknown): boolean {
	if (value === undefined || value === null) return true;
	if (typeof value === 'string') return value.trim() === '';
	if (typeof value === 'number') return !Number.isFinite(value);
	if (Array.isArray(value)) return value.every(isEmptyValue);
	if (isRecord(value)) return Object.values(value).every(isEmptyValue);
	return false;
}

/** Trims strings, drops empty entries of lists and objects; undefined when nothing is left. */
export function cleanValue(value: unknown): unknown {
	if (isEmptyValue(value)) return undefined;
	if (typeof value === 'string') return value.trim();
	if (Array.isArray(value)) return value.map(cleanValue).filter((v) => v !== undefined);
	if (isRecord(value)) {
		const out: Record<string, unknown> = {};
		for (const [key, v] of Object.entries(value)) {
			const cleaned = cleanValue(v);
			if (cleaned !== undefined) out[key] = cleaned;
		}
		return out;
	}
	return value;
}

const TRUE_WORDS = ['true', 'yes', 'y', '1', 'on', 'checked', 'agree', 'agreed', 'accepted', 'opted_in', 'opt_in', 'subscribed'];
const FALSE_WORDS = ['false', 'no', 'n', '0', 'off', 'unchecked', 'declined', 'opted_out', 'opt_out', 'unsubscribed'];

/** A consent checkbox as Komo may send it: true/false, "yes"/"no", 1/0, ...; undefined when absent. */
export function parseConsent(value: unknown): boolean | undefined | 'invalid' {
	if (isEmptyValue(value)) return undefined;
	if (typeof value === 'boolean') return value;
	if (typeof value === 'number') return value === 1 ? true : value === 0 ? false : 'invalid';
	if (typeof value === 'string') {
		const word = value.trim().toLowerCase().replace(/[\s-]+/g, '_');
		if (TRUE_WORDS.includes(word)) return true;
		if (FALSE_WORDS.includes(word)) return false;
	}
	return 'invalid';
}
