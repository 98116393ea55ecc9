import { prerequisiteKeysOf, requestKeyOf, specOf, userKeysOf } from './endpoints';
import type { Bucket, PlanEntry, PlanOptions, PlannedRequest } from './plan';

/**
 * Packs changes into the fewest requests each endpoint allows (greedy, in input order) while
 * keeping each user's updates in order: a change never joins a request where Braze could apply
 * it before an earlier change of the same user, and a request waits for the earlier requests
 * that hold the same users. Pure: same changes in, same plan out.
 */
export function plan(entries: PlanEntry[], options: PlanOptions): PlannedRequest[] {
	interface OpenBucket {
		id: number;
		bucket: Bucket;
	}
	const open = new Map<string, OpenBucket>();
	const all: OpenBucket[] = [];
	/**
	 * Per key (a user, or an order key): the bucket that holds its latest change, and the ids of
	 * every bucket holding one of its changes (mostly one or two: a plain array costs less than a Set).
	 */
	const ofKey = new Map<string, { last: OpenBucket; buckets: number[] }>();
	const after = new Map<number, Set<number>>();

	/**
	 * Whether the change cannot join `bucket` without breaking an order: a key whose latest change
	 * went elsewhere must not have an older change in this bucket (the newer change would overtake
	 * the one in between), and requests wait only for earlier ones (waiting for a request planned
	 * after this bucket would be a cycle, or a lost order).
	 */
	const breaksOrder = (bucket: OpenBucket, ordered: string[], prerequisites: string[]): boolean => {
		for (const orderKey of ordered) {
			const seen = ofKey.get(orderKey);
			if (seen === undefined || seen.last === bucket) continue;
			if (seen.last.id > bucket.id || seen.buckets.includes(bucket.id)) return true;
		}
		for (const waitKey of prerequisites) {
			const seen = ofKey.get(waitKey);
			if (seen !== undefined && seen.last !== bucket && seen.last.id > bucket.id) return true;
		}
		return false;
	};

	for (const entry of entries) {
		const key = requestKeyOf(entry.change);
		const users = userKeysOf(entry.change);
		const ordered = entry.orderKeys?.length ? [...users, ...entry.orderKeys] : users;
		const prerequisites = prerequisiteKeysOf(entry.change);
		let current = open.get(key);
		if (current && (breaksOrder(current, ordered, prerequisites) || !current.bucket.fits(entry, users))) {
			open.delete(key);
			current = undefined;
		}
		if (!current) {
			current = { id: all.length, bucket: specOf(entry.change).open(entry.change, options) };
			open.set(key, current);
			all.push(current);
			after.set(current.id, new Set());
		}
		const waits = after.get(current.id)!;
		for (const orderKey of ordered) {
			const seen = ofKey.get(orderKey);
			if (!seen) {
				ofKey.set(orderKey, { last: current, buckets: [current.id] });
				continue;
			}
			if (seen.last !== current) waits.add(seen.last.id);
			seen.last = current;
			if (!seen.buckets.includes(current.id)) seen.buckets.push(current.id);
		}
		for (const prerequisite of prerequisites) {
			const last = ofKey.get(prerequisite)?.last;
			if (last && last !== current) waits.add(last.id);
		}
		current.bucket.add(entry, users);
	}

	return all.map(({ id, bucket }) => plannedRequest(id, bucket, [...after.get(id)!].sort((a, b) => a - b)));
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
