import type { BrazeChange, ChangeOf } from '../changes';
import { standardAttributeValue } from '../dataRules';
import { userKey } from '../identifiers';
import { attributeDataPoints } from './dataPoints';

/**
 * Send Only Changes: compare each user's attributes with what was last sent, and keep only what
 * differs. Events and purchases always go; a changed attribute goes whole; operations whose
 * result depends on what Braze holds (inc, add, remove, $add, $remove, $update) always go.
 */

/** What was last sent: user key (identifiers.ts userKey) → attribute name → value. */
export type Snapshot = Map<string, Record<string, unknown>>;

export interface DeltaSummary {
	/** Users with attributes in this run. */
	usersSeen: number;
	/** Users seen whose attributes were all as last sent: nothing sent for their attributes. */
	usersUnchanged: number;
	attributesSent: number;
	attributesUnchanged: number;
	/** What the unchanged attributes would have cost, the way Braze counts (dataPoints.ts). */
	dataPointsSaved: number;
}

export interface DeltaResult {
	/** Aligned with the input: the change to send, trimmed to what differs, or undefined when nothing is left. */
	changes: Array<BrazeChange | undefined>;
	summary: DeltaSummary;
	/** The previous snapshot with everything sent applied, as it will be if Braze accepts it all. */
	next: Snapshot;
}

const OPERATION_KEYS = ['inc', 'add', 'remove', '$add', '$remove', '$update'];

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isOperation(value: unknown): boolean {
	return isPlainObject(value) && OPERATION_KEYS.some((key) => key in value);
}

/** JSON with sorted object keys: two values are the same attribute when these are equal. */
function canonical(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
	if (isPlainObject(value)) {
		return `{${Object.keys(value)
			.sort()
			.map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`)
			.join(',')}}`;
	}
	if (value === undefined) return 'null';
	return JSON.stringify(value);
}

/**
 * The previous value as Braze would have it: the same normalisation the change went through
 * (email case, gender words, ...), and an array or object kept as JSON text in a table column read back.
 */
function previousValue(key: string, value: unknown, next: unknown): unknown {
	let previous = value;
	if (typeof previous === 'string' && typeof next === 'object' && next !== null && /^\s*[[{]/.test(previous)) {
		try {
			previous = JSON.parse(previous);
		} catch {
			// Not JSON after all: compared as text, so it differs.
		}
	}
	return standardAttributeValue(key, previous);
}

function sameValue(key: string, previous: Record<string, unknown> | undefined, value: unknown): boolean {
	if (!previous || !Object.prototype.hasOwnProperty.call(previous, key)) return false;
	return canonical(previousValue(key, previous[key], value)) === canonical(value);
}

function deepMerge(base: unknown, update: Record<string, unknown>): Record<string, unknown> {
	const merged: Record<string, unknown> = isPlainObject(base) ? { ...base } : {};
	for (const [key, value] of Object.entries(update)) {
		merged[key] = isPlainObject(value) && !isOperation(value) ? deepMerge(merged[key], value) : value;
	}
	return merged;
}

/** Applies one attributes change to a user's remembered values (a copy). */
function remember(values: Record<string, unknown> | undefined, change: ChangeOf<'attributes'>): Record<string, unknown> {
	const next: Record<string, unknown> = { ...(values ?? {}) };
	for (const [key, value] of Object.entries(change.attributes)) {
		// The result of an operation is Braze's to know: forget the value so the next set is sent.
		if (isOperation(value)) delete next[key];
		else if (change.mergeObjects && isPlainObject(value) && isPlainObject(next[key])) next[key] = deepMerge(next[key], value);
		else next[key] = value;
	}
	return next;
}

/** The snapshot after the given changes were sent and accepted: changes of other types are ignored. */
export function advanceSnapshot(previous: Snapshot, sent: Iterable<BrazeChange>): Snapshot {
	const next: Snapshot = new Map(previous);
	for (const change of sent) {
		if (change.type !== 'attributes') continue;
		const key = userKey(change.user);
		next.set(key, remember(next.get(key), change));
	}
	return next;
}

/** Pure: same changes and snapshot in, same result out. The inputs are not modified. */
export function sendOnlyChanges(changes: readonly BrazeChange[], previous: Snapshot): DeltaResult {
	const working: Snapshot = new Map(previous);
	const changedUsers = new Set<string>();
	const seenUsers = new Set<string>();
	const summary: DeltaSummary = { usersSeen: 0, usersUnchanged: 0, attributesSent: 0, attributesUnchanged: 0, dataPointsSaved: 0 };
	const out = changes.map((change): BrazeChange | undefined => {
		if (change.type !== 'attributes') return change;
		const key = userKey(change.user);
		seenUsers.add(key);
		// Compared with what this run already sent for the user, so a second row of one user is diffed too.
		const known = working.get(key);
		const attributes: Record<string, unknown> = {};
		for (const [name, value] of Object.entries(change.attributes)) {
			if (!isOperation(value) && sameValue(name, known, change.mergeObjects && isPlainObject(value) ? deepMerge(known?.[name], value) : value)) {
				summary.attributesUnchanged++;
				summary.dataPointsSaved += attributeDataPoints(name, value);
				continue;
			}
			attributes[name] = value;
			summary.attributesSent++;
		}
		working.set(key, remember(known, change));
		if (!Object.keys(attributes).length) return undefined;
		changedUsers.add(key);
		return { ...change, attributes };
	});
	summary.usersSeen = seenUsers.size;
	summary.usersUnchanged = seenUsers.size - changedUsers.size;
	return { changes: out, summary, next: working };
}
