import type { IDataObject } from 'n8n-workflow';

import type { ChangeOf } from '../changes';
import { userKey } from '../identifiers';
import { IDS_PER_REQUEST } from '../limits';
import { ListBucket, identifierFields } from './shapes';
import { type EndpointSpec, idempotent } from './spec';

/** POST /users/merge: move one profile's data into another and delete the first (permission `users.merge`). */

type MergeChange = ChangeOf<'merge'>;

/**
 * Braze's merge page: the profile to merge is the unidentified one with the email, the profile to
 * keep the identified one. One list for both sides would pick the same profile twice and merge nothing.
 */
const MERGE_SIDE_DEFAULT = ['unidentified', 'most_recently_updated'];
const KEEP_SIDE_DEFAULT = ['identified', 'most_recently_updated'];

function mergeIdentifier(user: Record<string, unknown>, prioritization: string[]): IDataObject {
	const fields = identifierFields(user);
	return 'email' in fields || 'phone' in fields ? { ...fields, prioritization } : fields;
}

export const usersMerge: EndpointSpec<MergeChange> = {
	path: '/users/merge',
	credential: 'brazeApi',
	requestKey: () => '',
	users: (change) => [userKey(change.toMerge), userKey(change.toKeep)],
	open: () =>
		new ListBucket<MergeChange>({
			endpoint: '/users/merge',
			capacity: IDS_PER_REQUEST,
			toItem: (m) => ({
				array: 'merge_updates',
				item: {
					identifier_to_merge: mergeIdentifier(m.toMerge, m.toMergePrioritization ?? m.prioritization ?? MERGE_SIDE_DEFAULT),
					identifier_to_keep: mergeIdentifier(m.toKeep, m.toKeepPrioritization ?? m.prioritization ?? KEEP_SIDE_DEFAULT),
				},
			}),
		}),
	appliesTwice: idempotent,
};
