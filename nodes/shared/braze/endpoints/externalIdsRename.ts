import type { IDataObject } from 'n8n-workflow';

import type { ChangeOf } from '../changes';
import { IDS_PER_REQUEST } from '../limits';
import { ListBucket, slotNamingId } from './shapes';
import { type EndpointSpec, idempotent } from './spec';

/** POST /users/external_ids/rename: a new external id, the old one kept as deprecated (permission `users.external_ids.rename`). */

type RenameChange = ChangeOf<'renameExternalId'>;

export const externalIdsRename: EndpointSpec<RenameChange> = {
	path: '/users/external_ids/rename',
	credential: 'brazeApi',
	requestKey: () => '',
	users: (change) => [`external_id:${change.currentExternalId}`, `external_id:${change.newExternalId}`],
	open: () =>
		new ListBucket<RenameChange>({
			endpoint: '/users/external_ids/rename',
			capacity: IDS_PER_REQUEST,
			toItem: (r) => ({
				array: 'external_id_renames',
				item: { current_external_id: r.currentExternalId, new_external_id: r.newExternalId },
			}),
		}),
	minorErrors: (body: IDataObject) => [...((body.errors as unknown[]) ?? []), ...((body.rename_errors as unknown[]) ?? [])],
	slotOfError: (error, request) =>
		slotNamingId(error, request.slots, (position) => {
			const change = request.entries[position].change as RenameChange;
			return [change.currentExternalId, change.newExternalId];
		}),
	appliesTwice: idempotent,
};
