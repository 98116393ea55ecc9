import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHookFunctions,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { checkTarget } from '../shared/membership/changes';
import type { DeltaAction } from '../shared/membership/diff';
import { readPath } from '../shared/membership/members';
import {
	type PartnerDefaults,
	arrayAttributeDescription,
	checkMapping,
	identifierProperties,
	readMapping,
	readTarget,
	writeProperties,
} from '../shared/membership/properties';
import { MemberCollector, planDeltaSync } from '../shared/membership/sync';
import { readJsonObject } from '../shared/webhook/body';
import { growthLoopWebhookApiTest } from '../shared/webhook/credentialTest';
import { replyBadRequest, replyUnauthorized, replyWithoutRun } from '../shared/webhook/replies';
import { bearerToken, credentialHeader, secretsMatch } from '../shared/webhook/secrets';

const GROWTHLOOP: PartnerDefaults = {
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
const PATH = '={{$parameter["routing"] === "twoPaths" ? ($parameter["path"] ? $parameter["path"] + "/" : "") + ":action" : $parameter["path"]}}';

const properties: INodeProperties[] = [
	{
		displayName:
			'In GrowthLoop, add an "HTTP Endpoint" destination (ask your GrowthLoop admin if it is missing), paste the URL(s) below as its add and remove endpoints, put the token header in Headers (JSON), and use the body template from the docs (docs/growthloop.md). Each call is answered at once, before Braze is written.',
		name: 'intro',
		type: 'notice',
		default: '',
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

type Getter = (name: string, fallback: unknown) => unknown;

const CREDENTIAL = 'growthLoopWebhookApi';

/** Header name and token come from the credential: n8n encrypts it and keeps it out of executions. */
function credentialProblem(credentials: ICredentialDataDecryptedObject): string | undefined {
	if (String(credentials.headerName ?? '').trim() === '') return 'Header Name in the GrowthLoop Webhook API credential is empty: e.g. Authorization';
	if (String(credentials.token ?? '') === '') return 'Token in the GrowthLoop Webhook API credential is empty: set the secret GrowthLoop sends, or choose Authentication "None"';
	return undefined;
}

function configProblem(get: Getter): string | undefined {
	if (get('routing', 'twoPaths') === 'twoPaths') {
		const add = String(get('addPath', 'add') ?? '').trim();
		const remove = String(get('removePath', 'remove') ?? '').trim();
		if (add === '' || remove === '') return 'Add Path and Remove Path must not be empty: e.g. add and remove';
		if (add === remove) return 'Add Path and Remove Path must differ';
		if (/[/:?#\s]/.test(add + remove)) return 'Add Path and Remove Path must be one URL segment each: no "/", ":", "?", "#" or spaces';
	} else if (String(get('actionField', 'action') ?? '').trim() === '') {
		return 'Action Field is empty: e.g. action';
	}
	if (/[:?#\s]/.test(String(get('path', '') ?? ''))) return 'Path must not hold ":", "?", "#" or spaces: e.g. audiences';
	if (String(get('membersField', 'members') ?? '').trim() === '') return 'Members Field is empty: e.g. members';
	const target = readTarget(get, GROWTHLOOP, 'check', 'Check');
	return checkTarget(target) ?? checkMapping(readMapping(get), target.mode);
}

async function authorized(ctx: IWebhookFunctions): Promise<boolean> {
	if (ctx.getNodeParameter('authentication', 'headerToken') !== 'headerToken') return true;
	const { headerName, expected, received: value } = await credentialHeader(ctx, { type: CREDENTIAL, secretField: 'token', defaultHeader: 'Authorization' });
	// Both comparisons always run: which form matched must not show in the timing.
	const bare = secretsMatch(value?.trim(), expected);
	const bearer = headerName === 'authorization' && secretsMatch(bearerToken(value), expected);
	return bare || bearer;
}

function textAt(body: IDataObject, path: string): string | undefined {
	const value = path === '' ? undefined : readPath(body, path);
	if (typeof value === 'string' && value.trim() !== '') return value.trim();
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return undefined;
}

export class GrowthLoopTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'GrowthLoop Trigger',
		name: 'growthLoopTrigger',
		icon: { light: 'file:../../icons/growthloop.svg', dark: 'file:../../icons/growthloop.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["routing"] === "twoPaths" ? "Add and remove URLs" : "One URL"}}',
		description: 'Receive GrowthLoop audience adds and removes (HTTP Endpoint destination) as Braze changes',
		defaults: { name: 'GrowthLoop Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'growthLoopWebhookApi', required: true, testedBy: 'growthLoopWebhookApiTest', displayOptions: { show: { authentication: ['headerToken'] } } }],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				// Without it n8n 2.40 answers the literal text "firstEntryJson".
				responseData: '={{ { "received": true } }}',
				path: PATH,
				isFullPath: true,
			},
		],
		properties,
	};

	methods = { credentialTest: { growthLoopWebhookApiTest } };

	webhookMethods = {
		default: {
			// GrowthLoop has no API to register URLs: the user pastes them, so there is nothing to look up.
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return false;
			},
			// Refuse to go live with a setting that would make every call fail.
			async create(this: IHookFunctions): Promise<boolean> {
				const get: Getter = (name, fallback) => this.getNodeParameter(name, fallback);
				const problem =
					(get('authentication', 'headerToken') === 'headerToken' ? credentialProblem(await this.getCredentials(CREDENTIAL)) : undefined) ??
					configProblem(get);
				if (problem) throw new NodeOperationError(this.getNode(), problem);
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		// The token first: a caller without it learns nothing about the body rules.
		if (!(await authorized(this))) return replyUnauthorized(this, 'token');

		const parsed = readJsonObject(this);
		if (!parsed.ok) return replyBadRequest(this, parsed.error);
		const body = parsed.body;
		const get: Getter = (name, fallback) => this.getNodeParameter(name, fallback);

		let action: DeltaAction;
		if (get('routing', 'twoPaths') === 'twoPaths') {
			const segment = String((this.getParamsData() as IDataObject).action ?? '');
			if (segment === String(get('addPath', 'add')).trim()) action = 'add';
			else if (segment === String(get('removePath', 'remove')).trim()) action = 'remove';
			else return replyWithoutRun(this, 404, { error: 'not_found', message: 'Unknown path: use the add or the remove URL of this trigger' });
		} else {
			const field = String(get('actionField', 'action') ?? 'action').trim();
			const value = readPath(body, field);
			const normalized = typeof value === 'string' ? value.trim().toLowerCase() : undefined;
			if (normalized !== 'add' && normalized !== 'remove') {
				return replyBadRequest(
					this,
					`Field "${field}" must be "add" or "remove", got ${value === undefined ? 'nothing' : JSON.stringify(value).slice(0, 40)}`,
					{ field },
				);
			}
			action = normalized;
		}

		const membersField = String(get('membersField', 'members') ?? 'members').trim();
		const members = readPath(body, membersField);
		if (!Array.isArray(members)) {
			return replyBadRequest(
				this,
				`Field "${membersField}" must be an array of members, e.g. [{"external_id": "u1"}], got ${members === undefined ? 'nothing' : typeof members}`,
				{ field: membersField },
			);
		}

		const nameField = String(get('audienceNameField', 'audience.name') ?? '').trim();
		const audienceName = String(get('audienceName', '') ?? '').trim() || textAt(body, nameField);
		if (!audienceName) {
			return replyBadRequest(
				this,
				`Field "${nameField}" must hold the audience name (the value written to Braze), or set Audience Name on the trigger`,
				{ field: nameField },
			);
		}
		const audienceId = textAt(body, String(get('audienceIdField', 'audience.id') ?? '').trim());

		const target = readTarget(get, GROWTHLOOP, audienceId ?? audienceName, audienceName);
		const mapping = readMapping(get);
		const problem = checkTarget(target) ?? checkMapping(mapping, target.mode);
		if (problem) return replyBadRequest(this, problem);

		if (members.length === 0) return replyWithoutRun(this, 200, { message: 'No members: nothing to do' });

		const collector = new MemberCollector(mapping, false, 0);
		for (const member of members) collector.add(member, 0);
		const options = get('options', {}) as IDataObject;
		const batchSize = Math.max(1, Math.min(10000, Math.floor(Number(options.changesPerItem ?? 1000)) || 1000));
		const plan = planDeltaSync(collector.result(), action, target, mapping, { batchSize });

		const context = { action, ...(audienceId ? { audienceId } : {}), audienceName };
		const items: INodeExecutionData[] = plan.batches.map((batch, index) => ({
			json: { ...context, batch: index + 1, brazeChanges: batch.changes as unknown as IDataObject[] },
		}));
		items.push({
			json: {
				summary: {
					partner: 'growthloop',
					...context,
					receivedAt: new Date().toISOString(),
					writeMode: target.mode,
					attribute: target.attributeName,
					matchBy: mapping.matchBy,
					received: members.length,
					...plan.counts,
					changeItems: plan.batches.length,
				} as unknown as IDataObject,
				brazeChanges: [],
			},
		});
		return { workflowData: [items] };
	}
}
