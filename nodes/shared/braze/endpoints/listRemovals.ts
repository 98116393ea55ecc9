import type { ChangeOf } from '../changes';
import { emailKey, phoneKey } from '../identifiers';
import { EMAIL_REMOVALS_PER_REQUEST, PHONE_REMOVALS_PER_REQUEST } from '../limits';
import { ListBucket } from './shapes';
import { type EndpointSpec, idempotent } from './spec';

/**
 * Taking addresses and numbers off Braze's suppression lists: POST /email/bounce/remove
 * (`email.bounce.remove`), /email/spam/remove (`email.spam.remove`), each up to 50 addresses in
 * `email`; POST /sms/invalid_phone_numbers/remove (`sms.invalid_phone_numbers.remove`), up to 50
 * E.164 numbers in `phone_numbers`. Removing twice is removing once.
 */

type EmailRemoval = ChangeOf<'emailBounceRemove' | 'emailSpamRemove'>;

function emailRemoval<C extends EmailRemoval>(path: '/email/bounce/remove' | '/email/spam/remove'): EndpointSpec<C> {
	return {
		path,
		credential: 'brazeApi',
		requestKey: () => '',
		users: (change) => [emailKey(change.email)],
		open: () => new ListBucket<C>({ endpoint: path, capacity: EMAIL_REMOVALS_PER_REQUEST, toItem: (c) => ({ array: 'email', item: c.email }) }),
		appliesTwice: idempotent,
	};
}

export const emailBounceRemove = emailRemoval<ChangeOf<'emailBounceRemove'>>('/email/bounce/remove');
export const emailSpamRemove = emailRemoval<ChangeOf<'emailSpamRemove'>>('/email/spam/remove');

export const smsInvalidRemove: EndpointSpec<ChangeOf<'smsInvalidRemove'>> = {
	path: '/sms/invalid_phone_numbers/remove',
	credential: 'brazeApi',
	requestKey: () => '',
	users: (change) => [phoneKey(change.phone)],
	open: () =>
		new ListBucket<ChangeOf<'smsInvalidRemove'>>({
			endpoint: '/sms/invalid_phone_numbers/remove',
			capacity: PHONE_REMOVALS_PER_REQUEST,
			toItem: (c) => ({ array: 'phone_numbers', item: c.phone }),
		}),
	appliesTwice: idempotent,
};
