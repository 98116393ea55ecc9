import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { brazeGet, collectPages } from '../../../shared/braze/paging';
import { executeReads } from '../executeReads';
import { emailAddressField, readLimit, returnAllFields } from '../helpers';

/** /email/unsubscribes and /email/hard_bounces return at most 500 rows per page. */
const PAGE_SIZE = 500;

/** Filter fields shared by Get Unsubscribes and Get Hard Bounces (each adds its resource and operation). */
export function emailListFields(what: string): INodeProperties[] {
	return [
		{
			displayName: 'Filter By',
			name: 'filterBy',
			type: 'options',
			options: [
				{ name: 'Date Range', value: 'dateRange', description: `Addresses ${what} between two dates` },
				{ name: 'Email', value: 'email', description: 'Whether one address is in the list' },
			],
			default: 'dateRange',
		},
		{
			displayName: 'Start Date',
			name: 'startDate',
			type: 'dateTime',
			default: '',
			required: true,
			description: 'First day of the range (Braze reads dates as midnight UTC)',
			displayOptions: { show: { filterBy: ['dateRange'] } },
		},
		{
			displayName: 'End Date',
			name: 'endDate',
			type: 'dateTime',
			default: '',
			required: true,
			description: 'End of the range, read as midnight UTC: to include a whole day, give the next one',
			displayOptions: { show: { filterBy: ['dateRange'] } },
		},
		{ ...emailAddressField, displayOptions: { show: { filterBy: ['email'] } } },
		...returnAllFields(),
	];
}

/** YYYY-MM-DD, the form these endpoints take: the calendar day the user picked, whatever its time zone. */
export function brazeDate(value: unknown, field: string): string {
	const text = String(value ?? '').trim();
	const day = /^(\d{4}-\d{2}-\d{2})(?:$|[T ])/.exec(text);
	if (day && !Number.isNaN(Date.parse(`${day[1]}T00:00:00Z`))) return day[1];
	const time = Date.parse(text);
	if (!text || Number.isNaN(time)) throw new Error(`${field} must be a date, e.g. 2026-01-31`);
	return new Date(time).toISOString().slice(0, 10);
}

/** Runs one of the email list endpoints for every item, paging until Return All or Limit is met. */
export async function executeEmailList(
	this: IExecuteFunctions,
	endpoint: '/email/unsubscribes' | '/email/hard_bounces',
	extraQuery: (i: number) => IDataObject = () => ({}),
): Promise<INodeExecutionData[][]> {
	return await executeReads.call(this, async (transport, i) => {
		const limit = readLimit(this, i);
		const qs: IDataObject = { ...extraQuery(i) };
		if (this.getNodeParameter('filterBy', i) === 'email') {
			const email = String(this.getNodeParameter('emailAddress', i, '')).trim();
			if (!email) throw new Error('Email is empty: give the address to look up');
			qs.email = email;
			// Braze wants an end date even with an email, and ignores the range then: tomorrow covers today.
			qs.end_date = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
			// With an email, Braze may answer an empty page to offset/limit: ask once, without them.
			const body = await brazeGet(transport, endpoint, qs);
			return ((body.emails as IDataObject[] | undefined) ?? []).slice(0, limit);
		}
		qs.start_date = brazeDate(this.getNodeParameter('startDate', i, ''), 'Start Date');
		qs.end_date = brazeDate(this.getNodeParameter('endDate', i, ''), 'End Date');
		if (qs.end_date <= (qs.start_date as string)) throw new Error('End Date must be later than Start Date');
		return await collectPages<IDataObject>(
			async ({ offset, size }) => {
				const body = await brazeGet(transport, endpoint, { ...qs, limit: size, offset });
				return (body.emails as IDataObject[] | undefined) ?? [];
			},
			{ pageSize: PAGE_SIZE, limit },
		);
	});
}
