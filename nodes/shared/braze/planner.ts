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
	/** The bucket that holds each user's latest change. */
	const lastBucketOfUser = new Map<string, OpenBucket>();
	/** Every bucket holding a change of each key. */
	const bucketsOfKey = new Map<string, Set<number>>();
	const after = new Map<number, Set<number>>();

	for (const entry of entries) {
		const key = requestKeyOf(entry.change);
		const users = userKeysOf(entry.change);
		const ordered = entry.orderKeys?.length ? [...users, ...entry.orderKeys] : users;
		let current = open.get(key);
		// A key whose latest change went elsewhere must not have an older change in this bucket:
		// adding here would let the newer change overtake the one in between.
		const interleaved =
			current !== undefined &&
			ordered.some((orderKey) => {
				const last = lastBucketOfUser.get(orderKey);
				return last !== undefined && last !== current && bucketsOfKey.get(orderKey)!.has(current!.id);
			});
		// Requests run after the ones they wait for, and only earlier ones: a change that waits for a
		// request planned after this bucket cannot join it (that would be a cycle, or a lost order).
		const prerequisites = prerequisiteKeysOf(entry.change);
		const waitsForLater =
			current !== undefined &&
			[...ordered, ...prerequisites].some((waitKey) => {
				const last = lastBucketOfUser.get(waitKey);
				return last !== undefined && last !== current && last.id > current!.id;
			});
		if (current && (interleaved || waitsForLater || !current.bucket.fits(entry, users))) {
			open.delete(key);
			current = undefined;
		}
		if (!current) {
			current = { id: all.length, bucket: specOf(entry.change).open(entry.change, options) };
			open.set(key, current);
			all.push(current);
			after.set(current.id, new Set());
		}
		for (const orderKey of ordered) {
			const last = lastBucketOfUser.get(orderKey);
			if (last && last !== current) after.get(current.id)!.add(last.id);
			lastBucketOfUser.set(orderKey, current);
			let buckets = bucketsOfKey.get(orderKey);
			if (!buckets) bucketsOfKey.set(orderKey, (buckets = new Set()));
			buckets.add(current.id);
		}
		for (const prerequisite of prerequisites) {
			const last = lastBucketOfUser.get(prerequisite);
			if (last && last !== current) after.get(current.id)!.add(last.id);
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
