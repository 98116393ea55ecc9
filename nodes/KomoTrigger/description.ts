import type { INodeProperties } from 'n8n-workflow';

import { STANDARD_ATTRIBUTES } from '../shared/values';
import { respondProperty } from '../shared/webhook/respond';
import { ANY_TRIGGER } from './mapping';

/** Trigger names Komo Workflows document (developers.komo.tech/workflows and Komo's partner hub). */
export const KOMO_TRIGGERS = [
	'Contact.Created',
	'Contact.Identified',
	'Contact.ListAdded',
	'Contact.PropertyUpdated',
	'Contact.Verified.Sso',
	'Coupon.Redeemed',
	'Gameplay.Action',
	'Gameplay.DataCaptured',
	'Gameplay.DataCapturedQualified',
	'Gameplay.Ended',
	'Prize.Won',
];

/** The top-level keys of the body we recommend for Komo's HTTP Request step (docs/komo.md explains each). */
export const BODY_TEMPLATE_KEYS = [
	'"trigger": "Gameplay.DataCaptured"',
	'"occurredAt": "2026-01-31T12:00:00Z"',
	'"card": {"id": "…", "name": "…"}',
	'"contact": {"email": "…", "phone": "…", "externalId": "…"}',
	'"form": {"first_name": "…"}',
	'"answers": [{"id": "…", "question": "…", "answer": "…"}]',
	'"consent": {"marketing": true}',
];

/** Standard attributes a Komo field can fill (subscription states come from the consent settings). */
const STANDARD_ATTRIBUTE_OPTIONS = STANDARD_ATTRIBUTES.filter((attribute) => !attribute.value.endsWith('_subscribe')).map((attribute) =>
	attribute.value === 'gender' ? { ...attribute, description: 'M, F, O, N or P; "male", "female", "other", ... are converted.' } : attribute,
);

export const CUSTOM_ATTRIBUTE = '__custom';

const alias = (modes: string[]) => ({ show: { userMapping: modes } });

export const properties: INodeProperties[] = [
	{
		// n8n's notice keeps only <a>, <ul> and <li> (it drops <br> and <code>): one list item a key.
		displayName:
			"Point a Komo Workflow's HTTP Request step at the URL above (POST, JSON). Recommended body, a JSON object with:" +
			`<ul>${BODY_TEMPLATE_KEYS.map((key) => `<li>${key}</li>`).join('')}</ul>` +
			'Other shapes work too: set the field paths below. ' +
			'<a href="https://github.com/n8n-nodes-braze/n8n-nodes-braze/blob/main/docs/komo.md" target="_blank">What each key does</a>',
		name: 'bodyTemplateNotice',
		type: 'notice',
		default: '',
	},
	// ---- who may call ----
	{
		displayName: 'Authentication',
		name: 'authentication',
		type: 'options',
		options: [
			{ name: 'Shared Secret Header', value: 'headerSecret', description: 'Komo sends the secret of a Komo Webhook API credential in a header you add to its HTTP Request step' },
			{ name: 'None', value: 'none', description: 'Anyone who knows the URL can write to your Braze profiles' },
		],
		default: 'headerSecret',
	},
	// ---- which triggers ----
	{
		...respondProperty('Komo', '200'),
		description: 'When Komo\'s HTTP Request step gets its answer: once Braze has the changes (a failed run is answered 500), or at once',
	},
	{
		displayName: 'Trigger Names',
		name: 'triggers',
		type: 'multiOptions',
		options: [
			{ name: 'Any Trigger', value: ANY_TRIGGER },
			...KOMO_TRIGGERS.map((name) => ({ name, value: name })),
		],
		default: [ANY_TRIGGER],
		description: 'Only bodies whose trigger name is one of these start a run; others are acknowledged with 200 and ignored',
	},
	{
		displayName: 'Other Trigger Names',
		name: 'otherTriggers',
		type: 'string',
		default: '',
		placeholder: 'e.g. Loyalty.PointsAwarded, Contact.Unsubscribed',
		description: 'Comma-separated trigger names not in the list above',
	},
	{
		displayName: 'Trigger Name Field',
		name: 'triggerPath',
		type: 'string',
		default: 'trigger',
		placeholder: 'e.g. trigger',
		description: 'Dot path of the trigger name in the body (the recommended body puts it at "trigger")',
	},
	// ---- who the user is ----
	{
		displayName: 'User Mapping',
		name: 'userMapping',
		type: 'options',
		options: [
			{ name: 'User Alias by Email', value: 'alias_email', description: 'The most common choice: an alias with label "email" and the email as name' },
			{ name: 'User Alias by Phone', value: 'alias_phone', description: 'An alias with label "phone" and the E.164 number as name' },
			{ name: 'External ID', value: 'external_id', description: 'When a Komo field captures your own user ID' },
			{ name: 'Braze ID', value: 'braze_id', description: 'When a Komo field captures the Braze ID (never creates users)' },
		],
		default: 'alias_email',
		description: 'How a Komo contact is found in Braze, as in Komo\'s own Braze connector',
	},
	{
		displayName: 'Email Field',
		name: 'emailPath',
		type: 'string',
		default: 'contact.email',
		required: true,
		placeholder: 'e.g. contact.email',
		description: 'Dot path of the email in the body. Missing or empty: 400 and no execution.',
		displayOptions: alias(['alias_email']),
	},
	{
		displayName: 'Phone Field',
		name: 'phonePath',
		type: 'string',
		default: 'contact.phone',
		required: true,
		placeholder: 'e.g. contact.phone',
		description: 'Dot path of the phone number in the body. Missing or empty: 400 and no execution.',
		displayOptions: alias(['alias_phone']),
	},
	{
		displayName: 'External ID Field',
		name: 'externalIdPath',
		type: 'string',
		default: 'contact.externalId',
		required: true,
		placeholder: 'e.g. contact.externalId',
		description: 'Dot path of your user ID in the body. Missing or empty: 400 and no execution.',
		displayOptions: alias(['external_id']),
	},
	{
		displayName: 'Braze ID Field',
		name: 'brazeIdPath',
		type: 'string',
		default: 'contact.brazeId',
		required: true,
		placeholder: 'e.g. contact.brazeId',
		description: 'Dot path of the Braze ID in the body. Missing or empty: 400 and no execution.',
		displayOptions: alias(['braze_id']),
	},
	{
		displayName: 'Alias Label',
		name: 'emailAliasLabel',
		type: 'string',
		default: 'email',
		placeholder: 'e.g. email',
		displayOptions: alias(['alias_email']),
	},
	{
		displayName: 'Alias Label',
		name: 'phoneAliasLabel',
		type: 'string',
		default: 'phone',
		placeholder: 'e.g. phone',
		displayOptions: alias(['alias_phone']),
	},
	{
		displayName: 'Update Existing Users Only',
		name: 'updateExistingOnly',
		type: 'boolean',
		default: false,
		description:
			'Whether to only update users Braze already has. Off: a new alias-only (or external ID) user is created for a new contact.',
	},
	// ---- what is sent ----
	{
		displayName: 'Field Mapping',
		name: 'fieldMappings',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Field',
		default: {},
		description: 'Only mapped fields are sent. An empty or missing value is skipped, so it never overwrites what Braze has.',
		options: [
			{
				displayName: 'Mapping',
				name: 'mapping',
				values: [
					{
						displayName: 'Komo Field',
						name: 'komoField',
						type: 'string',
						default: '',
						placeholder: 'e.g. form.first_name',
						description: 'Dot path of the value in the body',
					},
					{
						displayName: 'Braze Attribute',
						name: 'brazeAttribute',
						type: 'options',
						options: [{ name: 'Custom Attribute', value: CUSTOM_ATTRIBUTE }, ...STANDARD_ATTRIBUTE_OPTIONS],
						default: CUSTOM_ATTRIBUTE,
					},
					{
						displayName: 'Custom Attribute Name',
						name: 'customAttribute',
						type: 'string',
						default: '',
						placeholder: 'e.g. favourite_team',
						displayOptions: { show: { brazeAttribute: [CUSTOM_ATTRIBUTE] } },
					},
				],
			},
		],
	},
	{
		displayName: 'Market Research Answers',
		name: 'answersAs',
		type: 'options',
		options: [
			{ name: 'Custom Event', value: 'event', description: 'One event with every answer as a property' },
			{ name: 'Attributes', value: 'attributes', description: 'One custom attribute per question' },
			{ name: 'Custom Event and Attributes', value: 'both' },
			{ name: 'Ignore', value: 'none' },
		],
		default: 'event',
		description: 'What quiz, poll, personality test and swiper answers become in Braze. Empty answers are never sent.',
	},
	{
		displayName: 'Answers Field',
		name: 'answersPath',
		type: 'string',
		default: 'answers',
		placeholder: 'e.g. answers',
		description: 'Dot path of the answers: a list of objects with "question" and "answer" (optionally a question identifier), or one {"question": "answer"} object',
		displayOptions: { hide: { answersAs: ['none'] } },
	},
	{
		displayName: 'Event Name',
		name: 'eventName',
		type: 'string',
		default: 'komo_quiz_answered',
		required: true,
		placeholder: 'e.g. komo_quiz_answered',
		displayOptions: { show: { answersAs: ['event', 'both'] } },
	},
	{
		displayName: 'One Event per Answer',
		name: 'eventPerAnswer',
		type: 'boolean',
		default: false,
		description: 'Whether to send one event per answer (properties question_key, question, answer) instead of one event per submission',
		displayOptions: { show: { answersAs: ['event', 'both'] } },
	},
	{
		displayName: 'Attribute Prefix',
		name: 'answerAttributePrefix',
		type: 'string',
		default: 'komo_',
		placeholder: 'e.g. komo_',
		description: 'Each answer becomes the attribute prefix + the question ID (or question text) as lower_snake_case',
		displayOptions: { show: { answersAs: ['attributes', 'both'] } },
	},
	{
		displayName: 'Opt In From Consent Field',
		name: 'subscribeOnConsent',
		type: 'boolean',
		default: false,
		description: 'Whether to subscribe the user to a subscription group when a consent field is true',
	},
	{
		displayName: 'Consent Field',
		name: 'consentPath',
		type: 'string',
		default: 'consent.marketing',
		placeholder: 'e.g. consent.marketing',
		description: 'Dot path of the consent value: true/false, yes/no, 1/0, "on", "checked", ... Missing means no change.',
		displayOptions: { show: { subscribeOnConsent: [true] } },
	},
	{
		displayName: 'Subscription Group ID',
		name: 'subscriptionGroupId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 7a1c1e2a-4f6b-4bd4-9a0b-3f0d6a9b2c11',
		description: 'From Braze: Audience > Subscriptions',
		displayOptions: { show: { subscribeOnConsent: [true] } },
	},
	{
		displayName: 'Write Consent As',
		name: 'consentAs',
		type: 'options',
		options: [
			{
				name: 'Best for the User Mapping',
				value: 'auto',
				description: 'External ID: a subscription group change after the profile update. Alias or Braze ID: in the profile update itself.',
			},
			{
				name: 'Subscription Group Change',
				value: 'subscription',
				description: 'Through /v2/subscription/status/set by external ID, email or phone (Braze ID: profile update). Braze creates a user for an unknown email or phone.',
			},
			{
				name: 'In the Profile Update',
				value: 'attribute',
				description: 'As subscription_groups in the same /users/track update: lands on the very profile updated or created, respects Update Existing Users Only',
			},
		],
		default: 'auto',
		displayOptions: { show: { subscribeOnConsent: [true] } },
	},
	{
		displayName: 'Unsubscribe When Declined',
		name: 'unsubscribeOnDecline',
		type: 'boolean',
		default: false,
		description: 'Whether a consent field that is false unsubscribes the user (off: only opt-ins are sent)',
		displayOptions: { show: { subscribeOnConsent: [true] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Event Time Field',
				name: 'occurredAtPath',
				type: 'string',
				default: 'occurredAt',
				placeholder: 'e.g. occurredAt',
				description: 'Dot path of the time of the entry (ISO 8601 or epoch); missing or unreadable: the time n8n received it',
			},
			{
				displayName: 'Delivery ID Field',
				name: 'deliveryIdPath',
				type: 'string',
				default: 'entryId',
				placeholder: 'e.g. entryId',
				description: 'Dot path of an ID unique to each Komo entry. A delivery whose trigger and ID Braze got in the last 24 hours is answered 200 and starts nothing, so a resent call never records an event twice; one arriving while the same entry is being applied is answered 409 (retry later). Remembered only once the Braze node applied it: a failed run never blocks the retry. Empty: every delivery starts a run.',
			},
		],
	},
];
