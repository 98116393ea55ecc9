import { isRecord, normaliseEmail } from '../../shared/values';

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

const GENDERS: Record<string, string> = {
	m: 'M', male: 'M', man: 'M',
	f: 'F', female: 'F', woman: 'F',
	o: 'O', other: 'O', 'non-binary': 'O', nonbinary: 'O',
	n: 'N', 'not applicable': 'N',
	p: 'P', 'prefer not to say': 'P', 'prefer not to answer': 'P',
};

/** Brings a Komo value into the form a standard Braze attribute wants; others pass as they are. */
export function toAttributeValue(attribute: string, value: unknown): unknown {
	if (typeof value !== 'string') return value;
	switch (attribute) {
		case 'gender':
			return GENDERS[value.toLowerCase()] ?? value;
		case 'dob': {
			if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
			const iso = /^(\d{4}-\d{2}-\d{2})T/.exec(value);
			return iso ? iso[1] : value;
		}
		case 'email':
			return normaliseEmail(value) ?? value;
		case 'country':
			return value.length === 2 ? value.toUpperCase() : value;
		default:
			return value;
	}
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
