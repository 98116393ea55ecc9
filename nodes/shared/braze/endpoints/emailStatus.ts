import type { ChangeOf } from '../changes';
import { emailKey } from '../identifiers';
import { IDS_PER_REQUEST } from '../limits';
import { ListBucket } from './shapes';
import { type EndpointSpec, idempotent } from './spec';

/** POST /email/status: an address's global email state (permission `email.status`). */
export const emailStatus: EndpointSpec<ChangeOf<'emailStatus'>> = {
	path: '/email/status',
	credential: 'brazeApi',
	// The state is request-wide.
	requestKey: (change) => change.state,
	users: (change) => [emailKey(change.email)],
	open: (change) =>
		new ListBucket<ChangeOf<'emailStatus'>>({
			endpoint: '/email/status',
			capacity: IDS_PER_REQUEST,
			toItem: (c) => ({ array: 'email', item: c.email }),
			extraBody: { subscription_state: change.state },
		}),
	appliesTwice: idempotent,
};
