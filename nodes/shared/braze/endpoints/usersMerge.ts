import type { IDataObject } from 'n8n-workflow';

import type { ChangeOf } from '../changes';
import { userKey } from '../identifiers';
import { IDS_PER_REQUEST } from '../limits';
import { ListBucket, identifierFields } from './shapes';
import { type EndpointSpec, idempotent } from './spec';

/** POST /users/merge: move one profile's data into another and delete the first (permission `users.merge`). */

type MergeChange = ChangeOf<'merge'>;

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
			toItem: (m) => {
				const prioritization = m.prioritization ?? ['identified', 'most_recently_updated'];
				return {
					array: 'merge_updates',
					item: {
						identifier_to_merge: mergeIdentifier(m.toMerge, prioritization),
						identifier_to_keep: mergeIdentifier(m.toKeep, prioritization),
					},
				};
			},
		}),
	appliesTwice: idempotent,
};
