import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import * as applyChanges from './change/apply.operation';
import * as cohortMembers from './cohort/members.operation';
import { cohortCredentialSwitch, cohortNotice } from './cohort/shared';
import * as cohortUpsert from './cohort/upsert.operation';
import * as blocklist from './email/blocklist.operation';
import * as getHardBounces from './email/getHardBounces.operation';
import * as getUnsubscribes from './email/getUnsubscribes.operation';
import * as setGlobalStatus from './email/setGlobalStatus.operation';
import { type Presenter, executeChanges } from './executeChanges';
import * as sendTransactionalEmail from './message/sendTransactionalEmail.operation';
import * as triggerCampaign from './message/triggerCampaign.operation';
import * as triggerCanvas from './message/triggerCanvas.operation';
import * as getSegment from './segment/get.operation';
import * as getManySegments from './segment/getMany.operation';
import { sendingOptions } from './sendingOptions';
import * as getStatus from './subscription/getStatus.operation';
import * as getUserGroups from './subscription/getUserGroups.operation';
import * as setStatus from './subscription/setStatus.operation';
import * as createAlias from './user/createAlias.operation';
import * as deleteUser from './user/delete.operation';
import * as exportUser from './user/export.operation';
import * as identify from './user/identify.operation';
import * as merge from './user/merge.operation';
import * as removeExternalId from './user/removeExternalId.operation';
import * as renameExternalId from './user/renameExternalId.operation';
import * as track from './user/track.operation';
import * as updateAlias from './user/updateAlias.operation';

/**
 * An operation either writes, as Braze changes through executeChanges (build, validate, plan,
 * send, one output per item), or brings its own execute (reads, broadcasts).
 */
interface Operation {
	description: INodeProperties[];
	buildChanges?(this: IExecuteFunctions, itemIndex: number, item: INodeExecutionData): unknown[];
	present?: Presenter;
	presenter?(ctx: IExecuteFunctions): Presenter;
	execute?(this: IExecuteFunctions): Promise<INodeExecutionData[][]>;
}

const operations: Record<string, Record<string, Operation>> = {
	change: { apply: applyChanges },
	cohort: { createOrRename: cohortUpsert, updateMembers: cohortMembers },
	email: { blocklist, getHardBounces, getUnsubscribes, setGlobalStatus },
	message: { sendTransactionalEmail, triggerCampaign, triggerCanvas },
	segment: { get: getSegment, getMany: getManySegments },
	subscription: { getStatus, getUserGroups, setStatus },
	user: {
		createAlias,
		delete: deleteUser,
		export: exportUser,
		identify,
		merge,
		removeExternalId,
		renameExternalId,
		track,
		updateAlias,
	},
};

export const resourceProperty: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: [
		{ name: 'Change', value: 'change', description: 'Braze changes made by partner nodes or a Code node' },
		{ name: 'Cohort', value: 'cohort', description: 'Partner Cohort Import: needs a Braze-issued partner key' },
		{ name: 'Email', value: 'email', description: 'Global email state, blocklist, unsubscribes and hard bounces' },
		{ name: 'Message', value: 'message', description: 'Trigger campaigns and Canvases, send transactional email' },
		{ name: 'Segment', value: 'segment' },
		{ name: 'Subscription', value: 'subscription', description: 'Email and SMS subscription groups' },
		{ name: 'User', value: 'user' },
	],
	default: 'user',
};

function operationProperty(resource: string, defaultValue: string, options: INodeProperties['options']): INodeProperties {
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource] } },
		options,
		default: defaultValue,
	};
}

export const operationProperties: INodeProperties[] = [
	operationProperty('change', 'apply', [
		{
			name: 'Apply',
			value: 'apply',
			action: 'Apply changes',
			description: 'Send the Braze changes held by the input items, with the fewest requests',
		},
	]),
	operationProperty('cohort', 'updateMembers', [
		{
			name: 'Add or Remove Members',
			value: 'updateMembers',
			action: 'Add or remove cohort members',
			description: 'Add users to a partner cohort or remove them, up to 1,000 per request',
		},
		{
			name: 'Create or Rename',
			value: 'createOrRename',
			action: 'Create or rename a cohort',
			description: 'Create a partner cohort, or give an existing one a new name',
		},
	]),
	operationProperty('email', 'setGlobalStatus', [
		{ name: 'Blocklist', value: 'blocklist', action: 'Blocklist an email address', description: 'Unsubscribe an address and mark it as hard bounced' },
		{ name: 'Get Hard Bounces', value: 'getHardBounces', action: 'Get hard bounced email addresses', description: 'List addresses that hard bounced, by date range or address' },
		{ name: 'Get Unsubscribes', value: 'getUnsubscribes', action: 'Get unsubscribed email addresses', description: 'List addresses that unsubscribed, by date range or address' },
		{
			name: 'Set Global Status',
			value: 'setGlobalStatus',
			action: 'Set the global email status',
			description: 'Set an address to subscribed, opted in or unsubscribed for all email',
		},
	]),
	operationProperty('message', 'triggerCampaign', [
		{
			name: 'Send Transactional Email',
			value: 'sendTransactionalEmail',
			action: 'Send a transactional email',
			description: 'Send a Transactional Email campaign to one user, at most once per send ID',
		},
		{ name: 'Trigger Campaign', value: 'triggerCampaign', action: 'Trigger a campaign', description: 'Send an API-triggered campaign to the users of the input items' },
		{ name: 'Trigger Canvas', value: 'triggerCanvas', action: 'Trigger a canvas', description: 'Enter the users of the input items into an API-triggered Canvas' },
	]),
	operationProperty('segment', 'getMany', [
		{ name: 'Get', value: 'get', action: 'Get a segment', description: 'Get a segment\'s name and tags by ID' },
		{ name: 'Get Many', value: 'getMany', action: 'Get many segments', description: 'List the segments of the workspace' },
	]),
	operationProperty('subscription', 'setStatus', [
		{
			name: 'Get Status',
			value: 'getStatus',
			action: 'Get a subscription status',
			description: 'Get whether users are subscribed to a subscription group',
		},
		{
			name: 'Get User\'s Groups',
			value: 'getUserGroups',
			action: 'Get a user\'s subscription groups',
			description: 'List the subscription groups a user has a state in',
		},
		{
			name: 'Set Status',
			value: 'setStatus',
			action: 'Set a subscription status',
			description: 'Subscribe users to subscription groups or unsubscribe them',
		},
	]),
	operationProperty('user', 'track', [
		{ name: 'Create Alias', value: 'createAlias', action: 'Create a user alias', description: 'Add an alias to a user, or create an alias-only user' },
		{ name: 'Delete', value: 'delete', action: 'Delete a user', description: 'Delete a user profile permanently' },
		{ name: 'Export by Identifier', value: 'export', action: 'Export a user by identifier', description: 'Get a user profile with its attributes, events and purchases' },
		{ name: 'Identify', value: 'identify', action: 'Identify a user', description: 'Merge an alias, email or phone profile into a user with an external ID' },
		{ name: 'Merge', value: 'merge', action: 'Merge two users', description: 'Move one user\'s data into another and delete the first' },
		{ name: 'Remove External ID', value: 'removeExternalId', action: 'Remove a deprecated external ID', description: 'Remove an external ID left behind by a rename' },
		{ name: 'Rename External ID', value: 'renameExternalId', action: 'Rename an external ID', description: 'Give a user a new external ID, keeping the old one as deprecated' },
		{ name: 'Track', value: 'track', action: 'Track a user', description: 'Set attributes and record custom events and purchases' },
		{ name: 'Update Alias', value: 'updateAlias', action: 'Update a user alias', description: 'Change the name of a user alias' },
	]),
];

export const operationFields: INodeProperties[] = [
	cohortNotice,
	cohortCredentialSwitch,
	...Object.values(operations).flatMap((byOperation) => Object.values(byOperation).flatMap((operation) => operation.description)),
	sendingOptions,
];

export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const chosen = operations[resource]?.[operation];
	if (!chosen) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
	}
	if (chosen.execute) return await chosen.execute.call(this);
	if (!chosen.buildChanges) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" has nothing to run`);
	}
	const present = chosen.presenter ? chosen.presenter(this) : chosen.present;
	return await executeChanges.call(this, chosen.buildChanges.bind(this), present);
}
