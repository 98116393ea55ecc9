import type { ChangeOf } from '../changes';
import { aliasKey } from '../identifiers';
import { IDS_PER_REQUEST } from '../limits';
import { ListBucket } from './shapes';
import { type EndpointSpec, idempotent } from './spec';

/** POST /users/alias/new: add an alias to a user, or create an alias-only user (permission `users.alias.new`). */
export const aliasNew: EndpointSpec<ChangeOf<'aliasCreate'>> = {
	path: '/users/alias/new',
	credential: 'brazeApi',
	requestKey: () => '',
	users: (change) => [aliasKey(change.alias), ...(change.externalId ? [`external_id:${change.externalId}`] : [])],
	open: () =>
		new ListBucket<ChangeOf<'aliasCreate'>>({
			endpoint: '/users/alias/new',
			capacity: IDS_PER_REQUEST,
			toItem: ({ alias, externalId }) => ({ array: 'user_aliases', item: { ...(externalId ? { external_id: externalId } : {}), ...alias } }),
		}),
	appliesTwice: idempotent,
};
