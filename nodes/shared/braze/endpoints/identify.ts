import type { ChangeOf } from '../changes';
import { aliasKey, emailKey, phoneKey } from '../identifiers';
import { IDS_PER_REQUEST } from '../limits';
import { DEFAULT_PRIORITIZATION, ListBucket } from './shapes';
import { type EndpointSpec, idempotent } from './spec';

/** POST /users/identify: merge an alias, email or phone profile into an identified user (permission `users.identify`). */

type IdentifyChange = ChangeOf<'identify'>;

function identifyItem(change: IdentifyChange) {
	const prioritization = change.prioritization ?? DEFAULT_PRIORITIZATION;
	if (change.alias) return { array: 'aliases_to_identify', item: { external_id: change.externalId, user_alias: change.alias } };
	if (change.email) return { array: 'emails_to_identify', item: { external_id: change.externalId, email: change.email, prioritization } };
	return { array: 'phone_numbers_to_identify', item: { external_id: change.externalId, phone: change.phone ?? '', prioritization } };
}

export const identify: EndpointSpec<IdentifyChange> = {
	path: '/users/identify',
	credential: 'brazeApi',
	// merge_behavior is request-wide.
	requestKey: (change) => change.mergeBehavior ?? '',
	users: (change) => [
		`external_id:${change.externalId}`,
		change.alias ? aliasKey(change.alias) : change.email ? emailKey(change.email) : phoneKey(change.phone ?? ''),
	],
	open: (change) =>
		new ListBucket<IdentifyChange>({
			endpoint: '/users/identify',
			capacity: IDS_PER_REQUEST,
			toItem: identifyItem,
			...(change.mergeBehavior ? { extraBody: { merge_behavior: change.mergeBehavior } } : {}),
		}),
	appliesTwice: idempotent,
};
