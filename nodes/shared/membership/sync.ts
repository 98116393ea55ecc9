import type { IDataObject, IPairedItemData } from 'n8n-workflow';

import type { BrazeChange } from '../braze/changes';
import { readPath } from '../values';
import { type WriteTarget, changeBuilder } from './changes';
import { type DeltaAction, collapseDeltas, diffMembers } from './diff';
import { type IdentifierMapping, type SkipReason, SKIP_REASONS, memberKey, skipReasonOf } from './members';

/** Members read from one input (or from storage), in input order, duplicates included. */
export interface MemberList {
	keys: string[];
	/** The input item each key came from; empty for members read from storage. */
	sources: number[];
	/** Which n8n input the items were on (0 = current members, 1 = previous members; -1 = storage). */
	input: number;
	skipped: Partial<Record<SkipReason, number>>;
	/** Items with an empty JSON object, e.g. what "Always Output Data" emits for no rows. */
	emptyItems: number;
}

/** A stored list of keys (e.g. static data) as a member list without item sources. */
export function storedList(keys: string[]): MemberList {
	return { keys, sources: [], input: -1, skipped: {}, emptyItems: 0 };
}

/**
 * Reads members out of items: each item is a member, or (with `membersField`) holds an array of
 * members, each an object or a bare identifier. Skipped members are counted by reason.
 */
export class MemberCollector {
	private readonly list: MemberList;

	constructor(
		private readonly mapping: IdentifierMapping,
		private readonly allowDevice: boolean,
		input: number,
	) {
		this.list = { keys: [], sources: [], input, skipped: {}, emptyItems: 0 };
	}

	add(member: unknown, source: number): void {
		const key = memberKey(member, this.mapping, this.allowDevice);
		if (typeof key === 'string') {
			this.list.keys.push(key);
			this.list.sources.push(source);
		} else {
			const reason = skipReasonOf(key);
			this.list.skipped[reason] = (this.list.skipped[reason] ?? 0) + 1;
		}
	}

	/** Returns an error text when `membersField` does not hold an array on this item. */
	addItem(json: IDataObject, source: number, membersField: string): string | undefined {
		if (membersField === '') {
			if (isEmptyObject(json)) this.list.emptyItems++;
			else this.add(json, source);
			return undefined;
		}
		const members = readPath(json, membersField);
		if (members === undefined && isEmptyObject(json)) {
			this.list.emptyItems++;
			return undefined;
		}
		if (!Array.isArray(members)) {
			return `Field "${membersField}" is ${members === undefined ? 'missing' : `a ${typeof members}`}: it must hold an array of members, e.g. [{"external_id": "u1"}]`;
		}
		for (const member of members) this.add(member, source);
		return undefined;
	}

	result(): MemberList {
		return this.list;
	}
}

function isEmptyObject(json: IDataObject): boolean {
	for (const _key in json) return false;
	return true;
}

export interface SkipReport {
	total: number;
	reasons: Partial<Record<SkipReason, number>>;
	/** What each reason that occurred means. */
	explained: Partial<Record<SkipReason, string>>;
}

function skipReport(skipped: Partial<Record<SkipReason, number>>, duplicates: number): SkipReport {
	const reasons: Partial<Record<SkipReason, number>> = { ...skipped };
	if (duplicates > 0) reasons.duplicate = duplicates;
	const explained: Partial<Record<SkipReason, string>> = {};
	let total = 0;
	for (const [reason, count] of Object.entries(reasons) as Array<[SkipReason, number]>) {
		total += count;
		explained[reason] = SKIP_REASONS[reason];
	}
	return { total, reasons, explained };
}

/** One output item's worth of changes and the input items they came from. */
export interface ChangeBatch {
	changes: BrazeChange[];
	pairedItem: IPairedItemData[];
	entered: number;
	exited: number;
}

export interface SyncCounts {
	/** Distinct members now (valid identifiers only). */
	members: number;
	/** Distinct members last time; absent for a one-time import (no previous list). */
	previousMembers?: number;
	entered: number;
	exited: number;
	unchanged: number;
	/** Unchanged members written again (option "Resend Unchanged Members"). */
	resent: number;
	skipped: SkipReport;
	/** Members of the previous list that could not be read (second input only). */
	previousSkipped?: SkipReport;
	/** Items ignored because their JSON was empty (e.g. "Always Output Data"). */
	emptyItems: number;
	changes: number;
}

export interface SyncPlan {
	batches: ChangeBatch[];
	counts: SyncCounts;
	/** The distinct current keys, in input order (what to remember for next time). */
	currentKeys(): string[];
}

/** A run of changes: positions in one member list, all with the same action. */
interface Run {
	list: MemberList;
	positions: readonly number[];
	action: 'add' | 'remove';
}

/** Cuts runs of changes into batches without copying them into an intermediate list first. */
function batchUp(runs: Run[], build: (key: string, action: 'add' | 'remove') => BrazeChange, batchSize: number): ChangeBatch[] {
	const batches: ChangeBatch[] = [];
	let batch: ChangeBatch | undefined;
	let seen = new Set<number>();
	for (const { list, positions, action } of runs) {
		for (const position of positions) {
			if (!batch || batch.changes.length === batchSize) {
				batch = { changes: [], pairedItem: [], entered: 0, exited: 0 };
				batches.push(batch);
				seen = new Set();
			}
			batch.changes.push(build(list.keys[position], action));
			if (action === 'add') batch.entered++;
			else batch.exited++;
			const source = list.sources[position];
			if (source === undefined) continue;
			// inputs 0 and 1 only: one number per (input, item) pair.
			const id = source * 2 + list.input;
			if (seen.has(id)) continue;
			seen.add(id);
			batch.pairedItem.push(list.input === 0 ? { item: source } : { item: source, input: list.input });
		}
	}
	return batches;
}

/**
 * A snapshot sync: diffs the current members against the previous ones (or, with no previous
 * list, treats everyone as entering), and turns exits then entries into Braze changes, `batchSize`
 * to an item. Exits go first so an array attribute frees room before it grows.
 */
export function planSnapshotSync(
	current: MemberList,
	previous: MemberList | undefined,
	target: WriteTarget,
	mapping: IdentifierMapping,
	options: { batchSize: number; resendUnchanged?: boolean },
): SyncPlan {
	const diff = diffMembers(current.keys, previous?.keys ?? [], { collectUnchanged: options.resendUnchanged === true });
	const runs: Run[] = [];
	if (previous) runs.push({ list: previous, positions: diff.exited, action: 'remove' });
	runs.push({ list: current, positions: diff.entered, action: 'add' });
	if (diff.unchangedPositions) runs.push({ list: current, positions: diff.unchangedPositions, action: 'add' });

	const batches = batchUp(runs, changeBuilder(target, mapping), options.batchSize);
	const resent = diff.unchangedPositions?.length ?? 0;
	return {
		batches,
		counts: {
			members: diff.currentCount,
			...(previous ? { previousMembers: diff.previousCount } : {}),
			entered: diff.entered.length,
			exited: diff.exited.length,
			unchanged: diff.unchanged,
			resent,
			skipped: skipReport(current.skipped, diff.duplicateCurrent),
			...(previous && previous.input >= 0 ? { previousSkipped: skipReport(previous.skipped, diff.duplicatePrevious) } : {}),
			emptyItems: current.emptyItems + (previous?.emptyItems ?? 0),
			changes: diff.entered.length + diff.exited.length + resent,
		},
		currentKeys: () => [...new Set(current.keys)],
	};
}

/**
 * A delta sync: members that were explicitly added or removed (e.g. one GrowthLoop call), one
 * change each; a member mentioned twice counts once, with its last action.
 */
export function planDeltaSync(
	members: MemberList,
	action: DeltaAction,
	target: WriteTarget,
	mapping: IdentifierMapping,
	options: { batchSize: number },
): SyncPlan {
	const { changes, duplicates } = collapseDeltas(members.keys, action);
	const positions = changes.map((c) => c.position);
	const batches = batchUp([{ list: members, positions, action }], changeBuilder(target, mapping), options.batchSize);
	return {
		batches,
		counts: {
			members: positions.length,
			entered: action === 'add' ? positions.length : 0,
			exited: action === 'remove' ? positions.length : 0,
			unchanged: 0,
			resent: 0,
			skipped: skipReport(members.skipped, duplicates),
			emptyItems: members.emptyItems,
			changes: positions.length,
		},
		currentKeys: () => positions.map((p) => members.keys[p]),
	};
}
