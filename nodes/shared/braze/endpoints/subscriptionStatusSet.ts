import type { IDataObject } from 'n8n-workflow';

import type { ChangeOf } from '../changes';
import { userKey } from '../identifiers';
import { IDS_PER_REQUEST, SUBSCRIPTION_ENTRIES_PER_REQUEST } from '../limits';
import type { Bucket, PlanEntry } from '../plan';
import type { BuiltRequest, Slot } from '../request';
import { type EndpointSpec, idempotent } from './spec';

/** POST /v2/subscription/status/set: subscription group states (permission `subscription.status.set`). */

type SubscriptionChange = ChangeOf<'subscription'>;
type ListName = 'external_ids' | 'emails' | 'phones';

function listName(change: SubscriptionChange): ListName {
	if (change.user.external_id !== undefined) return 'external_ids';
	return change.user.email !== undefined ? 'emails' : 'phones';
}

const VALUE_OF: Record<ListName, 'external_id' | 'email' | 'phone'> = { external_ids: 'external_id', emails: 'email', phones: 'phone' };

/** One entry per (group, state, id type), up to 50 ids each. */
class SubscriptionBucket implements Bucket {
	entries: PlanEntry[] = [];
	private groups: IDataObject[] = [];
	private entryIndex = new Map<string, number>();
	private slots: Slot[] = [];
	private users = new Set<string>();
	/** A user may be in one request once per group: different groups do not depend on each other. */
	private usersInGroup = new Set<string>();

	constructor(private readonly useDoubleOptIn: boolean) {}

	hasUser(user: string): boolean {
		return this.users.has(user);
	}

	private static userInGroup(user: string, change: SubscriptionChange): string {
		return `${change.groupId}\u0000${user}`;
	}

	private static entryKey(change: SubscriptionChange) {
		return `${change.groupId}\u0000${change.state}\u0000${listName(change)}`;
	}

	fits(entry: PlanEntry, users: string[]): boolean {
		const change = entry.change as SubscriptionChange;
		if (users.some((user) => this.usersInGroup.has(SubscriptionBucket.userInGroup(user, change)))) return false;
		// Braze's v2 page: "up to 50 users" per request, counted over every group entry.
		if (this.slots.length >= IDS_PER_REQUEST) return false;
		const index = this.entryIndex.get(SubscriptionBucket.entryKey(change));
		if (index === undefined) return this.groups.length < SUBSCRIPTION_ENTRIES_PER_REQUEST;
		const list = this.groups[index][listName(change)] as string[];
		return list.length < IDS_PER_REQUEST;
	}

	add(entry: PlanEntry, users: string[]): void {
		const change = entry.change as SubscriptionChange;
		const name = listName(change);
		const key = SubscriptionBucket.entryKey(change);
		let index = this.entryIndex.get(key);
		if (index === undefined) {
			index = this.groups.length;
			this.entryIndex.set(key, index);
			this.groups.push({ subscription_group_id: change.groupId, subscription_state: change.state, [name]: [] });
		}
		const list = this.groups[index][name] as string[];
		this.slots.push({ ref: entry.ref, array: `subscription_groups.${index}.${name}`, index: list.length });
		list.push(change.user[VALUE_OF[name]] as string);
		for (const user of users) {
			this.users.add(user);
			this.usersInGroup.add(SubscriptionBucket.userInGroup(user, change));
		}
		this.entries.push(entry);
	}

	build(): BuiltRequest {
		const body: IDataObject = { subscription_groups: this.groups };
		if (this.useDoubleOptIn) body.use_double_opt_in_logic = true;
		return { endpoint: '/v2/subscription/status/set', credential: 'brazeApi', body, slots: this.slots };
	}
}

export const subscriptionStatusSet: EndpointSpec<SubscriptionChange> = {
	path: '/v2/subscription/status/set',
	credential: 'brazeApi',
	// Braze refuses emails and phones in one request; double opt-in is a request-wide flag.
	requestKey: (change) => `${change.user.phone !== undefined ? 'phone' : 'id'}:${change.useDoubleOptIn ? 1 : 0}`,
	users: (change) => [userKey(change.user)],
	open: (change) => new SubscriptionBucket(change.useDoubleOptIn === true),
	appliesTwice: idempotent,
};
