import { aliasNew, aliasUpdate } from './endpoints/aliases';
import { catalogItem, catalogItemsCreate, catalogItemsDelete, catalogItemsList, catalogItemsReplace, catalogItemsUpdate, catalogsList } from './endpoints/catalogs';
import { cohortUpsert, cohortUsers } from './endpoints/cohorts';
import { usersDelete } from './endpoints/delete';
import { campaignDetails, canvasDetails } from './endpoints/details';
import { emailHardBounces, emailUnsubscribes } from './endpoints/email-lists';
import { emailBlocklist, emailStatus } from './endpoints/email-state';
import { usersExportIds } from './endpoints/export-ids';
import { usersExportSegment } from './endpoints/export-segment';
import { externalIdsRemove, externalIdsRename } from './endpoints/external-ids';
import { usersIdentify } from './endpoints/identify';
import { campaignsList, canvasList, segmentsList } from './endpoints/lists';
import { emailBounceRemove, emailSpamRemove, smsInvalidRemove } from './endpoints/list-removals';
import { usersMerge } from './endpoints/merge';
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
	messagesSend,
} from './endpoints/messages';
import { smsInvalidPhoneNumbers } from './endpoints/sms';
import { subscriptionStatusGet, subscriptionUserStatus } from './endpoints/subscription-get';
import { subscriptionSetV1, subscriptionSetV2 } from './endpoints/subscription-set';
import { usersTrack } from './endpoints/track';
import { transactionalSend } from './endpoints/transactional';
import { campaignTriggerSend, canvasTriggerSend, isBroadcast } from './endpoints/trigger-send';
import type { Handler } from './http/context';
import type { BucketName } from './options';

// Every Braze endpoint the sandbox serves: permission (braze-api.md §1.3) and rate-limit bucket.

export interface Route {
	method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
	path: string;
	auth: 'bearer' | 'partner';
	permission?: string;
	bucket: BucketName | ((body: unknown) => BucketName);
	handler: Handler;
}

const post = (path: string, permission: string, bucket: Route['bucket'], handler: Handler): Route => ({ method: 'POST', path, auth: 'bearer', permission, bucket, handler });
const get = (path: string, permission: string, handler: Handler): Route => ({ method: 'GET', path, auth: 'bearer', permission, bucket: 'default', handler });
const bearer = (method: Route['method'], path: string, permission: string, bucket: Route['bucket'], handler: Handler): Route => ({ method, path, auth: 'bearer', permission, bucket, handler });
const sendBucket = (body: unknown): BucketName => (isBroadcast(body) ? 'messaging.broadcast' : 'default');

export const ROUTES: Route[] = [
	post('/users/track', 'users.track', 'users.track', usersTrack),
	post('/users/identify', 'users.identify', 'users.shared', usersIdentify),
	post('/users/alias/new', 'users.alias.new', 'users.shared', aliasNew),
	post('/users/alias/update', 'users.alias.update', 'users.shared', aliasUpdate),
	post('/users/delete', 'users.delete', 'users.shared', usersDelete),
	post('/users/merge', 'users.merge', 'users.shared', usersMerge),
	post('/users/export/ids', 'users.export.ids', 'users.export.ids', usersExportIds),
	post('/users/external_ids/rename', 'users.external_ids.rename', 'users.external_ids.rename', externalIdsRename),
	post('/users/external_ids/remove', 'users.external_ids.remove', 'users.external_ids.remove', externalIdsRemove),
	post('/subscription/status/set', 'subscription.status.set', 'subscription.set', subscriptionSetV1),
	post('/v2/subscription/status/set', 'subscription.status.set', 'subscription.set', subscriptionSetV2),
	get('/subscription/status/get', 'subscription.status.get', subscriptionStatusGet),
	get('/subscription/user/status', 'subscription.groups.get', subscriptionUserStatus),
	post('/email/status', 'email.status', 'default', emailStatus),
	post('/email/blocklist', 'email.blacklist', 'default', emailBlocklist),
	post('/email/blacklist', 'email.blacklist', 'default', emailBlocklist),
	get('/email/unsubscribes', 'email.unsubscribe', emailUnsubscribes),
	get('/email/hard_bounces', 'email.hard_bounces', emailHardBounces),
	// The doc names no permission for this hidden endpoint; this name is the sandbox's choice.
	get('/sms/invalid_phone_numbers', 'sms.invalid_phone_numbers', smsInvalidPhoneNumbers),
	post('/campaigns/trigger/send', 'campaigns.trigger.send', sendBucket, campaignTriggerSend),
	post('/canvas/trigger/send', 'canvas.trigger.send', sendBucket, canvasTriggerSend),
	post('/transactional/v1/campaigns/:id/send', 'transactional.send', 'transactional', transactionalSend),
	get('/campaigns/list', 'campaigns.list', campaignsList),
	get('/canvas/list', 'canvas.list', canvasList),
	get('/segments/list', 'segments.list', segmentsList),
	// Issue 14: catalogs (permissions and shared rate limits from braze-docs `_docs/_api/endpoints/catalogs/`).
	bearer('GET', '/catalogs', 'catalogs.get', 'catalogs.sync', catalogsList),
	bearer('POST', '/catalogs/:name/items', 'catalogs.add_items', 'catalog.items.async', catalogItemsCreate),
	bearer('PATCH', '/catalogs/:name/items', 'catalogs.update_items', 'catalog.items.async', catalogItemsUpdate),
	bearer('PUT', '/catalogs/:name/items', 'catalogs.replace_items', 'catalog.items.async', catalogItemsReplace),
	bearer('DELETE', '/catalogs/:name/items', 'catalogs.delete_items', 'catalog.items.async', catalogItemsDelete),
	bearer('GET', '/catalogs/:name/items', 'catalogs.get_items', 'catalog.items.sync', catalogItemsList),
	bearer('GET', '/catalogs/:name/items/:id', 'catalogs.get_item', 'catalog.items.sync', catalogItem),
	// Messages sent and scheduled through the API, campaign and Canvas details.
	post('/messages/send', 'messages.send', sendBucket, messagesSend),
	post('/messages/schedule/create', 'messages.schedule.create', sendBucket, messagesScheduleCreate),
	post('/messages/schedule/update', 'messages.schedule.update', 'default', messagesScheduleUpdate),
	post('/messages/schedule/delete', 'messages.schedule.delete', 'default', messagesScheduleDelete),
	post('/campaigns/trigger/schedule/create', 'campaigns.trigger.schedule.create', sendBucket, campaignsScheduleCreate),
	post('/campaigns/trigger/schedule/update', 'campaigns.trigger.schedule.update', 'default', campaignsScheduleUpdate),
	post('/campaigns/trigger/schedule/delete', 'campaigns.trigger.schedule.delete', 'default', campaignsScheduleDelete),
	post('/canvas/trigger/schedule/create', 'canvas.trigger.schedule.create', sendBucket, canvasScheduleCreate),
	post('/canvas/trigger/schedule/update', 'canvas.trigger.schedule.update', 'default', canvasScheduleUpdate),
	post('/canvas/trigger/schedule/delete', 'canvas.trigger.schedule.delete', 'default', canvasScheduleDelete),
	get('/campaigns/details', 'campaigns.details', campaignDetails),
	get('/canvas/details', 'canvas.details', canvasDetails),
	// Suppression lists and the segment export.
	post('/email/bounce/remove', 'email.bounce.remove', 'default', emailBounceRemove),
	post('/email/spam/remove', 'email.spam.remove', 'default', emailSpamRemove),
	post('/sms/invalid_phone_numbers/remove', 'sms.invalid_phone_numbers.remove', 'default', smsInvalidRemove),
	post('/users/export/segment', 'users.export.segment', 'default', usersExportSegment),
	{ method: 'POST', path: '/partners/:partner/cohorts', auth: 'partner', bucket: 'partner', handler: cohortUpsert },
	{ method: 'POST', path: '/partners/:partner/cohorts/users', auth: 'partner', bucket: 'partner', handler: cohortUsers },
];
