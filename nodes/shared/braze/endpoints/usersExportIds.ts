import type { IDataObject } from 'n8n-workflow';

import type { ChangeOf } from '../changes';
import { identifierKind, userKey } from '../identifiers';
import { IDS_PER_REQUEST } from '../limits';
import { ListBucket } from './shapes';
import { type EndpointSpec, idempotent } from './spec';

/** POST /users/export/ids: profiles by identifier (permission `users.export.ids`). */

type ExportChange = ChangeOf<'export'>;

/**
 * Braze requires fields_to_export for workspaces onboarded on or after 2024-08-22 (and exports
 * faster with it): without a choice, the profile fields most flows read.
 */
export const DEFAULT_EXPORT_FIELDS = [
	'external_id',
	'braze_id',
	'user_aliases',
	'email',
	'phone',
	'first_name',
	'last_name',
	'gender',
	'dob',
	'home_city',
	'country',
	'language',
	'time_zone',
	'email_subscribe',
	'push_subscribe',
	'created_at',
	'custom_attributes',
	// The operation promises "attributes, events and purchases".
	'custom_events',
	'purchases',
];

/** external ids and aliases batch; braze_id, email and phone take a single value per request. */
const batches = (change: ExportChange) => {
	const kind = identifierKind(change.user);
	return kind === 'external_id' || kind === 'user_alias';
};

function exportedUserFor(change: ExportChange, users: IDataObject[]): IDataObject | undefined {
	const { user } = change;
	return users.find((candidate) => {
		if (user.external_id !== undefined) return candidate.external_id === user.external_id;
		if (user.braze_id !== undefined) return candidate.braze_id === user.braze_id;
		if (user.email !== undefined) return String(candidate.email ?? '').toLowerCase() === user.email.toLowerCase();
		if (user.phone !== undefined) return candidate.phone === user.phone;
		const aliases = (candidate.user_aliases as IDataObject[] | undefined) ?? [];
		return aliases.some((a) => a.alias_name === user.user_alias!.alias_name && a.alias_label === user.user_alias!.alias_label);
	});
}

export const usersExportIds: EndpointSpec<ExportChange> = {
	path: '/users/export/ids',
	credential: 'brazeApi',
	// fields_to_export is request-wide.
	requestKey: (change) => `${batches(change) ? 'ids' : identifierKind(change.user)}:${JSON.stringify(change.fields ?? null)}`,
	users: (change) => [userKey(change.user)],
	open: (change) => {
		const extraBody: IDataObject = { fields_to_export: change.fields ?? DEFAULT_EXPORT_FIELDS };
		if (batches(change)) {
			return new ListBucket<ExportChange>({
				endpoint: '/users/export/ids',
				capacity: IDS_PER_REQUEST,
				toItem: ({ user }) =>
					user.external_id !== undefined
						? { array: 'external_ids', item: user.external_id }
						: { array: 'user_aliases', item: user.user_alias as IDataObject },
				extraBody,
			});
		}
		const kind = identifierKind(change.user);
		const field = kind === 'braze_id' ? 'braze_id' : kind === 'email' ? 'email_address' : 'phone';
		return new ListBucket<ExportChange>({
			endpoint: '/users/export/ids',
			capacity: 1,
			toItem: (c) => ({ array: field, item: String(c.user[kind]) }),
			extraBody,
			shape: 'single',
		});
	},
	dataOf: (change, body) => {
		const user = exportedUserFor(change, (body.users as IDataObject[] | undefined) ?? []);
		// Not found says whom: the identifier asked for.
		return user ? { found: true, user } : { found: false, identifier: change.user as IDataObject };
	},
	appliesTwice: idempotent,
};
