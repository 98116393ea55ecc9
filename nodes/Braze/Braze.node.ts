import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as change from './actions/change';
import * as cohort from './actions/cohort';
import * as email from './actions/email';
import { sendingOptions } from './actions/helpers';
import * as message from './actions/message';
import { route } from './actions/router';
import * as segment from './actions/segment';
import * as subscription from './actions/subscription';
import * as user from './actions/user';
import { searchCampaigns, searchCanvases, searchSegments } from './methods/listSearch';

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
		properties: [
			{
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
			},
			...change.description,
			...cohort.description,
			...email.description,
			...message.description,
			...segment.description,
			...subscription.description,
			...user.description,
			sendingOptions,
		],
	};

	methods = {
		listSearch: { searchCampaigns, searchCanvases, searchSegments },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(this);
	}
}
