import { badRequest } from '../http/reply';
import type { UserAlias } from '../state/user';

// Shared request-shape checks; each throws a 400 that aborts before any change.

export const MAX_IDS = 50;
export const TOO_MANY_IDS = 'The max number of ids per request was exceeded';
export const TOO_MANY_ALIASES = 'The max number of external_ids and aliases per request was exceeded';

// E.164 written strictly: a leading +, no separators, no leading 0, at most 15 digits. Braze's pages
// ask for E.164 wherever a phone identifies a user (subscription, export, identify, merge, delete).
// The sandbox also keeps its earlier floor of 7 digits (no real number is shorter), so it accepts
// nothing it refused before.
const E164 = /^\+[1-9]\d{6,14}$/;
export const NOT_E164 = "'phone' numbers must be in E.164 format";

export function isE164(v: unknown): v is string {
	return typeof v === 'string' && E164.test(v);
}

export function isRecord(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function isNonEmptyString(v: unknown): v is string {
	return typeof v === 'string' && v.length > 0;
}

export function requireBody(body: unknown): Record<string, unknown> {
	if (!isRecord(body)) badRequest('Request body must be a JSON object');
	return body;
}

// A field that may be a string or an array of strings (email, external_id, ...).
export function stringOrList(v: unknown, field: string, max = MAX_IDS): string[] | undefined {
	if (v === undefined || v === null) return undefined;
	const list = typeof v === 'string' ? [v] : v;
	if (!Array.isArray(list) || !list.every(isNonEmptyString)) badRequest(`'${field}' must be a string or an array of strings`);
	if (list.length > max) badRequest(TOO_MANY_IDS);
	return list;
}

export function stringList(v: unknown, field: string, max = MAX_IDS): string[] | undefined {
	if (v === undefined || v === null) return undefined;
	if (!Array.isArray(v) || !v.every(isNonEmptyString)) badRequest(`'${field}' must be an array of strings`);
	if (v.length > max) badRequest(TOO_MANY_IDS);
	return v;
}

export function parseAlias(v: unknown): UserAlias | undefined {
	if (!isRecord(v) || !isNonEmptyString(v.alias_name) || !isNonEmptyString(v.alias_label)) return undefined;
	return { alias_name: v.alias_name, alias_label: v.alias_label };
}

export function requireAlias(v: unknown, field: string): UserAlias {
	const a = parseAlias(v);
	if (!a) badRequest(`'${field}' must be an object with string 'alias_name' and 'alias_label'`);
	return a;
}

export const PRIORITIES = ['identified', 'unidentified', 'most_recently_updated', 'least_recently_updated'];

export function parsePrioritization(v: unknown, field: string, required: boolean): string[] | undefined {
	if (v === undefined && !required) return undefined;
	if (!Array.isArray(v) || v.length === 0 || !v.every((p) => typeof p === 'string' && PRIORITIES.includes(p))) {
		badRequest(`'${field}' must be a non-empty array of ${PRIORITIES.join(', ')}`);
	}
	if (v.includes('identified') && v.includes('unidentified')) badRequest(`'${field}' may contain only one of identified and unidentified`);
	return v as string[];
}

// Merge identifiers and send recipients given by email or phone must carry `prioritization`.
// Braze documents the rule but no message; this text is the sandbox's.
export const PRIORITIZATION_REQUIRED = "'prioritization' is required when an identifier is an 'email' or 'phone'";

export function requiredPrioritization(v: unknown): string[] {
	if (v === undefined) badRequest(PRIORITIZATION_REQUIRED);
	return parsePrioritization(v, 'prioritization', true) as string[];
}

// GET arrays arrive as name=a&name=b or name[]=a&name[]=b.
export function queryList(q: URLSearchParams, name: string): string[] {
	return [...q.getAll(name), ...q.getAll(`${name}[]`)].filter((s) => s.length > 0);
}

export function queryInt(q: URLSearchParams, name: string, def: number, min: number, max: number): number {
	const raw = q.get(name);
	if (raw === null || raw === '') return def;
	const n = Number(raw);
	if (!Number.isInteger(n) || n < min || n > max) badRequest(`'${name}' must be an integer between ${min} and ${max}`);
	return n;
}

// YYYY-MM-DD read as midnight UTC, as the email and SMS list endpoints document.
export function queryDate(q: URLSearchParams, name: string): number | undefined {
	const raw = q.get(name);
	if (raw === null || raw === '') return undefined;
	if (!/^\d{4}-\d{2}-\d{2}$/.test(raw) || Number.isNaN(Date.parse(`${raw}T00:00:00Z`))) badRequest(`'${name}' must be a date as YYYY-MM-DD`);
	return Date.parse(`${raw}T00:00:00Z`);
}
