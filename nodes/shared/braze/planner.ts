import type { BrazeChange } from './changes';
import { prerequisiteKeysOf, requestKeyOf, specOf, userKeysOf } from './endpoints';
import type { Bucket, PlanEntry, PlanOptions, PlannedRequest } from './plan';

/**
 * Packs changes into the fewest requests each endpoint allows (greedy, in input order) while
 * keeping each user's updates in order: a change never joins a request where Braze could apply
 * it before an earlier change of the same user, and a request waits for the earlier requests
 * that hold the same users. Pure: same changes in, same plan out.
 */
export function plan(entries: PlanEntry[], options: PlanOptions): PlannedRequest[] {
	const requests: PlannedRequest[] = [];
	const planner = new Planner(options, (request) => requests.push(request));
	for (const entry of entries) planner.push(entry);
	planner.flush();
	return requests.sort((a, b) => a.id - b.id);
}

interface OpenBucket {
	id: number;
	bucket: Bucket;
	/** Ids of the earlier buckets this one waits for. */
	after: Set<number>;
	/** The order keys (`PlanEntry.orderKeys`) with a change in this bucket; its users the bucket knows (`hasUser`). */
	orderKeys?: Set<string>;
}

/**
 * The planner, one change at a time: the same greedy packing as `plan`, but a request is handed
 * to `emit` as soon as it is closed (no later change can join it), so a run can send while it is
 * still reading its items. A closed request never changes again, and waits only for requests with
 * smaller ids (which may still be open: the caller waits for them to be emitted and answered).
 * `flush` emits the requests still open, in id order. What it keeps for the whole run is one
 * number per key (the bucket holding that key's latest change); the changes leave with their request.
 */
export class Planner {
	private readonly open = new Map<string, OpenBucket>();
	/** Per key (a user, or an order key): the id of the bucket that holds its latest change. */
	private readonly lastOfKey = new Map<string, number>();
	private nextId = 0;

	constructor(
		/** Read when a bucket opens: the caller may settle the track limit before the first track change. */
		readonly options: PlanOptions,
		private readonly emit: (request: PlannedRequest) => void,
	) {}

	/** Ids handed out so far: every request with a smaller id is open or emitted. */
	get opened(): number {
		return this.nextId;
	}

	/**
	 * Whether the change cannot join `bucket` without breaking an order: a key whose latest change
	 * went elsewhere must not have an older change in this bucket (the newer change would overtake
	 * the one in between), and requests wait only for earlier ones (waiting for a request planned
	 * after this bucket would be a cycle, or a lost order). `lasts` holds each ordered key's latest bucket.
	 */
	private breaksOrder(bucket: OpenBucket, ordered: string[], lasts: Array<number | undefined>, prerequisites: string[]): boolean {
		for (let k = 0; k < ordered.length; k++) {
			const last = lasts[k];
			if (last === undefined || last === bucket.id) continue;
			if (last > bucket.id || bucket.bucket.hasUser(ordered[k]) || bucket.orderKeys?.has(ordered[k]) === true) return true;
		}
		for (const waitKey of prerequisites) {
			const last = this.lastOfKey.get(waitKey);
			if (last !== undefined && last > bucket.id) return true;
		}
		return false;
	}

	/** Each key's latest bucket, looked up once per change (a reused array: no allocation per change). */
	private readonly lasts: Array<number | undefined> = [];

	push(entry: PlanEntry): void {
		const key = requestKeyOf(entry.change);
		const users = entry.users ?? userKeysOf(entry.change);
		const ordered = entry.orderKeys?.length ? [...users, ...entry.orderKeys] : users;
		const prerequisites = prerequisiteKeysOf(entry.change);
		const { lasts, lastOfKey } = this;
		lasts.length = ordered.length;
		for (let k = 0; k < ordered.length; k++) lasts[k] = lastOfKey.get(ordered[k]);
		let current = this.open.get(key);
		if (current && (this.breaksOrder(current, ordered, lasts, prerequisites) || !current.bucket.fits(entry, users))) {
			this.open.delete(key);
			this.close(current);
			current = undefined;
		}
		if (!current) {
			current = { id: this.nextId++, bucket: specOf(entry.change).open(entry.change, this.options), after: new Set() };
			this.open.set(key, current);
		}
		for (let k = 0; k < ordered.length; k++) {
			const orderKey = ordered[k];
			const last = lasts[k];
			if (last !== current.id) {
				if (last !== undefined) current.after.add(last);
				// A key listed twice: the second sees the first's update, as a fresh lookup would.
				lastOfKey.set(orderKey, current.id);
				for (let j = k + 1; j < ordered.length; j++) if (ordered[j] === orderKey) lasts[j] = current.id;
			}
		}
		if (entry.orderKeys?.length) {
			const held = (current.orderKeys ??= new Set());
			for (const orderKey of entry.orderKeys) held.add(orderKey);
		}
		for (const prerequisite of prerequisites) {
			const last = lastOfKey.get(prerequisite);
			if (last !== undefined && last !== current.id) current.after.add(last);
		}
		current.bucket.add(entry, users);
	}

	/** Emits every request still open, in id order. */
	flush(): void {
		const rest = [...this.open.values()].sort((a, b) => a.id - b.id);
		this.open.clear();
		for (const bucket of rest) this.close(bucket);
	}

	private close({ id, bucket, after }: OpenBucket): void {
		this.emit(plannedRequest(id, bucket, [...after].sort((a, b) => a - b)));
	}
}

function plannedRequest(id: number, bucket: Bucket, after: number[]): PlannedRequest {
	if (!bucket.lazy) return { id, ...bucket.build(), after, entries: bucket.entries };
	const { request, body } = bucket.lazy();
	const planned = { id, ...request, after, entries: bucket.entries } as PlannedRequest;
	// Built on each read from the request's own changes, never kept: a plan of a million changes
	// holds no request bodies, and a request whose changes were released holds nothing.
	Object.defineProperty(planned, 'body', {
		enumerable: true,
		configurable: true,
		get(this: PlannedRequest) {
			return body(this.entries);
		},
	});
	return planned;
}

/**
 * For the changes of one input item: each change's user keys, and the order key that keeps the
 * item's changes in order (`item:<index>`). None when every change names the same users: their
 * keys hold the item's order already, and the plan is the same without it (the planner keeps one
 * number per key for the whole run). test/unit/property-planner.test.ts holds the two plans equal.
 */
export function itemKeys(itemIndex: number, valid: BrazeChange[]): { users: string[][]; orderKeys?: string[] } {
	const users: string[][] = new Array<string[]>(valid.length);
	let same = true;
	for (let i = 0; i < valid.length; i++) {
		const keys = userKeysOf(valid[i]);
		users[i] = keys;
		if (i === 0) {
			if (keys.length === 0) same = false;
			continue;
		}
		const first = users[0];
		if (!same || keys.length !== first.length) {
			same = false;
			continue;
		}
		for (let k = 0; k < keys.length; k++) if (keys[k] !== first[k]) same = false;
	}
	return same || valid.length < 2 ? { users } : { users, orderKeys: [`item:${itemIndex}`] };
}
