import type { INodeProperties } from 'n8n-workflow';

import { ANY_EVENT_TYPE, WEBHOOK_BODY_TEMPLATE } from './events';

export const CREDENTIAL = 'brazeWebhookApi';

/** Currents event types people route most often (braze-docs, Currents event glossary). */
export const COMMON_EVENT_TYPES: Array<{ name: string; value: string }> = [
	{ name: 'Email Unsubscribe', value: 'users.messages.email.Unsubscribe' },
	{ name: 'Email Bounce (Hard)', value: 'users.messages.email.Bounce' },
	{ name: 'Email Soft Bounce', value: 'users.messages.email.SoftBounce' },
	{ name: 'Email Mark As Spam', value: 'users.messages.email.MarkAsSpam' },
	{ name: 'Email Delivery', value: 'users.messages.email.Delivery' },
	{ name: 'Email Open', value: 'users.messages.email.Open' },
	{ name: 'Email Click', value: 'users.messages.email.Click' },
	{ name: 'Custom Event', value: 'users.behaviors.CustomEvent' },
	{ name: 'Purchase', value: 'users.behaviors.Purchase' },
	{ name: 'Global Subscription State Change', value: 'users.behaviors.subscription.GlobalStateChange' },
	{ name: 'Subscription Group State Change', value: 'users.behaviors.subscriptiongroup.StateChange' },
	{ name: 'Canvas Entry', value: 'users.canvas.Entry' },
	{ name: 'SMS Delivery', value: 'users.messages.sms.Delivery' },
	{ name: 'Push Notification Send', value: 'users.messages.pushnotification.Send' },
];

const currents = { show: { source: ['currents'] } };
const webhook = { show: { source: ['webhook'] } };

export const properties: INodeProperties[] = [
	{
		displayName: 'Source',
		name: 'source',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Currents (Custom HTTP Connector)',
				value: 'currents',
				description: 'Braze streams engagement and behavior events in batches: one item per event',
			},
			{
				name: 'Webhook Campaign or Canvas Step',
				value: 'webhook',
				description: 'A Braze webhook message calls n8n with a body you build in Liquid: one item per call',
			},
		],
		default: 'currents',
	},
	{
		displayName:
			'In Braze, Partner Integrations > Data Export > Custom HTTP: paste the URL above as the endpoint and the Token of the Braze Webhook API credential as the bearer token. Braze retries failed batches and disables the connector after 5 days of failures, so this node answers at once and drops events it has seen (by event ID).',
		name: 'currentsNotice',
		type: 'notice',
		default: '',
		displayOptions: currents,
	},
	{
		displayName: `In the webhook message, paste the URL above (POST), add the request header of the Braze Webhook API credential with its Token, Content-Type application/json, and a Raw Text body such as: ${WEBHOOK_BODY_TEMPLATE.replace(/\n\s*/g, ' ')}`,
		name: 'webhookNotice',
		type: 'notice',
		default: '',
		displayOptions: webhook,
	},
	{
		displayName: 'Authentication',
		name: 'authentication',
		type: 'options',
		options: [
			{
				name: 'Token',
				value: 'token',
				description: 'Currents: Authorization: Bearer with the credential token. Webhooks: the token in the credential header.',
			},
			{ name: 'None', value: 'none', description: 'Anyone who knows the URL can start this workflow' },
		],
		default: 'token',
	},
	{
		displayName: 'Event Types',
		name: 'eventTypes',
		type: 'multiOptions',
		options: [{ name: 'Any Event Type', value: ANY_EVENT_TYPE }, ...COMMON_EVENT_TYPES],
		default: [ANY_EVENT_TYPE],
		description: 'Only events of these types become items; the others in a batch are acknowledged and skipped',
		displayOptions: currents,
	},
	{
		displayName: 'Other Event Types',
		name: 'otherEventTypes',
		type: 'string',
		default: '',
		placeholder: 'e.g. users.messages.webhook.Send, users.messages.sms.*',
		description: 'Comma-separated event types not in the list above; a name ending in ".*" takes every type it starts',
		displayOptions: currents,
	},
	{
		displayName: 'Drop Repeated Events',
		name: 'dropRepeated',
		type: 'boolean',
		default: true,
		description:
			'Whether to skip events whose ID was accepted in the last 48 hours (at most 5,000 remembered), so a batch Braze resends never runs twice',
		displayOptions: currents,
	},
	{
		displayName: 'Delivery ID Field',
		name: 'deliveryIdPath',
		type: 'string',
		default: 'delivery_id',
		placeholder: 'e.g. delivery_id',
		description:
			'Dot path of a value unique to each webhook send (the recommended body builds it from dispatch ID and user ID). A call whose ID was accepted in the last 48 hours is answered 200 and starts nothing. Empty, or missing in the body: every call starts a run.',
		displayOptions: webhook,
	},
];
