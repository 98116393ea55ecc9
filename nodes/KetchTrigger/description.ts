import type { IDataObject, INodeProperties, IWebhookFunctions } from 'n8n-workflow';

import { REQUEST_KINDS } from '../shared/ketch/protocol';
import { respondProperty } from '../shared/webhook/respond';
import {
	type BrazeIdentifierKind,
	CORRECTION_FIELDS,
	type CorrectionField,
	DEFAULT_MAPPING,
	type GlobalControlState,
	type MappingConfig,
	type RestrictAction,
} from './mapping/config';

const KIND_OPTIONS = [
	{ name: 'Consent', value: 'ConsentRequest', description: 'Consent purposes granted or denied (needs Ketch Support to enable consent webhooks)' },
	{ name: 'Subscription Topic', value: 'SubscriptionTopicRequest', description: 'Opt-ins and opt-outs of subscription topics, per channel' },
	{ name: 'Subscription Control', value: 'SubscriptionControlRequest', description: 'Global controls such as global_subscription' },
	{ name: 'Access Request', value: 'AccessRequest', description: 'The subject asks for their data: Braze export' },
	{ name: 'Correction Request', value: 'CorrectionRequest', description: 'The subject asks to correct their details' },
	{ name: 'Delete Request', value: 'DeleteRequest', description: 'The subject asks to be deleted: Braze user delete' },
	{ name: 'Restrict Processing Request', value: 'RestrictProcessingRequest', description: 'The subject asks to restrict processing' },
];

const GLOBAL_STATES = [
	{ name: 'Subscribed', value: 'subscribed' },
	{ name: 'Opted In', value: 'opted_in' },
	{ name: 'Unsubscribed', value: 'unsubscribed' },
	{ name: 'No Change', value: 'none' },
];

export const triggerProperties: INodeProperties[] = [
	{
		displayName:
			'Paste the Production URL above into Ketch under Developers > Webhooks, with the bearer token of the credential. Publish the workflow so the URL is live.',
		name: 'setupNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Start On',
		name: 'kinds',
		type: 'multiOptions',
		options: KIND_OPTIONS,
		default: [...REQUEST_KINDS],
		description:
			'Ketch requests that start the workflow. Consent and subscription requests not selected are acknowledged and start nothing; rights requests not selected are answered with an "unimplemented" error, so Ketch never thinks they were handled.',
	},
	{
		...respondProperty('Ketch', 'consent and subscription requests (204)'),
		description:
			'When Ketch gets its answer to consent and subscription requests. Rights requests are always answered at once with their <Kind>Response; the workflow reports completion (or failure) with a status event.',
	},
	{
		displayName: 'Identity Spaces',
		name: 'identitySpaces',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Identity Space',
		// Ketch's own rights examples carry only account_id: email first, then account_id as the external ID.
		default: { spaces: [{ identitySpace: 'email', brazeIdentifier: 'email' }, { identitySpace: 'account_id', brazeIdentifier: 'external_id' }] },
		description:
			'Ketch identity spaces that hold a Braze identifier, in priority order: the first one present with a raw value identifies the Braze user. Hashed identities (md5, sha1) are refused, never sent to Braze.',
		options: [
			{
				name: 'spaces',
				displayName: 'Identity Space',
				values: [
					{
						displayName: 'Ketch Identity Space',
						name: 'identitySpace',
						type: 'string',
						default: 'email',
						placeholder: 'e.g. email or account_id',
						description: 'The identity space code, as set up in Ketch under Settings > Identity Spaces',
					},
					{
						displayName: 'Braze Identifier',
						name: 'brazeIdentifier',
						type: 'options',
						options: [
							{ name: 'Email', value: 'email' },
							{ name: 'External ID', value: 'external_id' },
						],
						default: 'email',
					},
				],
			},
		],
	},
	{
		displayName: 'Subscription Topics',
		name: 'topicMappings',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Topic',
		default: {},
		description:
			'Which Braze subscription group each Ketch topic and channel sets: granted subscribes, denied unsubscribes. Topics not listed are reported under "unmapped" and change nothing.',
		options: [
			{
				name: 'topics',
				displayName: 'Topic',
				values: [
					{
						displayName: 'Topic Code',
						name: 'topic',
						type: 'string',
						default: '',
						placeholder: 'e.g. newsletter',
						description: 'The subscription topic code from Ketch (Policy Center > Subscriptions)',
					},
					{
						displayName: 'Channel',
						name: 'channel',
						type: 'string',
						default: 'email',
						placeholder: 'e.g. email or sms',
						description: 'The contact method of the topic in Ketch',
					},
					{
						displayName: 'Braze Group ID',
						name: 'subscriptionGroupId',
						type: 'string',
						default: '',
						placeholder: 'e.g. 1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
						description: 'The Braze subscription group ID, from Braze: Audience > Subscriptions. For SMS groups, identify users by External ID.',
					},
				],
			},
		],
	},
	{
		displayName: 'Global Subscription Control',
		name: 'control',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		description: 'How a Ketch subscription control (a universal opt-out) sets the global email state in Braze',
		options: [
			{
				displayName: 'Also Blocklist When Denied',
				name: 'blocklistOnDenied',
				type: 'boolean',
				default: false,
				description: 'Whether to also put the address on the Braze email blocklist (it then gets no email at all, and cannot resubscribe itself)',
			},
			{
				displayName: 'Control Code',
				name: 'code',
				type: 'string',
				default: 'global_subscription',
				description: 'The Ketch control that stands for all email',
			},
			{
				displayName: 'Set Via',
				name: 'via',
				type: 'options',
				options: [
					{ name: 'Email Status Endpoint', value: 'emailStatus', description: 'POST /email/status: works for any address; needs an email identity and the email.status permission' },
					{ name: 'User Attribute', value: 'attribute', description: 'The email_subscribe attribute through /users/track, on existing users only; works with External ID' },
				],
				default: 'emailStatus',
			},
			{
				displayName: 'When Denied',
				name: 'onDenied',
				type: 'options',
				options: GLOBAL_STATES,
				default: 'unsubscribed',
			},
			{
				displayName: 'When Granted',
				name: 'onGranted',
				type: 'options',
				options: GLOBAL_STATES,
				default: 'subscribed',
			},
		],
	},
	{
		displayName: 'Consent Purposes',
		name: 'consent',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		description: 'Optionally write each consent purpose to a Braze custom attribute, e.g. ketch_consent_analytics',
		options: [
			{
				displayName: 'Attribute Prefix',
				name: 'prefix',
				type: 'string',
				default: 'ketch_consent_',
				description: 'The attribute is the prefix followed by the purpose code',
			},
			{
				displayName: 'Attribute Value',
				name: 'value',
				type: 'options',
				options: [
					{ name: 'Text (Granted or Denied)', value: 'status' },
					{ name: 'Boolean (True When Granted)', value: 'boolean' },
				],
				default: 'status',
			},
			{
				displayName: 'Create Missing Users',
				name: 'createUsers',
				type: 'boolean',
				default: false,
				description: 'Whether consent alone may create a Braze user. Off: only existing users are updated.',
			},
			{
				displayName: 'Write Consent Attributes',
				name: 'enabled',
				type: 'boolean',
				default: false,
				description: 'Whether to write consent purposes to Braze custom attributes',
			},
		],
	},
	{
		displayName: 'Rights Requests',
		name: 'rights',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Correct Fields',
				name: 'correctionFields',
				type: 'multiOptions',
				options: [
					{ name: 'City', value: 'city', description: 'Written to home_city' },
					{ name: 'Country Code', value: 'countryCode', description: 'Written to country' },
					{ name: 'First Name', value: 'firstName', description: 'Written to first_name' },
					{ name: 'Last Name', value: 'lastName', description: 'Written to last_name' },
				],
				default: ['firstName', 'lastName'],
				description: 'Subject details a correction request writes to the existing Braze user. Ketch sends only basic details: the subject\'s description says what to correct.',
			},
			{
				displayName: 'Export Fields',
				name: 'exportFields',
				type: 'string',
				default: '',
				placeholder: 'e.g. first_name, last_name, email, custom_attributes',
				description: 'Comma-separated fields_to_export for access requests. Braze requires it for accounts created after August 2024; empty exports every field.',
			},
			{
				displayName: 'Initial Status',
				name: 'initialStatus',
				type: 'options',
				options: [
					{ name: 'In Progress', value: 'in_progress' },
					{ name: 'Pending', value: 'pending' },
				],
				default: 'in_progress',
				description: 'The status answered to Ketch at once; the workflow reports the final one with the Ketch node',
			},
			{
				displayName: 'Restrict Processing Action',
				name: 'restrictAction',
				type: 'options',
				options: [
					{ name: 'Set Attribute', value: 'attribute', description: 'Set a custom attribute (true) and its purposes list on the existing user' },
					{ name: 'Unsubscribe From Email', value: 'unsubscribe', description: 'Set the global email state to unsubscribed' },
					{ name: 'Unsubscribe and Blocklist Email', value: 'unsubscribeAndBlocklist' },
					{ name: 'No Braze Change', value: 'none', description: 'Let the workflow decide' },
				],
				default: 'attribute',
			},
			{
				displayName: 'Restrict Processing Attribute',
				name: 'restrictAttribute',
				type: 'string',
				default: 'ketch_processing_restricted',
				description: 'Custom attribute set to true; its purposes go to the same name with "_purposes"',
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Drop Retried Deliveries',
				name: 'dropRetries',
				type: 'boolean',
				default: true,
				description:
					'Whether a request whose metadata.uid Braze already has is answered again but starts no execution (remembered only once the Braze node applied it: a failed run never blocks Ketch\'s retry). A copy arriving while the same request is being applied is answered 409 conflict, retry later.',
			},
			{
				displayName: 'Remember For (Hours)',
				name: 'rememberHours',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 24,
				description: 'How many hours applied uids (for Drop Retried Deliveries) and the newest applied settings are remembered (at most 1,000 of each per workflow)',
			},
			{
				displayName: 'Subscription Reply',
				name: 'subscriptionReply',
				type: 'options',
				options: [
					{ name: '204 No Content', value: 204 },
					{ name: '202 Accepted', value: 202 },
				],
				default: 204,
				description: 'The status subscription requests are answered with (the protocol allows either)',
			},
			{
				displayName: 'Without a Mapped Identity',
				name: 'withoutIdentity',
				type: 'options',
				options: [
					{ name: 'Acknowledge, Start Nothing', value: 'acknowledge', description: 'Suits consent from anonymous visitors' },
					{ name: 'Start With No Braze Changes', value: 'run' },
					{ name: 'Refuse With 400', value: 'reject' },
				],
				default: 'acknowledge',
				description: 'What consent and subscription requests with none of the identity spaces get. Rights requests without one are always refused, with a message naming the spaces.',
			},
		],
	},
];

function list(value: string): string[] {
	return value
		.split(',')
		.map((part) => part.trim())
		.filter(Boolean);
}

/** The node's parameters as a MappingConfig, defaults filled in. */
export function readMappingConfig(ctx: IWebhookFunctions): MappingConfig {
	const spaces = ((ctx.getNodeParameter('identitySpaces', {}) as IDataObject).spaces ?? []) as IDataObject[];
	const topics = ((ctx.getNodeParameter('topicMappings', {}) as IDataObject).topics ?? []) as IDataObject[];
	const control = ctx.getNodeParameter('control', {}) as IDataObject;
	const consent = ctx.getNodeParameter('consent', {}) as IDataObject;
	const rights = ctx.getNodeParameter('rights', {}) as IDataObject;
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	const d = DEFAULT_MAPPING;
	const correction = (rights.correctionFields as string[] | undefined) ?? d.correctionFields;
	return {
		identities: spaces
			.map((space) => ({ space: String(space.identitySpace ?? '').trim(), as: (space.brazeIdentifier ?? 'email') as BrazeIdentifierKind }))
			.filter((rule) => rule.space !== ''),
		withoutIdentity: (options.withoutIdentity as MappingConfig['withoutIdentity'] | undefined) ?? d.withoutIdentity,
		topics: topics
			.map((row) => ({
				topic: String(row.topic ?? '').trim(),
				channel: String(row.channel ?? '').trim(),
				groupId: String(row.subscriptionGroupId ?? '').trim(),
			}))
			.filter((row) => row.topic !== '' && row.channel !== '' && row.groupId !== ''),
		control: {
			code: String(control.code ?? d.control.code).trim(),
			onGranted: (control.onGranted as GlobalControlState | undefined) ?? d.control.onGranted,
			onDenied: (control.onDenied as GlobalControlState | undefined) ?? d.control.onDenied,
			blocklistOnDenied: (control.blocklistOnDenied as boolean | undefined) ?? d.control.blocklistOnDenied,
			via: (control.via as 'emailStatus' | 'attribute' | undefined) ?? d.control.via,
		},
		consent: {
			enabled: (consent.enabled as boolean | undefined) ?? d.consent.enabled,
			prefix: String(consent.prefix ?? d.consent.prefix),
			value: (consent.value as 'status' | 'boolean' | undefined) ?? d.consent.value,
			createUsers: (consent.createUsers as boolean | undefined) ?? d.consent.createUsers,
		},
		exportFields: list(String(rights.exportFields ?? '')),
		correctionFields: correction.filter((field): field is CorrectionField => field in CORRECTION_FIELDS),
		restrict: {
			action: (rights.restrictAction as RestrictAction | undefined) ?? d.restrict.action,
			attribute: String(rights.restrictAttribute ?? d.restrict.attribute).trim() || d.restrict.attribute,
		},
	};
}
