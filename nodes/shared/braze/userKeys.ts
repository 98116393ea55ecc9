import type { BrazeChange } from './changes';
import { aliasKey, emailKey, phoneKey, userKey } from './identifiers';

/**
 * The users a change touches, as stable keys. The planner keeps the changes of one key in input
 * order: never two in one request where Braze could reorder them, and requests ordered by dependency.
 */
export function userKeysOf(change: BrazeChange): string[] {
	switch (change.type) {
		case 'attributes':
		case 'event':
		case 'purchase':
		case 'subscription':
		case 'delete':
		case 'export':
			return [userKey(change.user)];
		case 'emailStatus':
		case 'emailBlocklist':
			return [emailKey(change.email)];
		case 'aliasCreate':
			return [aliasKey(change.alias), ...(change.externalId ? [`external_id:${change.externalId}`] : [])];
		case 'aliasUpdate':
			return [
				aliasKey({ alias_label: change.aliasLabel, alias_name: change.oldAliasName }),
				aliasKey({ alias_label: change.aliasLabel, alias_name: change.newAliasName }),
			];
		case 'identify': {
			const other = change.alias
				? aliasKey(change.alias)
				: change.email
					? emailKey(change.email)
					: phoneKey(change.phone ?? '');
			return [`external_id:${change.externalId}`, other];
		}
		case 'merge':
			return [userKey(change.toMerge), userKey(change.toKeep)];
		case 'renameExternalId':
			return [`external_id:${change.currentExternalId}`, `external_id:${change.newExternalId}`];
		case 'removeExternalId':
			return [`external_id:${change.externalId}`];
		case 'cohortMembership':
			return [`cohort:${change.cohortId}:${JSON.stringify(change.member)}`];
		case 'cohortUpsert':
			return [cohortDefinitionKey(change.cohortId)];
		case 'campaignSend':
		case 'canvasSend':
		case 'transactionalSend':
			return [userKey(change.recipient)];
	}
}

function cohortDefinitionKey(cohortId: string): string {
	return `cohort-definition:${cohortId}`;
}

/**
 * Keys a change waits for without holding them: a cohort's membership changes go after an earlier
 * create-or-rename of that cohort in the same batch, yet members of one cohort still share requests.
 */
export function prerequisiteKeysOf(change: BrazeChange): string[] {
	return change.type === 'cohortMembership' ? [cohortDefinitionKey(change.cohortId)] : [];
}
