/**
 * One fixed input per Braze node operation (2-3 items for writing operations, so the batching
 * shows). requests.test.ts runs each against the sandbox and pins the requests Braze receives.
 * Everything is fixed: ids, times, and the clock itself (NOW, see requests.test.ts).
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { FIXTURE_IDS, type Sandbox } from '../../sandbox/server';
import { credentialsFor, seed } from '../contract/braze.harness';

/** The node's clock during every example: Hard Bounces by email and Map Automatically events read it. */
export const NOW = '2026-11-25T12:00:00.000Z';

export interface Example {
	/** What the input is, in a few words: shown above the requests in docs/operations.md. */
	title: string;
	items: IDataObject[];
	parameters: (itemIndex: number) => Record<string, unknown>;
	/** Sandbox state the example needs; requests made here are not part of the snapshot. */
	setup?: (sb: Sandbox) => Promise<void>;
	/** Only the Cohort Import credential (the Cohort resource needs no REST key). */
	cohortOnly?: boolean;
}

export interface OperationCase {
	resource: string;
	operation: string;
	examples: Example[];
}

const byId = (value: string) => ({ __rl: true, mode: 'id', value });
const { welcome, receipt } = FIXTURE_IDS.campaigns;
const { onboarding } = FIXTURE_IDS.canvases;

/** The same parameters for every item, plus per-item values taken from the item's row. */
function perItem<T extends IDataObject>(rows: T[], common: Record<string, unknown>, own: (row: T) => Record<string, unknown>) {
	return (i: number) => ({ ...common, ...own(rows[i]) });
}

const users = (...ids: string[]) => async (sb: Sandbox) => {
	await seed(sb, '/users/track', { attributes: ids.map((external_id) => ({ external_id })) });
};

const trackRows = [
	{ id: 'user-123', first_name: 'Ann' },
	{ id: 'user-456', first_name: 'Bo' },
	{ id: 'user-789', first_name: 'Cy' },
];
const aliasRows = [
	{ name: 'ann@example.com', label: 'email', externalId: 'user-123' },
	{ name: 'bo@example.com', label: 'email', externalId: 'user-456' },
	{ name: 'anon-42', label: 'anon', externalId: '' },
];
const aliasUpdateRows = [
	{ from: 'c-1', to: 'c-100' },
	{ from: 'c-2', to: 'c-200' },
];
const identifyRows = [
	{ externalId: 'user-123', by: 'user_alias', aliasName: 'anon-42', aliasLabel: 'anon' },
	{ externalId: 'user-456', by: 'user_alias', aliasName: 'anon-43', aliasLabel: 'anon' },
	{ externalId: 'user-789', by: 'email', email: 'cy@example.com' },
];
const mergeRows = [
	{ merge: 'anon-42', keep: 'user-123' },
	{ merge: 'anon-43', keep: 'user-456' },
];
const renameRows = [
	{ from: 'user-123', to: 'user-123-v2' },
	{ from: 'user-456', to: 'user-456-v2' },
];
const deleteRows = [
	{ by: 'external_id', externalId: 'user-123' },
	{ by: 'external_id', externalId: 'user-456' },
	{ by: 'user_alias', aliasName: 'anon-42', aliasLabel: 'anon' },
];
const exportRows = [
	{ by: 'external_id', externalId: 'user-123' },
	{ by: 'external_id', externalId: 'user-456' },
	{ by: 'email', email: 'cy@example.com' },
];
const setStatusRows = [
	{ by: 'external_id', id: 'user-123', groups: 'sg-news, sg-offers' },
	{ by: 'external_id', id: 'user-456', groups: 'sg-news' },
	{ by: 'email', id: 'cy@example.com', groups: 'sg-news' },
];
const getStatusRows = [
	{ by: 'external_id', id: 'user-123' },
	{ by: 'external_id', id: 'user-456' },
	{ by: 'email', id: 'cy@example.com' },
];
const globalStatusRows = [
	{ email: 'ann@example.com', state: 'opted_in' },
	{ email: 'bo@example.com', state: 'opted_in' },
	{ email: 'cy@example.com', state: 'unsubscribed' },
];
const recipientRows = [
	{ id: 'user-123', coupon: 'SPRING-1' },
	{ id: 'user-456', coupon: 'SPRING-2' },
	{ id: 'user-789', coupon: 'SPRING-3' },
];

// ---- Issue 14: catalogs, sends and schedules, suppression lists, segment export ----

const restaurants = { __rl: true, mode: 'name', value: 'restaurants' };
const catalogRows = [
	{ id: 'restaurant-1', Name: 'Le Bouchon', City: 'Lyon', Rating: 5 },
	{ id: 'restaurant-2', Name: 'Chez Ann', City: 'Paris', Rating: 4 },
	{ id: 'restaurant-3', Name: 'Bo\'s Diner', City: 'Nice', Rating: 3 },
];
const catalogSetup = (items: IDataObject[] = []) => async (sb: Sandbox) => {
	sb.state.catalogs.create(
		'restaurants',
		[
			{ name: 'Name', type: 'string' },
			{ name: 'City', type: 'string' },
			{ name: 'Rating', type: 'number' },
			{ name: 'Top_Dishes', type: 'array' },
		],
		'Restaurants',
		items,
	);
};
const catalogWrite = (operation: string, extra: Record<string, unknown> = {}) =>
	perItem(catalogRows, { resource: 'catalog', operation, catalogName: restaurants, fieldsFrom: 'input', ...extra }, (row) => ({ itemId: row.id }));
const EMAIL_MESSAGE = { email: { app_id: 'app-1', subject: 'Your table is ready', body: '<p>See you soon</p>' } };
const SEND_AT = '2026-12-01T09:00:00Z';
/** A schedule the update and delete examples move or cancel. */
const scheduled = (kind: 'messages' | 'campaign' | 'canvas') => async (sb: Sandbox) => {
	const path = kind === 'messages' ? '/messages/schedule/create' : `/${kind === 'campaign' ? 'campaigns' : 'canvas'}/trigger/schedule/create`;
	const owner = kind === 'messages' ? { messages: EMAIL_MESSAGE, external_user_ids: ['user-123'] } : kind === 'campaign' ? { campaign_id: welcome, recipients: [{ external_user_id: 'user-123' }] } : { canvas_id: onboarding, recipients: [{ external_user_id: 'user-123' }] };
	const { schedule_id: id } = (await seed(sb, path, { ...owner, schedule: { time: SEND_AT } })) as { schedule_id: string };
	// Fixed ids keep the snapshots stable: re-key the schedule the sandbox created.
	const record = sb.state.messaging.schedules.get(id)!;
	sb.state.messaging.schedules.delete(id);
	sb.state.messaging.schedules.set(`${kind}-schedule-1`, { ...record, schedule_id: `${kind}-schedule-1` });
};
const scheduleCases = (resource: 'message' | 'campaign' | 'canvas'): OperationCase[] => {
	const kind = resource === 'message' ? 'messages' : resource;
	const owner = resource === 'campaign' ? { campaignId: byId(welcome) } : resource === 'canvas' ? { canvasId: byId(onboarding) } : {};
	return [
		{
			resource,
			operation: 'createSchedule',
			examples: [
				{
					title: '1 item: two listed users, in their local time',
					items: [{}],
					parameters: () => ({
						resource,
						operation: 'createSchedule',
						...owner,
						audience: 'users',
						externalUserIds: 'user-123, user-456',
						sendAt: SEND_AT,
						timing: 'local',
						...(resource === 'message' ? { messages: EMAIL_MESSAGE } : {}),
						scheduleOptions: resource === 'campaign' ? { triggerProperties: '{"coupon": "SPRING"}' } : resource === 'canvas' ? { entryProperties: '{"plan": "pro"}' } : { sendId: 'table-ready' },
					}),
				},
			],
		},
		{
			resource,
			operation: 'updateSchedule',
			examples: [
				{
					title: '1 item: the schedule moves to another time',
					items: [{}],
					parameters: () => ({ resource, operation: 'updateSchedule', ...owner, scheduleId: `${kind}-schedule-1`, sendAt: '2026-12-02T09:00:00Z', timing: 'exact', messages: '{}' }),
					setup: scheduled(kind),
				},
			],
		},
		{
			resource,
			operation: 'deleteSchedule',
			examples: [
				{
					title: '1 item',
					items: [{}],
					parameters: () => ({ resource, operation: 'deleteSchedule', ...owner, scheduleId: `${kind}-schedule-1` }),
					setup: scheduled(kind),
				},
			],
		},
	];
};
const detailCases = (resource: 'campaign' | 'canvas'): OperationCase[] => [
	{
		resource,
		operation: 'get',
		examples: [
			{
				title: '1 item, by ID',
				items: [{}],
				parameters: () => ({ resource, operation: 'get', ...(resource === 'campaign' ? { campaignId: byId(welcome) } : { canvasId: byId(onboarding) }) }),
			},
		],
	},
	{
		resource,
		operation: 'getMany',
		examples: [
			{
				title: '1 item, Return All, archived ones included, newest first',
				items: [{}],
				parameters: () => ({ resource, operation: 'getMany', returnAll: true, [`${resource}ListOptions`]: { includeArchived: true, sortDirection: 'desc' } }),
			},
		],
	},
];
const bounceRows = [{ email: 'ann@example.com' }, { email: 'bo@example.com' }];
const phoneRows = [{ phone: '+14155550100' }, { phone: '+14155550101' }];

const ISSUE_14_CASES: OperationCase[] = [
	...detailCases('campaign'),
	...scheduleCases('campaign'),
	...detailCases('canvas'),
	...scheduleCases('canvas'),
	{
		resource: 'catalog',
		operation: 'createItem',
		examples: [{ title: '3 items, the fields taken from each input item', items: catalogRows, parameters: catalogWrite('createItem'), setup: catalogSetup() }],
	},
	{
		resource: 'catalog',
		operation: 'updateItem',
		examples: [
			{
				title: '3 items: one field each, from JSON',
				items: catalogRows,
				parameters: catalogWrite('updateItem', { fieldsFrom: 'json', fieldsJson: '{"Rating": 5, "Top_Dishes": {"$add": ["Soup"]}}' }),
				setup: catalogSetup(catalogRows),
			},
		],
	},
	{
		resource: 'catalog',
		operation: 'replaceItem',
		examples: [{ title: '3 items, the fields taken from each input item', items: catalogRows, parameters: catalogWrite('replaceItem'), setup: catalogSetup(catalogRows.slice(0, 1)) }],
	},
	{
		resource: 'catalog',
		operation: 'deleteItem',
		examples: [{ title: '3 items', items: catalogRows, parameters: catalogWrite('deleteItem'), setup: catalogSetup(catalogRows) }],
	},
	{
		resource: 'catalog',
		operation: 'getItem',
		examples: [
			{
				title: '1 item',
				items: [{}],
				parameters: () => ({ resource: 'catalog', operation: 'getItem', catalogName: restaurants, itemId: 'restaurant-1' }),
				setup: catalogSetup(catalogRows),
			},
		],
	},
	{
		resource: 'catalog',
		operation: 'getManyItems',
		examples: [
			{
				title: '1 item, Return All over 120 items: pages of 50 by the Link header\'s cursor',
				items: [{}],
				parameters: () => ({ resource: 'catalog', operation: 'getManyItems', catalogName: restaurants, returnAll: true }),
				setup: catalogSetup(Array.from({ length: 120 }, (_v, i) => ({ id: `restaurant-${i + 1}`, Name: `Restaurant ${i + 1}` }))),
			},
		],
	},
	{
		resource: 'catalog',
		operation: 'listCatalogs',
		examples: [{ title: '1 item, Return All', items: [{}], parameters: () => ({ resource: 'catalog', operation: 'listCatalogs', returnAll: true }), setup: catalogSetup(catalogRows) }],
	},
	{
		resource: 'email',
		operation: 'removeHardBounce',
		examples: [
			{
				title: '2 items: one request',
				items: bounceRows,
				parameters: perItem(bounceRows, { resource: 'email', operation: 'removeHardBounce' }, (row) => ({ emailAddress: row.email })),
				setup: async (sb) => {
					await seed(sb, '/email/blocklist', { email: bounceRows.map((row) => row.email) });
				},
			},
		],
	},
	{
		resource: 'email',
		operation: 'removeSpam',
		examples: [{ title: '2 items: one request', items: bounceRows, parameters: perItem(bounceRows, { resource: 'email', operation: 'removeSpam' }, (row) => ({ emailAddress: row.email })) }],
	},
	...scheduleCases('message'),
	{
		resource: 'message',
		operation: 'sendNow',
		examples: [
			{
				title: '3 items: the users of the items share one request',
				items: recipientRows,
				parameters: perItem(recipientRows, { resource: 'message', operation: 'sendNow', sendTo: 'recipients', identifyBy: 'external_id', messages: EMAIL_MESSAGE }, (row) => ({ externalId: row.id })),
			},
			{
				title: '3 items, Send To Segment (Broadcast), confirmed: one request for the execution',
				items: recipientRows,
				parameters: () => ({ resource: 'message', operation: 'sendNow', sendTo: 'segment', segmentId: byId(FIXTURE_IDS.segments.vip), confirmBroadcast: true, messages: EMAIL_MESSAGE }),
			},
		],
	},
	{
		resource: 'sms',
		operation: 'getInvalidPhoneNumbers',
		examples: [
			{
				title: '1 item, two numbers, Return All',
				items: [{}],
				parameters: () => ({ resource: 'sms', operation: 'getInvalidPhoneNumbers', smsFilterBy: 'phoneNumbers', phoneNumbers: phoneRows.map((row) => row.phone).join(', '), returnAll: true }),
				setup: async (sb) => {
					await seed(sb, '/_sandbox/seed', { invalid_phone_numbers: phoneRows.map((row) => row.phone) });
				},
			},
		],
	},
	{
		resource: 'sms',
		operation: 'removeInvalidPhoneNumber',
		examples: [{ title: '2 items: one request', items: phoneRows, parameters: perItem(phoneRows, { resource: 'sms', operation: 'removeInvalidPhoneNumber' }, (row) => ({ phoneNumber: row.phone })) }],
	},
	{
		resource: 'user',
		operation: 'exportSegment',
		examples: [
			{
				title: '1 item: three fields, a callback URL',
				items: [{}],
				parameters: () => ({
					resource: 'user',
					operation: 'exportSegment',
					segmentId: byId(FIXTURE_IDS.segments.vip),
					fieldsToExport: 'external_id, email, custom_attributes',
					exportSegmentOptions: { callbackEndpoint: 'https://n8n.example.com/webhook/braze-export' },
				}),
			},
		],
	},
];

/** The order of docs/operations.md: by resource, then operation, as the node lists them. */
export const CASES: OperationCase[] = [
	{
		resource: 'change',
		operation: 'apply',
		examples: [
			{
				title: '3 items holding Braze changes of three kinds (field `brazeChanges`)',
				items: [
					{ brazeChanges: [{ type: 'attributes', user: { external_id: 'user-123' }, attributes: { plan: 'pro' } }] },
					{ brazeChanges: [{ type: 'event', user: { external_id: 'user-456' }, name: 'quiz_completed', time: '2026-01-31T12:00:00Z' }] },
					{ brazeChanges: [{ type: 'emailStatus', email: 'cy@example.com', state: 'opted_in' }] },
				],
				parameters: () => ({ resource: 'change', operation: 'apply', changesSource: 'field', changesField: 'brazeChanges', applyOutput: 'results' }),
			},
		],
	},
	{
		resource: 'cohort',
		operation: 'updateMembers',
		examples: [
			{
				title: '3 items: two add external IDs, one adds user aliases',
				cohortOnly: true,
				items: [{ ids: 'user-123, user-456' }, { ids: 'user-789' }, { aliases: 'k-1001, k-1002' }],
				parameters: (i) => ({
					resource: 'cohort',
					operation: 'updateMembers',
					cohortId: 'weekly-buyers',
					memberAction: 'add',
					...(i < 2
						? { memberBy: 'external_id', memberExternalIds: i === 0 ? 'user-123, user-456' : 'user-789' }
						: { memberBy: 'user_alias', memberAliasLabel: 'kubit_id', memberAliasNames: 'k-1001, k-1002' }),
				}),
				setup: async (sb) => {
					sb.state.cohorts.upsert('weekly-buyers', 'Weekly buyers', '2026-01-31T00:00:00.000Z', NOW);
				},
			},
		],
	},
	{
		resource: 'cohort',
		operation: 'createOrRename',
		examples: [
			{
				title: '2 items, two cohorts',
				cohortOnly: true,
				items: [
					{ id: 'weekly-buyers', name: 'Weekly buyers' },
					{ id: 'churn-risk', name: 'Churn risk' },
				],
				parameters: (i) => ({
					resource: 'cohort',
					operation: 'createOrRename',
					cohortId: ['weekly-buyers', 'churn-risk'][i],
					cohortName: ['Weekly buyers', 'Churn risk'][i],
					cohortOptions: i === 0 ? { createdAt: '2026-01-31T00:00:00Z' } : {},
				}),
			},
		],
	},
	{
		resource: 'email',
		operation: 'blocklist',
		examples: [
			{
				title: '2 items',
				items: [{ email: 'spam1@example.com' }, { email: 'spam2@example.com' }],
				parameters: (i) => ({ resource: 'email', operation: 'blocklist', emailAddress: ['spam1@example.com', 'spam2@example.com'][i] }),
			},
		],
	},
	{
		resource: 'email',
		operation: 'getHardBounces',
		examples: [
			{
				title: '2 items: one address (Braze wants an end date with it: tomorrow), one date range',
				items: [{ email: 'bounced@example.com' }, { from: '2026-01-01', to: '2026-02-01' }],
				parameters: (i) => ({
					resource: 'email',
					operation: 'getHardBounces',
					...(i === 0 ? { filterBy: 'email', emailAddress: 'bounced@example.com' } : { filterBy: 'dateRange', startDate: '2026-01-01', endDate: '2026-02-01' }),
					returnAll: true,
				}),
			},
		],
	},
	{
		resource: 'email',
		operation: 'getUnsubscribes',
		examples: [
			{
				title: '1 item, a date range, Return All',
				items: [{}],
				parameters: () => ({ resource: 'email', operation: 'getUnsubscribes', filterBy: 'dateRange', startDate: '2026-01-01T00:00:00', endDate: '2026-02-01T00:00:00', returnAll: true }),
			},
		],
	},
	{
		resource: 'email',
		operation: 'setGlobalStatus',
		examples: [
			{
				title: '3 items: two opted in, one unsubscribed',
				items: globalStatusRows,
				parameters: perItem(globalStatusRows, { resource: 'email', operation: 'setGlobalStatus' }, (row) => ({ emailAddress: row.email, emailState: row.state })),
			},
		],
	},
	{
		resource: 'message',
		operation: 'sendTransactionalEmail',
		examples: [
			{
				title: '2 items; execution `execution-1`, no External Send ID given (derived)',
				items: [
					{ id: 'user-123', order: 'A-1' },
					{ id: 'user-456', order: 'A-2' },
				],
				parameters: (i) => ({
					resource: 'message',
					operation: 'sendTransactionalEmail',
					campaignId: byId(receipt),
					recipientExternalId: ['user-123', 'user-456'][i],
					triggerProperties: JSON.stringify({ order_id: `A-${i + 1}` }),
					externalSendId: '',
				}),
				setup: users('user-123', 'user-456'),
			},
		],
	},
	{
		resource: 'message',
		operation: 'triggerCampaign',
		examples: [
			{
				title: '3 items, one recipient each',
				items: recipientRows,
				parameters: perItem(recipientRows, { resource: 'message', operation: 'triggerCampaign', campaignId: byId(welcome), sendTo: 'recipients', identifyBy: 'external_id' }, (row) => ({
					externalId: row.id,
					triggerProperties: JSON.stringify({ coupon: row.coupon }),
				})),
				setup: users('user-123', 'user-456', 'user-789'),
			},
			{
				title: 'Broadcast, 2 items (one request per execution)',
				items: [{}, {}],
				parameters: () => ({
					resource: 'message',
					operation: 'triggerCampaign',
					campaignId: byId(welcome),
					sendTo: 'broadcast',
					confirmBroadcast: true,
					triggerProperties: JSON.stringify({ season: 'spring' }),
				}),
			},
		],
	},
	{
		resource: 'message',
		operation: 'triggerCanvas',
		examples: [
			{
				title: '3 items, one recipient each',
				items: recipientRows,
				parameters: perItem(recipientRows, { resource: 'message', operation: 'triggerCanvas', canvasId: byId(onboarding), sendTo: 'recipients', identifyBy: 'external_id' }, (row) => ({
					externalId: row.id,
					canvasContext: JSON.stringify({ plan: row.id === 'user-789' ? 'free' : 'pro' }),
				})),
				setup: users('user-123', 'user-456', 'user-789'),
			},
		],
	},
	{
		resource: 'segment',
		operation: 'get',
		examples: [
			{
				title: '1 item, the segment by ID',
				items: [{}],
				parameters: () => ({ resource: 'segment', operation: 'get', segmentId: byId(FIXTURE_IDS.segments.vip) }),
			},
		],
	},
	{
		resource: 'segment',
		operation: 'getMany',
		examples: [
			{
				title: '1 item, Limit 5, newest first',
				items: [{}],
				parameters: () => ({ resource: 'segment', operation: 'getMany', returnAll: false, limit: 5, segmentOptions: { sortDirection: 'desc' } }),
			},
			{
				title: '1 item, Return All over 250 segments: pages of 100 until a short one',
				items: [{}],
				parameters: () => ({ resource: 'segment', operation: 'getMany', returnAll: true }),
				setup: async (sb) => {
					await seed(sb, '/_sandbox/seed', { segments: 247 });
				},
			},
		],
	},
	{
		resource: 'subscription',
		operation: 'getStatus',
		examples: [
			{
				title: '3 items of one group: two external IDs share a request, the email gets its own',
				items: getStatusRows,
				parameters: perItem(getStatusRows, { resource: 'subscription', operation: 'getStatus', subscriptionGroupId: 'sg-news' }, (row) => ({
					identifyBy: row.by,
					externalId: row.id,
					email: row.id,
				})),
			},
		],
	},
	{
		resource: 'subscription',
		operation: 'getUserGroups',
		examples: [
			{
				title: '2 items, Return All (one request per item)',
				items: [{ id: 'user-123' }, { id: 'user-456' }],
				parameters: (i) => ({ resource: 'subscription', operation: 'getUserGroups', identifyBy: 'external_id', externalId: ['user-123', 'user-456'][i], returnAll: true }),
			},
		],
	},
	{
		resource: 'subscription',
		operation: 'setStatus',
		examples: [
			{
				title: '3 items: two users by external ID (one in two groups), one by email',
				items: setStatusRows,
				parameters: perItem(setStatusRows, { resource: 'subscription', operation: 'setStatus', subscriptionState: 'subscribed' }, (row) => ({
					identifyBy: row.by,
					externalId: row.id,
					email: row.id,
					subscriptionGroupIds: row.groups,
				})),
				setup: users('user-123', 'user-456'),
			},
		],
	},
	{
		resource: 'user',
		operation: 'createAlias',
		examples: [
			{
				title: '3 items: two add an alias to a user, one creates an alias-only user',
				items: aliasRows,
				parameters: perItem(aliasRows, { resource: 'user', operation: 'createAlias' }, (row) => ({
					newAliasName: row.name,
					newAliasLabel: row.label,
					aliasExternalId: row.externalId,
				})),
				setup: users('user-123', 'user-456'),
			},
		],
	},
	{
		resource: 'user',
		operation: 'delete',
		examples: [
			{
				title: '3 items: two by external ID, one by user alias (one request per identifier kind)',
				items: deleteRows,
				parameters: perItem(deleteRows, { resource: 'user', operation: 'delete' }, (row) => ({ identifyBy: row.by, ...row })),
				setup: async (sb) => {
					await users('user-123', 'user-456')(sb);
					await seed(sb, '/users/alias/new', { user_aliases: [{ alias_name: 'anon-42', alias_label: 'anon' }] });
				},
			},
		],
	},
	{
		resource: 'user',
		operation: 'export',
		examples: [
			{
				title: '3 items: two by external ID share a request, one by email gets its own',
				items: exportRows,
				parameters: perItem(exportRows, { resource: 'user', operation: 'export', fieldsToExport: 'external_id, email' }, (row) => ({ identifyBy: row.by, ...row })),
				setup: async (sb) => {
					await seed(sb, '/users/track', {
						attributes: [{ external_id: 'user-123' }, { external_id: 'user-456' }, { external_id: 'user-789', email: 'cy@example.com' }],
					});
				},
			},
		],
	},
	{
		resource: 'user',
		operation: 'identify',
		examples: [
			{
				title: '3 items: two anonymous profiles by user alias, one by email',
				items: identifyRows,
				parameters: perItem(identifyRows, { resource: 'user', operation: 'identify' }, (row) => ({ identifyExternalId: row.externalId, identifyBy: row.by, ...row })),
				setup: async (sb) => {
					await seed(sb, '/users/alias/new', {
						user_aliases: [
							{ alias_name: 'anon-42', alias_label: 'anon' },
							{ alias_name: 'anon-43', alias_label: 'anon' },
						],
					});
				},
			},
		],
	},
	{
		resource: 'user',
		operation: 'merge',
		examples: [
			{
				title: '2 items: an alias-only user merged into a user with an external ID, twice',
				items: mergeRows,
				parameters: perItem(mergeRows, { resource: 'user', operation: 'merge', mergeBy: 'user_alias', mergeAliasLabel: 'anon', keepBy: 'external_id' }, (row) => ({
					mergeAliasName: row.merge,
					keepExternalId: row.keep,
				})),
				setup: async (sb) => {
					await seed(sb, '/users/track', {
						attributes: [
							{ user_alias: { alias_name: 'anon-42', alias_label: 'anon' }, _update_existing_only: false, plan: 'trial' },
							{ user_alias: { alias_name: 'anon-43', alias_label: 'anon' }, _update_existing_only: false, plan: 'trial' },
							{ external_id: 'user-123' },
							{ external_id: 'user-456' },
						],
					});
				},
			},
		],
	},
	{
		resource: 'user',
		operation: 'removeExternalId',
		examples: [
			{
				title: '2 items, two IDs left behind by renames',
				items: [{ id: 'user-123' }, { id: 'user-456' }],
				parameters: (i) => ({ resource: 'user', operation: 'removeExternalId', deprecatedExternalId: ['user-123', 'user-456'][i] }),
				setup: async (sb) => {
					await users('user-123', 'user-456')(sb);
					await seed(sb, '/users/external_ids/rename', {
						external_id_renames: renameRows.map((row) => ({ current_external_id: row.from, new_external_id: row.to })),
					});
				},
			},
		],
	},
	{
		resource: 'user',
		operation: 'renameExternalId',
		examples: [
			{
				title: '2 items',
				items: renameRows,
				parameters: perItem(renameRows, { resource: 'user', operation: 'renameExternalId' }, (row) => ({ currentExternalId: row.from, newExternalId: row.to })),
				setup: users('user-123', 'user-456'),
			},
		],
	},
	{
		resource: 'user',
		operation: 'track',
		examples: [
			{
				title: 'Fields, 3 items: attributes, a subscription group, a custom event and a purchase',
				items: trackRows,
				parameters: (i) => ({
					resource: 'user',
					operation: 'track',
					inputMode: 'fields',
					identifyBy: 'external_id',
					externalId: trackRows[i].id,
					standardAttributes: { first_name: trackRows[i].first_name, ...(i === 0 ? { email_subscribe: 'opted_in' } : {}) },
					customAttributes: i === 1 ? { attribute: [{ name: 'visits', attributeAction: 'inc', value: '1' }] } : {},
					subscriptionGroups: i === 0 ? { group: [{ groupId: 'sg-news', state: 'subscribed' }] } : {},
					event: i === 0 ? { name: 'quiz_completed', time: '2026-01-31T12:00:00Z' } : {},
					purchase: i === 2 ? { productId: 'sku-1', currency: 'USD', price: 9.99, quantity: 1, time: '2026-01-31T12:05:00Z' } : {},
				}),
			},
			{
				title: 'Fields, 1 item: an eCommerce Order Placed event, and a purchase sent as `ecommerce.order_placed` (Send Purchases As)',
				items: [{ id: 'user-123' }],
				parameters: () => ({
					resource: 'user',
					operation: 'track',
					inputMode: 'fields',
					identifyBy: 'external_id',
					externalId: 'user-123',
					ecommerceEvent: 'ecommerce.order_placed',
					ecommercePropertiesFrom: 'fields',
					ecommerceProperties: {
						order_id: 'ord_1',
						total_value: 9,
						currency: 'USD',
						source: 'web',
						products: '[{"product_id": "sku-1", "product_name": "Socks", "variant_id": "sku-1-m", "quantity": 2, "price": 4.5}]',
						time: '2026-01-31T12:00:00Z',
					},
					purchase: { productId: 'sku-2', orderId: 'ord_2', currency: 'USD', price: 19.5, quantity: 1, time: '2026-01-31T12:05:00Z' },
					trackOptions: { sendPurchasesAs: 'orderPlaced' },
				}),
			},
			{
				title: 'Map Automatically, 3 rows with Event Name `warehouse_sync` (time: now)',
				items: [
					{ user_id: 'user-123', plan: 'pro', score: 42 },
					{ user_id: 'user-456', plan: 'free', score: 7 },
					{ user_id: 'user-789', plan: 'pro', score: '' },
				],
				parameters: () => ({
					resource: 'user',
					operation: 'track',
					inputMode: 'autoMap',
					identifyBy: 'external_id',
					identifierField: 'user_id',
					fieldsToSend: '',
					autoEventName: 'warehouse_sync',
				}),
			},
		],
	},
	{
		resource: 'user',
		operation: 'updateAlias',
		examples: [
			{
				title: '2 items',
				items: aliasUpdateRows,
				parameters: perItem(aliasUpdateRows, { resource: 'user', operation: 'updateAlias', aliasUpdateLabel: 'crm' }, (row) => ({ oldAliasName: row.from, newAliasName: row.to })),
				setup: async (sb) => {
					await users('user-123', 'user-456')(sb);
					await seed(sb, '/users/alias/new', {
						user_aliases: aliasUpdateRows.map((row, i) => ({ external_id: ['user-123', 'user-456'][i], alias_name: row.from, alias_label: 'crm' })),
					});
				},
			},
		],
	},
	...ISSUE_14_CASES,
];

export function inputItems(example: Example): INodeExecutionData[] {
	return example.items.map((json) => ({ json }));
}

export function credentialsOf(sb: Sandbox, example: Example): Record<string, IDataObject> {
	const all = credentialsFor(sb);
	return example.cohortOnly ? { brazeCohortApi: all.brazeCohortApi } : all;
}
