import type { IDataObject } from 'n8n-workflow';

import type { ChangeOf } from '../changes';
import { identifierKind, userKey } from '../identifiers';
import { IDS_PER_REQUEST } from '../limits';
import { DEFAULT_PRIORITIZATION, ListBucket } from './shapes';
import { type EndpointSpec, idempotent } from './spec';

/** POST /users/delete: delete profiles permanently (permission `users.delete`). */

type DeleteChange = ChangeOf<'delete'>;

function deleteItem(change: DeleteChange): { array: string; item: IDataObject | string } {
	const { user } = change;
	const prioritization = change.prioritization ?? DEFAULT_PRIORITIZATION;
	if (user.external_id !== undefined) return { array: 'external_ids', item: user.external_id };
	if (user.braze_id !== undefined) return { array: 'braze_ids', item: user.braze_id };
	if (user.user_alias !== undefined) return { array: 'user_aliases', item: user.user_alias };
	if (user.email !== undefined) return { array: 'email_addresses', item: { email: user.email, prioritization } };
	return { array: 'phone_numbers', item: { phone: user.phone, prioritization } };
}

export const usersDelete: EndpointSpec<DeleteChange> = {
	path: '/users/delete',
	credential: 'brazeApi',
	requestKey: (change) => identifierKind(change.user),
	users: (change) => [userKey(change.user)],
	open: () => new ListBucket<DeleteChange>({ endpoint: '/users/delete', capacity: IDS_PER_REQUEST, toItem: deleteItem }),
	appliesTwice: idempotent,
};
