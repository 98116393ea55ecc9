import type { IDataObject } from 'n8n-workflow';

import type { ChangeOf } from '../changes';
import { COHORT_MEMBERS_PER_REQUEST } from '../limits';
import type { Bucket, PlanEntry } from '../plan';
import type { BuiltRequest, Slot } from '../request';
import { type EndpointSpec, idempotent } from './spec';

/** POST /partners/{partner}/cohorts/users: partner Cohort Import members (partner key + data import key). */

type MembershipChange = ChangeOf<'cohortMembership'>;

/** The key of a cohort's definition: its members wait for an earlier create or rename of it. */
export function cohortDefinitionKey(cohortId: string): string {
	return `cohort-definition:${cohortId}`;
}

/** One "add" and one "remove" change object, 1,000 members in all. */
class CohortBucket implements Bucket {
	entries: PlanEntry[] = [];
	private add_: IDataObject = {};
	private remove_: IDataObject = { should_remove: true };
	private slots: Slot[] = [];
	private users = new Set<string>();

	constructor(private readonly cohortId: string) {}

	hasUser(user: string): boolean {
		return this.users.has(user);
	}

	fits(_entry: PlanEntry, users: string[]): boolean {
		return this.slots.length < COHORT_MEMBERS_PER_REQUEST && users.every((user) => !this.users.has(user));
	}

	add(entry: PlanEntry, users: string[]): void {
		const change = entry.change as MembershipChange;
		const target = change.action === 'add' ? this.add_ : this.remove_;
		const member = change.member as Record<string, unknown>;
		const [array, value] =
			'external_id' in member
				? ['user_ids', member.external_id]
				: 'device_id' in member
					? ['device_ids', member.device_id]
					: ['aliases', member.user_alias];
		const list = (target[array] as unknown[] | undefined) ?? [];
		target[array] = list as IDataObject[];
		this.slots.push({ ref: entry.ref, array: `${change.action}.${array}`, index: list.length });
		list.push(value);
		for (const user of users) this.users.add(user);
		this.entries.push(entry);
	}

	build(): BuiltRequest {
		const cohortChanges = [this.add_, this.remove_].filter((c) => Object.keys(c).some((k) => k !== 'should_remove'));
		return {
			endpoint: '/partners/{partner}/cohorts/users',
			credential: 'brazeCohortApi',
			body: { cohort_id: this.cohortId, cohort_changes: cohortChanges },
			slots: this.slots,
		};
	}
}

export const partnerCohortUsers: EndpointSpec<MembershipChange> = {
	path: '/partners/{partner}/cohorts/users',
	credential: 'brazeCohortApi',
	requestKey: (change) => change.cohortId,
	users: (change) => [`cohort:${change.cohortId}:${JSON.stringify(change.member)}`],
	// Members of one cohort still share requests, after an earlier create or rename of it.
	waitsFor: (change) => [cohortDefinitionKey(change.cohortId)],
	open: (change) => new CohortBucket(change.cohortId),
	appliesTwice: idempotent,
};
