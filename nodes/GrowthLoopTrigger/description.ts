import type { INodeProperties } from 'n8n-workflow';

import { type PartnerDefaults, arrayAttributeDescription, identifierProperties, writeProperties } from '../shared/membership/properties';
import { respondProperty } from '../shared/webhook/respond';

export const GROWTHLOOP: PartnerDefaults = {
	arrayAttribute: 'growthloop_audiences',
	booleanPrefix: 'growthloop_',
	noun: 'audience',
	cohortImport: false,
	attributeNotice:
		'GrowthLoop\'s own Braze destination sets a membership flag whose name and type are not public; this trigger writes the custom attribute you choose here (e.g. growthloop_audiences includes value "Churn Risk").',
	arrayAttributeProperty: {
		displayName: 'Attribute Name',
		name: 'attributeName',
		type: 'string',
		default: 'growthloop_audiences',
		placeholder: 'e.g. growthloop_audiences',
		description: arrayAttributeDescription('audience'),
	},
};

/**
 * Two URLs are one dynamic path, [path/]:action, which n8n serves under the trigger's own ID
 * (…/webhook/<id>/add and …/remove), as the Webhook node does for route parameters. One URL is
 * …/webhook/<id> when Path is empty, or the path itself (then it must be unique on the instance).
 */
export const PATH = '={{$parameter["routing"] === "twoPaths" ? ($parameter["path"] ? $parameter["path"] + "/" : "") + ":action" : $parameter["path"]}}';

export const properties: INodeProperties[] = [
	{
		// n8n's notice keeps only <a>, <ul> and <li>: one list item a setting, one a template line.
		displayName:
			'In GrowthLoop, add an "HTTP Endpoint" destination (ask your GrowthLoop admin if it is missing) and set:<ul>' +
			'<li>Add and remove endpoints: the URL(s) below</li>' +
			'<li>Headers (JSON): the token header of the credential</li>' +
			'<li>Request body template (Handlebars; use the variable names your export offers):<ul>' +
			'<li>{</li>' +
			'<li>"audience": {"id": "{{audience_id}}", "name": "{{audience_name}}"},</li>' +
			'<li>"members": [{{#each records}}</li>' +
			'<li>{"external_id": "{{this.user_id}}", "email": "{{this.email}}"}{{#unless @last}},{{/unless}}</li>' +
			'<li>{{/each}}]</li>' +
			'<li>}</li></ul>' +
			'With one URL, add "action": "add" (or "remove") at the top level.</li></ul>' +
			'Each call is answered once Braze has the changes (Respond), 500 if the run failed, so GrowthLoop can retry it. ' +
			'<a href="https://github.com/n8n-nodes-braze/n8n-nodes-braze/blob/main/docs/growthloop.md" target="_blank">Setup guide</a>',
		name: 'intro',
		type: 'notice',
		default: '',
	},
	{
		...respondProperty('GrowthLoop', '200'),
		description: 'When GrowthLoop gets its answer: once Braze has the changes (a failed run is answered 500; memberships are idempotent, so a retry is safe), or at once',
	},
	{
		displayName: 'Routing',
		name: 'routing',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Separate Add and Remove URLs', value: 'twoPaths', description: 'GrowthLoop calls one URL to add members and another to remove them' },
			{ name: 'One URL With an Action Field', value: 'actionField', description: 'One URL; the body says "add" or "remove"' },
		],
		default: 'twoPaths',
	},
	{
		displayName: 'Path',
		name: 'path',
		type: 'string',
		default: '',
		placeholder: 'e.g. audiences',
		description:
			'Optional. Empty: the URLs are …/webhook/(trigger ID)/add and …/remove, or …/webhook/(trigger ID) for one URL. With separate URLs the path goes after the trigger ID; with one URL it replaces it, so it must be unique on this n8n.',
	},
	{
		displayName: 'Add Path',
		name: 'addPath',
		type: 'string',
		default: 'add',
		placeholder: 'e.g. add',
		description: 'Last part of the URL that adds members',
		displayOptions: { show: { routing: ['twoPaths'] } },
	},
	{
		displayName: 'Remove Path',
		name: 'removePath',
		type: 'string',
		default: 'remove',
		placeholder: 'e.g. remove',
		description: 'Last part of the URL that removes members',
		displayOptions: { show: { routing: ['twoPaths'] } },
	},
	{
		displayName: 'Action Field',
		name: 'actionField',
		type: 'string',
		default: 'action',
		placeholder: 'e.g. action',
		description: 'Body field (dot notation for nested fields) holding "add" or "remove"',
		displayOptions: { show: { routing: ['actionField'] } },
	},
	{
		displayName: 'Authentication',
		name: 'authentication',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Header Token', value: 'headerToken', description: 'GrowthLoop sends the token of a GrowthLoop Webhook API credential in a header you set in its Headers (JSON)' },
			{ name: 'None', value: 'none', description: 'Anyone who knows the URL can change memberships' },
		],
		default: 'headerToken',
	},
	{
		displayName: 'Members Field',
		name: 'membersField',
		type: 'string',
		default: 'members',
		placeholder: 'e.g. members',
		description: 'Body field holding the array of members (objects, or plain identifiers)',
	},
	{
		displayName: 'Audience Name Field',
		name: 'audienceNameField',
		type: 'string',
		default: 'audience.name',
		placeholder: 'e.g. audience.name',
		description: 'Body field holding the audience name, the value written to Braze',
	},
	{
		displayName: 'Audience ID Field',
		name: 'audienceIdField',
		type: 'string',
		default: 'audience.id',
		placeholder: 'e.g. list.key',
		description: 'Body field holding the audience ID (optional; passed on in the output)',
	},
	{
		displayName: 'Audience Name',
		name: 'audienceName',
		type: 'string',
		default: '',
		placeholder: 'e.g. Churn Risk',
		description: 'A fixed audience name, for a URL that serves one audience. Overrides the body.',
	},
	...writeProperties(GROWTHLOOP),
	...identifierProperties(GROWTHLOOP, 'each member'),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Changes per Item',
				name: 'changesPerItem',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 10000 },
				default: 1000,
				description: 'How many Braze changes one output item carries. The Braze node packs changes into requests across items.',
			},
		],
	},
];
