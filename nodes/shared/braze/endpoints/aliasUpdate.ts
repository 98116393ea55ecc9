import type { ChangeOf } from '../changes';
import { aliasKey } from '../identifiers';
import { IDS_PER_REQUEST } from '../limits';
import { ListBucket } from './shapes';
import { type EndpointSpec, idempotent } from './spec';

/** POST /users/alias/update: rename an alias within its label (permission `users.alias.update`). */
export const aliasUpdate: EndpointSpec<ChangeOf<'aliasUpdate'>> = {
	path: '/users/alias/update',
	credential: 'brazeApi',
	requestKey: () => '',
	users: (change) => [
		aliasKey({ alias_label: change.aliasLabel, alias_name: change.oldAliasName }),
		aliasKey({ alias_label: change.aliasLabel, alias_name: change.newAliasName }),
	],
	open: () =>
		new ListBucket<ChangeOf<'aliasUpdate'>>({
			endpoint: '/users/alias/update',
			capacity: IDS_PER_REQUEST,
			toItem: (u) => ({
				array: 'alias_updates',
				item: { alias_label: u.aliasLabel, old_alias_name: u.oldAliasName, new_alias_name: u.newAliasName },
			}),
		}),
	appliesTwice: idempotent,
};
