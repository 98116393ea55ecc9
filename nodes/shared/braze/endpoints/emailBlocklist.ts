import type { ChangeOf } from '../changes';
import { emailKey } from '../identifiers';
import { IDS_PER_REQUEST } from '../limits';
import { ListBucket } from './shapes';
import { type EndpointSpec, idempotent } from './spec';

/** POST /email/blocklist: unsubscribe and mark hard bounced (permission `email.blacklist`). */
export const emailBlocklist: EndpointSpec<ChangeOf<'emailBlocklist'>> = {
	path: '/email/blocklist',
	credential: 'brazeApi',
	requestKey: () => '',
	users: (change) => [emailKey(change.email)],
	open: () =>
		new ListBucket<ChangeOf<'emailBlocklist'>>({
			endpoint: '/email/blocklist',
			capacity: IDS_PER_REQUEST,
			toItem: (c) => ({ array: 'email', item: c.email }),
		}),
	appliesTwice: idempotent,
};
