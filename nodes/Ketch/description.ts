import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { DSR_REASONS, DSR_STATUSES, type DsrReason, type DsrStatus, RIGHTS_KINDS, type RightsKind } from '../shared/ketch/protocol';
import { parseJsonParameter } from '../shared/values';
import type { StatusEventSettings } from './mapping';

const show = { resource: ['rightsRequest'], operation: ['sendStatusEvent'] };

const label = (value: string) =>
	value
		.split('_')
		.map((word) => word.charAt(0).toUpperCase() + word.slice(1))
		.join(' ');

export const properties: INodeProperties[] = [
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
		description: 'The item field holding the request, as emitted by the Ketch Trigger (kept by Braze Partner Change > Send to Braze)',
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
		description: 'Completed is final: Ketch accepts no later event. Report a request that cannot be served as completed with a reason (e.g. no_match).',
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
			{ name: 'Braze Export (Automatic)', value: 'auto', description: 'The profile Braze Partner Change > Send to Braze exported for an access request, as a JSON document' },
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

/** The parameters of one item, read once; the mapping turns them into the event. */
export function readStatusEventSettings(ctx: IExecuteFunctions, i: number): StatusEventSettings {
	const extra = ctx.getNodeParameter('additionalFields', i, {}) as IDataObject;
	const documents = ctx.getNodeParameter('documents', i, 'auto') as 'auto' | 'json' | 'none';
	return {
		request:
			ctx.getNodeParameter('requestSource', i, 'field') === 'define'
				? {
						source: 'define',
						kind: ctx.getNodeParameter('kind', i) as RightsKind,
						uid: String(ctx.getNodeParameter('uid', i, '')),
						tenant: String(ctx.getNodeParameter('tenant', i, '')),
						callbackUrl: String(ctx.getNodeParameter('callbackUrl', i, '')),
					}
				: { source: 'field', field: String(ctx.getNodeParameter('requestField', i, 'ketch')) },
		status: ctx.getNodeParameter('status', i) as DsrStatus,
		reason: ctx.getNodeParameter('reason', i, 'auto') as DsrReason | 'auto' | 'none',
		documents,
		...(documents === 'json'
			? { documentJson: parseJsonParameter(ctx.getNodeParameter('documentJson', i, '{}'), 'Document (JSON)', i, { object: true }) as IDataObject | undefined }
			: {}),
		placement: ctx.getNodeParameter('placement', i, 'results') as 'results' | 'documents',
		resultMessage: (extra.resultMessage as string | undefined) || undefined,
		requestID: (extra.requestID as string | undefined) || undefined,
		expectedCompletionTimestamp: (extra.expectedCompletionTimestamp as number | undefined) || undefined,
		redirectUrl: (extra.redirectUrl as string | undefined) || undefined,
	};
}
