import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { brazeGet, collectPages } from '../../../shared/braze/paging';
import { brazeDate } from '../email/emailList';
import { executeReads } from '../executeReads';
import { readLimit, readList, returnAllFields } from '../helpers';

/** GET /sms/invalid_phone_numbers: by date range (offset pages of up to 500) or by numbers. */

const PAGE_SIZE = 500;
const displayOptions = { show: { resource: ['sms'], operation: ['getInvalidPhoneNumbers'] } };

const properties: INodeProperties[] = [
	{
		displayName: 'Filter By',
		name: 'smsFilterBy',
		type: 'options',
		options: [
			{ name: 'Date Range', value: 'dateRange', description: 'Numbers Braze found invalid between two dates' },
			{ name: 'Phone Numbers', value: 'phoneNumbers', description: 'Whether these numbers are on the list' },
		],
		default: 'dateRange',
	},
	{ displayName: 'Start Date', name: 'startDate', type: 'dateTime', default: '', required: true, description: 'First day of the range (midnight UTC)', displayOptions: { show: { smsFilterBy: ['dateRange'] } } },
	{ displayName: 'End Date', name: 'endDate', type: 'dateTime', default: '', required: true, description: 'End of the range, read as midnight UTC', displayOptions: { show: { smsFilterBy: ['dateRange'] } } },
	{
		displayName: 'Phone Numbers',
		name: 'phoneNumbers',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. +14155550100, +447700900123',
		description: 'E.164 numbers, comma-separated or an array from an expression',
		displayOptions: { show: { smsFilterBy: ['phoneNumbers'] } },
	},
	...returnAllFields(),
];

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await executeReads.call(this, async (transport, i) => {
		const limit = readLimit(this, i);
		const qs: IDataObject = {};
		if (this.getNodeParameter('smsFilterBy', i, 'dateRange') === 'phoneNumbers') {
			const phones = readList(this.getNodeParameter('phoneNumbers', i, ''));
			if (!phones.length) throw new Error('Phone Numbers is empty: give at least one E.164 number');
			qs.phone_numbers = phones;
		} else {
			qs.start_date = brazeDate(this.getNodeParameter('startDate', i, ''), 'Start Date');
			qs.end_date = brazeDate(this.getNodeParameter('endDate', i, ''), 'End Date');
			if (qs.end_date <= (qs.start_date as string)) throw new Error('End Date must be later than Start Date');
		}
		return await collectPages<IDataObject>(
			async ({ offset, size }) => ((await brazeGet(transport, '/sms/invalid_phone_numbers', { ...qs, limit: size, offset })).sms as IDataObject[] | undefined) ?? [],
			{ pageSize: PAGE_SIZE, limit },
		);
	});
}
