import type { BrazeChange, BrazeChangeType, ChangeOf } from '../changes';
import type { CredentialKind } from '../request';
import { aliasNew } from './aliasNew';
import { aliasUpdate } from './aliasUpdate';
import { catalogItemsCreate, catalogItemsDelete, catalogItemsReplace, catalogItemsUpdate } from './catalogItems';
import { emailBlocklist } from './emailBlocklist';
import { emailStatus } from './emailStatus';
import { externalIdsRemove } from './externalIdsRemove';
import { externalIdsRename } from './externalIdsRename';
import { identify } from './identify';
import { emailBounceRemove, emailSpamRemove, smsInvalidRemove } from './listRemovals';
import { messagesSend } from './messagesSend';
import { partnerCohorts } from './partnerCohorts';
import { partnerCohortUsers } from './partnerCohortUsers';
import {
	campaignsScheduleCreate,
	campaignsScheduleDelete,
	campaignsScheduleUpdate,
	canvasScheduleCreate,
	canvasScheduleDelete,
	canvasScheduleUpdate,
	messagesScheduleCreate,
	messagesScheduleDelete,
	messagesScheduleUpdate,
} from './schedules';
import type { EndpointSpec } from './spec';
import { subscriptionStatusSet } from './subscriptionStatusSet';
import { track } from './track';
import { transactionalSend } from './transactionalSend';
import { campaignTriggerSend, canvasTriggerSend } from './triggerSend';
import { usersDelete } from './usersDelete';
import { usersExportIds } from './usersExportIds';
import { usersMerge } from './usersMerge';

export type { EndpointSpec } from './spec';

/** The endpoint of every change type. A change type without one is a compile error here. */
const SPECS: { [K in BrazeChangeType]: EndpointSpec<ChangeOf<K>> } = {
	attributes: track,
	event: track,
	purchase: track,
	subscription: subscriptionStatusSet,
	emailStatus,
	emailBlocklist,
	aliasCreate: aliasNew,
	aliasUpdate,
	identify,
	delete: usersDelete,
	export: usersExportIds,
	merge: usersMerge,
	renameExternalId: externalIdsRename,
	removeExternalId: externalIdsRemove,
	cohortMembership: partnerCohortUsers,
	cohortUpsert: partnerCohorts,
	campaignSend: campaignTriggerSend,
	canvasSend: canvasTriggerSend,
	transactionalSend,
	catalogItemCreate: catalogItemsCreate,
	catalogItemUpdate: catalogItemsUpdate,
	catalogItemReplace: catalogItemsReplace,
	catalogItemDelete: catalogItemsDelete,
	messageSend: messagesSend,
	messageScheduleCreate: messagesScheduleCreate,
	messageScheduleUpdate: messagesScheduleUpdate,
	messageScheduleDelete: messagesScheduleDelete,
	campaignScheduleCreate: campaignsScheduleCreate,
	campaignScheduleUpdate: campaignsScheduleUpdate,
	campaignScheduleDelete: campaignsScheduleDelete,
	canvasScheduleCreate,
	canvasScheduleUpdate,
	canvasScheduleDelete,
	emailBounceRemove,
	emailSpamRemove,
	smsInvalidRemove,
};

export function specOf<C extends BrazeChange>(change: C): EndpointSpec<C> {
	return SPECS[change.type] as unknown as EndpointSpec<C>;
}

/** Which credential the change's request is signed with. */
export function credentialOf(change: BrazeChange): CredentialKind {
	return specOf(change).credential;
}

/** Per spec, its request keys as the planner reads them (path + key): built once per key, not once per change. */
const REQUEST_KEYS = new WeakMap<object, Map<string, string>>();

/** Changes with the same key may share a request. */
export function requestKeyOf(change: BrazeChange): string {
	const spec = specOf(change);
	const key = spec.requestKey(change);
	let keys = REQUEST_KEYS.get(spec);
	if (!keys) REQUEST_KEYS.set(spec, (keys = new Map()));
	let full = keys.get(key);
	if (full === undefined) {
		full = `${spec.path}\u0000${key}`;
		// Request-wide fields (a campaign, a catalog) are few; a key per change (rare) is not kept.
		if (keys.size < 100) keys.set(key, full);
	}
	return full;
}

const NO_KEYS: string[] = [];

/**
 * The users a change touches, as stable keys. The planner keeps the changes of one key in input
 * order: never two in one request where Braze could reorder them, and requests ordered by dependency.
 */
export function userKeysOf(change: BrazeChange): string[] {
	return specOf(change).users(change);
}

/** Keys a change waits for without holding them. */
export function prerequisiteKeysOf(change: BrazeChange): string[] {
	return specOf(change).waitsFor?.(change) ?? NO_KEYS;
}

/** Whether sending the change twice differs from sending it once. */
export function appliesTwice(change: BrazeChange): boolean {
	return specOf(change).appliesTwice(change);
}
