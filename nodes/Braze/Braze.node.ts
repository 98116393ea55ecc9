import type { IExecuteFunctions, INodeExecutionData, INodeProperties, INodePropertyOptions, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { BRAZE_NODE_INPUTS, sendOnlyChangesFields } from '../shared/braze/delta/parameters';
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
import { checkToolConfirmation, toolConfirmProperties } from './toolSafety';

/** Braze's product name, singular (see the Resource options). */
const CANVAS = 'Canvas';

const properties = resourceFirst([
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Campaign', value: 'campaign', description: 'Campaign details, and scheduled sends of API-triggered campaigns' },
			// n8n's scanner reads the literal "Canvas" as a plural (pluralize: "Canva") and ignores
			// eslint-disable comments; the product's name is singular, so it comes from a constant.
			{ name: CANVAS, value: 'canvas', description: 'Canvas details, and scheduled sends of API-triggered Canvases' },
			{ name: 'Catalog', value: 'catalog', description: 'Catalog items: create, update, replace, delete, get' },
			{ name: 'Cohort', value: 'cohort', description: 'Partner Cohort Import: needs a Braze-issued partner key' },
			{ name: 'Email', value: 'email', description: 'Global email state, blocklist, unsubscribes and hard bounces' },
			{ name: 'Message', value: 'message', description: 'Trigger campaigns and Canvases, send transactional email' },
			{ name: 'Partner Change', value: 'change', description: 'Send the Braze changes that a partner trigger (Komo, Ketch, Kubit, GrowthLoop) or a Code node put in each item' },
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
	...sendOnlyChangesFields,
	...toolConfirmProperties,
	sendingOptions,
]);

/**
 * The canvas subtitle reads as words: each operation's action (e.g. "Send a transactional email"),
 * looked up by resource and operation, instead of the raw values ("sendTransactionalEmail: message").
 */
function subtitle(all: INodeProperties[]): string {
	const actions: Record<string, string> = {};
	for (const property of all.filter((p) => p.name === 'operation')) {
		for (const option of (property.options ?? []) as INodePropertyOptions[]) {
			for (const resource of (property.displayOptions?.show?.resource ?? []) as string[]) {
				actions[`${resource}.${String(option.value)}`] = option.action ?? option.name;
			}
		}
	}
	return `={{ ${JSON.stringify(actions)}[$parameter["resource"] + "." + $parameter["operation"]] || $parameter["operation"] }}`;
}

export class Braze implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Braze',
		name: 'braze',
		icon: { light: 'file:../../icons/braze.svg', dark: 'file:../../icons/braze.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: subtitle(properties),
		description: 'Send customer data to Braze: users, events, purchases, subscriptions, email state, messages, cohorts and partner changes',
		defaults: { name: 'Braze' },
		usableAsTool: {
			// What an AI agent reads about the tool; the refusals are checkToolConfirmation's.
			replacements: {
				description:
					'Read and write Braze customer data: track user attributes, events and purchases, set subscription and email states, trigger campaigns, Canvases and transactional email, read campaigns, segments and catalogs. ' +
					'Delete, Merge, Blocklist, catalog item and schedule deletes, and broadcasts to a whole audience run only with Confirm set to true, which you set only when the user explicitly asked for that action.',
			},
		},
		inputs: BRAZE_NODE_INPUTS,
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'brazeApi', required: true, displayOptions: { hide: { resource: ['cohort'] } } },
			// Shown for the Cohort resource, and for Partner Change > Send to Braze when Use Cohort Import Credential is on.
			{ name: 'brazeCohortApi', required: true, displayOptions: { show: { useCohortImport: [true] } } },
		],
		properties,
	};

	methods = {
		listSearch: { searchApiCampaigns, searchCampaigns, searchCanvases, searchCatalogs, searchSegments },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		checkToolConfirmation(this);
		return await route.call(this);
	}
}
