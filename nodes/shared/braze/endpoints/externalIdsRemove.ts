import type { IDataObject } from 'n8n-workflow';

import type { ChangeOf } from '../changes';
import { IDS_PER_REQUEST } from '../limits';
import { ListBucket, slotNamingId } from './shapes';
import { type EndpointSpec, idempotent } from './spec';

/** POST /users/external_ids/remove: drop a deprecated external id (permission `users.external_ids.remove`). */

type RemoveChange = ChangeOf<'removeExternalId'>;

export const externalIdsRemove: EndpointSpec<RemoveChange> = {
	path: '/users/external_ids/remove',
	credential: 'brazeApi',
	requestKey: () => '',
	users: (change) => [`external_id:${change.externalId}`],
	open: () =>
		new ListBucket<RemoveChange>({
			endpoint: '/users/external_ids/remove',
			capacity: IDS_PER_REQUEST,
			toItem: (c) => ({ array: 'external_ids', item: c.externalId }),
		}),
	minorErrors: (body: IDataObject) => [...((body.errors as unknown[]) ?? []), ...((body.removal_errors as unknown[]) ?? [])],
	slotOfError: (error, request) =>
		slotNamingId(error, request.slots, (position) => [(request.entries[position].change as RemoveChange).externalId]),
	appliesTwice: idempotent,
};
