import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as campaign from './actions/campaign';
import * as canvas from './actions/canvas';
import * as catalog from './actions/catalog';
import * as change from './actions/change';
import * as cohort from './actions/cohort';
import * as email from './actions/email';
import { resourceFirst, sendingOptions } from './actions/helpers';
import * as message from './actions/message';
import { route } from './actions/router';
import * as segment from './actions/segment';
import * as sms from './actions/sms';
import * as subscription from './actions/subscription';
import * as user from './actions/user';
import { searchCatalogs } from './methods/catalogSearch';
import { searchApiCampaigns, searchCampaigns, searchCanvases, searchSegments } from './methods/listSearch';

export class Braze implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Braze',
		name: 'braze',
		icon: { light: 'file:../../icons/braze.svg', dark: 'file:../../icons/braze.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Send customer data to Braze: users, events, purchases, subscriptions, email state, messages, cohorts and partner changes',
		defaults: { name: 'Braze' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'brazeApi', required: true, displayOptions: { hide: { resource: ['cohort'] } } },
			// Shown for the Cohort resource, and for Change > Apply when Use Cohort Import Credential is on.
			{ name: 'brazeCohortApi', required: true, displayOptions: { show: { useCohortImport: [true] } } },
		],
		properties: resourceFirst([
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Campaign', value: 'campaign', description: 'Campaign details, and scheduled sends of API-triggered campaigns' },
					// eslint-disable-next-line n8n-nodes-base/node-param-resource-with-plural-option -- "Canvas" is singular
					{ name: 'Canvas', value: 'canvas', description: 'Canvas details, and scheduled sends of API-triggered Canvases' },
					{ name: 'Catalog', value: 'catalog', description: 'Catalog items: create, update, replace, delete, get' },
					{ name: 'Change', value: 'change', description: 'Braze changes made by partner nodes or a Code node' },
					{ name: 'Cohort', value: 'cohort', description: 'Partner Cohort Import: needs a Braze-issued partner key' },
					{ name: 'Email', value: 'email', description: 'Global email state, blocklist, unsubscribes and hard bounces' },
					{ name: 'Message', value: 'message', description: 'Trigger campaigns and Canvases, send transactional email' },
					{ name: 'Segment', value: 'segment' },
					{ name: 'SMS', value: 'sms', description: 'Invalid phone numbers' },
					{ name: 'Subscription', value: 'subscription', description: 'Email and SMS subscription groups' },
					{ name: 'User', value: 'user' },
				],
				default: 'user',
			},
			...campaign.description,
			...canvas.description,
			...catalog.description,
			...change.description,
			...cohort.description,
			...email.description,
			...message.description,
			...segment.description,
			...sms.description,
			...subscription.description,
			...user.description,
			sendingOptions,
		]),
	};

	methods = {
		listSearch: { searchApiCampaigns, searchCampaigns, searchCanvases, searchCatalogs, searchSegments },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(this);
	}
}
