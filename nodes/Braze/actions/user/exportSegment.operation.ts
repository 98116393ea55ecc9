import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { DEFAULT_EXPORT_FIELDS } from '../../../shared/braze/endpoints/usersExportIds';
import { executeReads } from '../executeReads';
import { locatorProperty, readList, readLocator } from '../helpers';

/**
 * User > Export Segment: POST /users/export/segment starts an export of every user in a segment
 * and answers where it will land, not the users: `object_prefix` (the files' name prefix in your
 * S3 or Azure bucket, under segment-export/<segment ID>/<date>/), and `url`, a ZIP to download once
 * the export is done, when the workspace has no bucket set up. A Callback URL gets a POST when it is ready.
 */

const displayOptions = { show: { resource: ['user'], operation: ['exportSegment'] } };

const properties: INodeProperties[] = [
	{
		displayName: 'Braze exports in the background: the output says where the files will be (object_prefix, and a download url without your own S3 or Azure bucket), not the users. Large segments take an hour or more.',
		name: 'exportSegmentNotice',
		type: 'notice',
		default: '',
	},
	locatorProperty({ displayName: 'Segment', name: 'segmentId', searchListMethod: 'searchSegments', thing: 'segment' }),
	{
		displayName: 'Fields to Export',
		name: 'fieldsToExport',
		type: 'string',
		default: DEFAULT_EXPORT_FIELDS.join(', '),
		required: true,
		description: 'Profile fields, comma-separated; custom_attributes exports all custom attributes',
	},
	{
		displayName: 'Options',
		name: 'exportSegmentOptions',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Callback URL',
				name: 'callbackEndpoint',
				type: 'string',
				default: '',
				placeholder: 'e.g. https://n8n.example.com/webhook/braze-export',
				description: 'Braze POSTs here when the export is ready, with the download URL when there is one (e.g. an n8n Webhook)',
			},
			{
				displayName: 'Output Format',
				name: 'outputFormat',
				type: 'options',
				options: [
					{ name: 'ZIP', value: 'zip' },
					{ name: 'Gzip', value: 'gzip' },
				],
				default: 'zip',
				description: 'File format in your own S3 bucket',
			},
		],
	},
];

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await executeReads.call(this, async (transport, i) => {
		const segmentId = readLocator(this, 'segmentId', i);
		if (!segmentId) throw new Error('Segment is empty: pick one from the list or give its ID');
		const fields = readList(this.getNodeParameter('fieldsToExport', i, ''));
		if (!fields.length) throw new Error('Fields to Export is empty: Braze requires at least one field');
		const options = this.getNodeParameter('exportSegmentOptions', i, {}) as IDataObject;
		const body: IDataObject = {
			segment_id: segmentId,
			fields_to_export: fields,
			...(String(options.callbackEndpoint ?? '').trim() ? { callback_endpoint: String(options.callbackEndpoint).trim() } : {}),
			...(options.outputFormat ? { output_format: options.outputFormat } : {}),
		};
		const result = await transport.call({ method: 'POST', endpoint: '/users/export/segment', credential: 'brazeApi', body });
		if (!result.ok) throw new Error(`/users/export/segment: ${result.error ?? 'Braze did not answer'}`);
		const where = { ...(result.body ?? {}) };
		delete where.message;
		return [{ segment_id: segmentId, ...where }];
	});
}
