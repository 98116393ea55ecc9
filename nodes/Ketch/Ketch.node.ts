import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { ketchApiTest } from '../shared/ketch/credentialTest';
import { DSR_REASONS, DSR_STATUSES, type DsrReason, type DsrStatus, RIGHTS_KINDS, type RightsKind } from '../shared/ketch/protocol';
import { SEALED_HEADERS_HEADER } from '../shared/ketch/seal';
import {
	MAX_JSON_DOCUMENTS_BYTES,
	type RequestRef,
	brazeExports,
	buildStatusEvent,
	checkCallbackUrl,
	documentsBytes,
	jsonDocument,
	readRequestRef,
} from './statusEvent';

const show = { resource: ['rightsRequest'], operation: ['sendStatusEvent'] };

const label = (value: string) =>
	value
		.split('_')
		.map((word) => word.charAt(0).toUpperCase() + word.slice(1))
		.join(' ');

const properties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [{ name: 'Rights Request', value: 'rightsRequest' }],
		default: 'rightsRequest',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['rightsRequest'] } },
		options: [
			{
				name: 'Send Status Event',
				value: 'sendStatusEvent',
				action: 'Send a status event',
				description: 'Report the status of a rights request to the callbacks Ketch gave with it, e.g. completed after Braze did the work',
			},
		],
		default: 'sendStatusEvent',
	},
	{
		displayName: 'Request Source',
		name: 'requestSource',
		type: 'options',
		options: [
			{ name: 'Field of Input Item', value: 'field', description: 'The "ketch" field the Ketch Trigger emits (callback headers included, sealed)' },
			{ name: 'Define Below', value: 'define', description: 'Kind, uid, tenant and a callback URL; sent without callback headers' },
		],
		default: 'field',
		displayOptions: { show },
	},
	{
		displayName: 'Request Field',
		name: 'requestField',
		type: 'string',
		default: 'ketch',
		description: 'The item field holding the request, as emitted by the Ketch Trigger (kept by Braze Change > Apply)',
		displayOptions: { show: { ...show, requestSource: ['field'] } },
	},
	{
		displayName: 'Request Kind',
		name: 'kind',
		type: 'options',
		options: RIGHTS_KINDS.map((kind) => ({ name: kind.replace(/([a-z])([A-Z])/g, '$1 $2'), value: kind })),
		default: 'DeleteRequest',
		displayOptions: { show: { ...show, requestSource: ['define'] } },
	},
	{
		displayName: 'Request UID',
		name: 'uid',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 22880925-aac5-42f9-a653-cb6921d361ff',
		description: 'The metadata.uid of the rights request',
		displayOptions: { show: { ...show, requestSource: ['define'] } },
	},
	{
		displayName: 'Tenant',
		name: 'tenant',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. axonic',
		description: 'The metadata.tenant of the rights request (your Ketch organization code)',
		displayOptions: { show: { ...show, requestSource: ['define'] } },
	},
	{
		displayName: 'Callback URL',
		name: 'callbackUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. https://dsr.ketch.com/callback',
		displayOptions: { show: { ...show, requestSource: ['define'] } },
	},
	{
		displayName: 'Status',
		name: 'status',
		type: 'options',
		options: DSR_STATUSES.map((status) => ({ name: label(status), value: status })),
		default: 'completed',
		description: 'Completed, cancelled and denied are final: Ketch accepts no later event',
		displayOptions: { show },
	},
	{
		displayName: 'Reason',
		name: 'reason',
		type: 'options',
		options: [
			{ name: 'Automatic', value: 'auto', description: 'No_match when a Braze export found no user, otherwise none' },
			{ name: 'None', value: 'none' },
			...DSR_REASONS.map((reason) => ({ name: label(reason), value: reason })),
		],
		default: 'auto',
		displayOptions: { show },
	},
	{
		displayName: 'Documents',
		name: 'documents',
		type: 'options',
		options: [
			{ name: 'Braze Export (Automatic)', value: 'auto', description: 'The profile Braze Change > Apply exported for an access request, as a JSON document' },
			{ name: 'JSON', value: 'json', description: 'A JSON object of your own' },
			{ name: 'None', value: 'none' },
		],
		default: 'auto',
		displayOptions: { show },
	},
	{
		displayName: 'Document (JSON)',
		name: 'documentJson',
		type: 'json',
		default: '{}',
		description: 'Sent base64-encoded as a JSON document; Ketch merges JSON documents (at most 1 MB in total)',
		displayOptions: { show: { ...show, documents: ['json'] } },
	},
	{
		displayName: 'Document Placement',
		name: 'placement',
		type: 'options',
		options: [
			{ name: 'Results (Shared With the Data Subject)', value: 'results' },
			{ name: 'Documents (Internal, for Ketch Operators)', value: 'documents' },
		],
		default: 'results',
		displayOptions: { show },
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Expected Completion Timestamp',
				name: 'expectedCompletionTimestamp',
				type: 'number',
				default: 0,
				description: 'UNIX time in seconds at which the request is expected to complete',
			},
			{
				displayName: 'Redirect URL',
				name: 'redirectUrl',
				type: 'string',
				default: '',
				placeholder: 'e.g. https://example.com/confirm',
				description: 'Where to send the data subject, e.g. for a confirmation',
			},
			{
				displayName: 'Request ID',
				name: 'requestID',
				type: 'string',
				default: '',
				description: 'Your ID for the request, e.g. the n8n execution ID',
			},
			{
				displayName: 'Result Message',
				name: 'resultMessage',
				type: 'string',
				default: '',
				placeholder: 'e.g. Your data was deleted from our messaging platform',
				description: 'A message about the status, for the data subject',
			},
		],
	},
];

interface CallbackResult {
	url: string;
	statusCode: number;
}

export class Ketch implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Ketch',
		name: 'ketch',
		icon: { light: 'file:../../icons/ketch.svg', dark: 'file:../../icons/ketch.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] === "sendStatusEvent" ? "Send " + $parameter["status"] + " status event" : ""}}',
		description: 'Complete Ketch privacy rights requests: report their status to Ketch',
		defaults: { name: 'Ketch' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'ketchApi', required: true, testedBy: 'ketchApiTest' }],
		properties,
	};

	methods = { credentialTest: { ketchApiTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const output: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			try {
				const ref = readRef(this, i, items[i].json);
				const event = buildEvent(this, i, items[i].json, ref);
				const sent = await sendToCallbacks(this, i, ref, event);
				const summary = event.event as IDataObject;
				output.push({
					json: {
						...items[i].json,
						ketchStatusEvent: {
							kind: event.kind,
							status: summary.status,
							...(summary.reason ? { reason: summary.reason } : {}),
							documents: ((summary.results ?? summary.documents ?? []) as IDataObject[]).length,
							callbacks: sent as unknown as IDataObject[],
						},
					},
					pairedItem: { item: i },
				});
			} catch (error) {
				const failure =
					error instanceof NodeOperationError ? error : new NodeOperationError(this.getNode(), `[item ${i}] ${(error as Error).message}`, { itemIndex: i });
				if (!this.continueOnFail()) throw failure;
				output.push({ json: { ...items[i].json, error: failure.message }, error: failure, pairedItem: { item: i } });
			}
		}
		return [output];
	}
}

function fail(ctx: IExecuteFunctions, i: number, message: string): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), `[item ${i}] ${message}`, { itemIndex: i });
}

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return undefined;
	}
}

function readRef(ctx: IExecuteFunctions, i: number, json: IDataObject): RequestRef {
	if (ctx.getNodeParameter('requestSource', i, 'field') === 'define') {
		const uid = String(ctx.getNodeParameter('uid', i, '')).trim();
		const tenant = String(ctx.getNodeParameter('tenant', i, '')).trim();
		const url = String(ctx.getNodeParameter('callbackUrl', i, '')).trim();
		if (!uid || !tenant || !url) throw fail(ctx, i, 'Request UID, Tenant and Callback URL are required: copy them from the Ketch request');
		return { kind: ctx.getNodeParameter('kind', i) as RightsKind, metadata: { uid, tenant }, callbacks: [{ url }] };
	}
	return readRequestRef(json, String(ctx.getNodeParameter('requestField', i, 'ketch')));
}

function buildEvent(ctx: IExecuteFunctions, i: number, json: IDataObject, ref: RequestRef): IDataObject {
	const status = ctx.getNodeParameter('status', i) as DsrStatus;
	const reasonParameter = ctx.getNodeParameter('reason', i, 'auto') as DsrReason | 'auto' | 'none';
	const source = ctx.getNodeParameter('documents', i, 'auto') as 'auto' | 'json' | 'none';
	const extra = ctx.getNodeParameter('additionalFields', i, {}) as IDataObject;

	let documents: IDataObject[] = [];
	let reason: DsrReason | undefined = reasonParameter === 'auto' || reasonParameter === 'none' ? undefined : reasonParameter;
	const exported = ref.kind === 'AccessRequest' ? brazeExports(json) : undefined;
	if (source === 'auto' && exported) {
		documents = exported.found.map((user) => jsonDocument({ braze: user }));
	} else if (source === 'json') {
		const raw = ctx.getNodeParameter('documentJson', i, '{}');
		const value = typeof raw === 'string' ? parseJson(raw) : raw;
		if (value === undefined) throw fail(ctx, i, 'Document (JSON) is not valid JSON');
		if (value === null || typeof value !== 'object' || Array.isArray(value)) throw fail(ctx, i, 'Document (JSON) must be a JSON object');
		documents = [jsonDocument(value)];
	}
	if (reasonParameter === 'auto' && status === 'completed' && exported && exported.found.length === 0) reason = 'no_match';

	const bytes = documentsBytes(documents);
	if (bytes > MAX_JSON_DOCUMENTS_BYTES) {
		throw fail(
			ctx,
			i,
			`The documents hold ${bytes} bytes of JSON; Ketch accepts at most ${MAX_JSON_DOCUMENTS_BYTES}. Set Export Fields in the Ketch Trigger to export fewer Braze fields.`,
		);
	}
	return buildStatusEvent(ref, {
		status,
		reason,
		documents,
		placement: ctx.getNodeParameter('placement', i, 'results') as 'results' | 'documents',
		resultMessage: (extra.resultMessage as string | undefined) || undefined,
		requestID: (extra.requestID as string | undefined) || undefined,
		expectedCompletionTimestamp: (extra.expectedCompletionTimestamp as number | undefined) || undefined,
		redirectUrl: (extra.redirectUrl as string | undefined) || undefined,
	});
}

function ketchMessage(body: unknown): string {
	if (body && typeof body === 'object') {
		const error = (body as IDataObject).error;
		if (error && typeof error === 'object' && typeof (error as IDataObject).message === 'string') return String((error as IDataObject).message);
		if (typeof (body as IDataObject).message === 'string') return String((body as IDataObject).message);
	}
	return typeof body === 'string' ? body.slice(0, 300) : '';
}

/**
 * POSTs the event to every callback. The callback headers travel sealed to the Ketch credential,
 * which opens them (credentials/KetchApi.credentials.ts): they never appear in items or errors.
 */
async function sendToCallbacks(ctx: IExecuteFunctions, i: number, ref: RequestRef, event: IDataObject): Promise<CallbackResult[]> {
	if (ref.callbacks.length === 0) {
		throw fail(ctx, i, 'The request has no callbacks: Ketch gave no URL to report its status to');
	}
	// Every URL is checked before anything is sent, so a bad one never leaves a partial report.
	for (const callback of ref.callbacks) checkCallbackUrl(callback.url);
	const results: CallbackResult[] = [];
	const failures: string[] = [];
	for (const callback of ref.callbacks) {
		const request: IHttpRequestOptions = {
			method: 'POST',
			url: callback.url,
			body: event,
			json: true,
			headers: {
				Accept: 'application/json',
				'Content-Type': 'application/json',
				...(callback.sealedHeaders ? { [SEALED_HEADERS_HEADER]: callback.sealedHeaders } : {}),
			},
			ignoreHttpStatusErrors: true,
			returnFullResponse: true,
		};
		let response: { statusCode: number; body: unknown };
		try {
			response = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, 'ketchApi', request)) as { statusCode: number; body: unknown };
		} catch (error) {
			throw new NodeOperationError(ctx.getNode(), `[item ${i}] Sending the ${String(event.kind)} to ${new URL(callback.url).origin} failed: ${(error as Error).message}`, {
				itemIndex: i,
			});
		}
		results.push({ url: callback.url, statusCode: response.statusCode });
		if (response.statusCode >= 300) {
			const message = ketchMessage(response.body);
			failures.push(`${new URL(callback.url).origin} answered HTTP ${response.statusCode}${message ? `: ${message}` : ''}`);
		}
	}
	if (failures.length) {
		throw new NodeOperationError(ctx.getNode(), `[item ${i}] Ketch refused the ${String(event.kind)}: ${failures.join('; ')}`, {
			itemIndex: i,
			description: 'Once a request is completed, cancelled or denied, Ketch accepts no further events.',
		});
	}
	return results;
}
