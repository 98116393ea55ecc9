/**
 * The membership diff: who entered and who exited between two lists of member keys.
 *
 * Two strategies, same answer. When both lists are sorted (e.g. the warehouse queries end with
 * ORDER BY the identifier), one merge walk compares neighbours and builds nothing. Otherwise one
 * Map holds every key once, valued with its state: one pass over each list, one hash entry per
 * distinct key. Results are positions in the input lists (not copies of the keys), so the caller
 * maps them back to the items they came from.
 */

export interface MembershipDiff {
	/** Positions in `current` of members that are new (first occurrence of each). */
	entered: number[];
	/** Positions in `previous` of members that are gone (first occurrence of each). */
	exited: number[];
	/** Members in both lists. */
	unchanged: number;
	/** Positions in `current` of the unchanged members, when asked for (to send them again). */
	unchangedPositions?: number[];
	/** Distinct members in each list. */
	currentCount: number;
	previousCount: number;
	/** Repeats of a member already seen in the same list; they count once. */
	duplicateCurrent: number;
	duplicatePrevious: number;
}

/** States below 0; a state of 0 or more is the member's position in `current`, not yet matched. */
const MATCHED = -1;
/** Matched, and already listed among the unchanged positions. */
const REPORTED = -2;

/** Whether the keys are in ascending order (repeats allowed): checked in one sequential pass. */
export function isSorted(keys: readonly string[]): boolean {
	for (let i = 1; i < keys.length; i++) if (keys[i - 1] > keys[i]) return false;
	return true;
}

export function diffMembers(
	current: readonly string[],
	previous: readonly string[],
	options: { collectUnchanged?: boolean } = {},
): MembershipDiff {
	return isSorted(current) && isSorted(previous)
		? mergeDiff(current, previous, options.collectUnchanged === true)
		: hashDiff(current, previous, options.collectUnchanged === true);
}

/** Both lists sorted: walk them side by side, skipping repeats. */
function mergeDiff(current: readonly string[], previous: readonly string[], collectUnchanged: boolean): MembershipDiff {
	const entered: number[] = [];
	const exited: number[] = [];
	const unchangedPositions: number[] | undefined = collectUnchanged ? [] : undefined;
	let unchanged = 0;
	let duplicateCurrent = 0;
	let duplicatePrevious = 0;
	let i = 0;
	let j = 0;
	while (i < current.length || j < previous.length) {
		const a = i < current.length ? current[i] : undefined;
		const b = j < previous.length ? previous[j] : undefined;
		if (b === undefined || (a !== undefined && a < b)) {
			entered.push(i);
		} else if (a === undefined || b < a) {
			exited.push(j);
		} else {
			unchanged++;
			unchangedPositions?.push(i);
		}
		// Step past the key just handled, and its repeats, on whichever side(s) held it.
		const key = (a === undefined ? b : b === undefined ? a : a < b ? a : b) as string;
		if (a === key) while (++i < current.length && current[i] === key) duplicateCurrent++;
		if (b === key) while (++j < previous.length && previous[j] === key) duplicatePrevious++;
	}
	return {
		entered,
		exited,
		unchanged,
		...(unchangedPositions ? { unchangedPositions } : {}),
		currentCount: entered.length + unchanged,
		previousCount: exited.length + unchanged,
		duplicateCurrent,
		duplicatePrevious,
	};
}

/**
 * Any order: one Map over the current members, valued with each one's position (or MATCHED once
 * found in `previous`); the exits, usually few, are deduplicated in a Set of their own, so the Map
 * never grows past the current list (a Map doubles its table when it outgrows it).
 */
function hashDiff(current: readonly string[], previous: readonly string[], collectUnchanged: boolean): MembershipDiff {
	const state = new Map<string, number>();
	let duplicateCurrent = 0;
	for (let i = 0; i < current.length; i++) {
		const key = current[i];
		if (state.has(key)) duplicateCurrent++;
		else state.set(key, i);
	}
	const currentCount = state.size;

	const exited: number[] = [];
	const exitedKeys = new Set<string>();
	let unchanged = 0;
	let duplicatePrevious = 0;
	for (let j = 0; j < previous.length; j++) {
		const key = previous[j];
		const seen = state.get(key);
		if (seen === undefined) {
			if (exitedKeys.has(key)) {
				duplicatePrevious++;
			} else {
				exitedKeys.add(key);
				exited.push(j);
			}
		} else if (seen >= 0) {
			state.set(key, MATCHED);
			unchanged++;
		} else {
			duplicatePrevious++;
		}
	}

	// Insertion order of the Map is the order of `current`: entries keep input order.
	const entered: number[] = [];
	const unchangedPositions: number[] | undefined = collectUnchanged ? [] : undefined;
	if (unchangedPositions) {
		// MATCHED lost the position: walk `current` again, first occurrences only.
		for (let i = 0; i < current.length; i++) {
			const s = state.get(current[i])!;
			if (s === i) entered.push(i);
			else if (s === MATCHED) {
				unchangedPositions.push(i);
				state.set(current[i], REPORTED);
			}
		}
	} else {
		for (const s of state.values()) if (s >= 0) entered.push(s);
	}

	return {
		entered,
		exited,
		unchanged,
		...(unchangedPositions ? { unchangedPositions } : {}),
		currentCount,
		previousCount: unchanged + exited.length,
		duplicateCurrent,
		duplicatePrevious,
	};
}

export type DeltaAction = 'add' | 'remove';

export interface DeltaResult {
	/** One change per member: where it first appears, and the action of its last mention. */
	changes: Array<{ position: number; action: DeltaAction }>;
	/** Mentions of a member after its first. */
	duplicates: number;
}

/**
 * Explicit add/remove deltas as they come (e.g. a GrowthLoop call): one change per member, in
 * the order members first appear; the last mention decides, so "add then remove" removes.
 */
export function collapseDeltas(keys: readonly string[], actions: readonly DeltaAction[] | DeltaAction): DeltaResult {
	const single = typeof actions === 'string';
	const index = new Map<string, number>();
	const changes: DeltaResult['changes'] = [];
	for (let i = 0; i < keys.length; i++) {
		const action = single ? actions : actions[i];
		const at = index.get(keys[i]);
		if (at === undefined) {
			index.set(keys[i], changes.length);
			changes.push({ position: i, action });
		} else {
			changes[at].action = action;
		}
	}
	return { changes, duplicates: keys.length - changes.length };
}
