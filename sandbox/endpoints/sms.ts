import type { Handler } from '../http/context';
import { badRequest, json } from '../http/reply';
import { queryDate, queryInt, queryList } from '../validate/common';

// GET /sms/invalid_phone_numbers (braze-api.md §2.11). Phone numbers take priority over dates.
export const smsInvalidPhoneNumbers: Handler = (ctx) => {
	const q = ctx.query;
	const phones = queryList(q, 'phone_numbers');
	const start = queryDate(q, 'start_date');
	const end = queryDate(q, 'end_date');
	if (!phones.length && (start === undefined || end === undefined)) badRequest("'start_date' and 'end_date', or 'phone_numbers', are required");
	if (!phones.length && end !== undefined && start !== undefined && end <= start) badRequest("'end_date' must be later than 'start_date'");
	const limit = queryInt(q, 'limit', 100, 1, 500);
	const offset = queryInt(q, 'offset', 0, 0, Number.MAX_SAFE_INTEGER);
	const wanted = new Set(phones);
	const rows = [...ctx.state.invalidPhones]
		.filter(([phone, at]) => (phones.length ? wanted.has(phone) : Date.parse(at) >= (start as number) && Date.parse(at) <= (end as number)))
		.map(([phone, at]) => ({ phone, invalid_detected_at: at }))
		.sort((a, b) => a.invalid_detected_at.localeCompare(b.invalid_detected_at));
	return json({ sms: rows.slice(offset, offset + limit), message: 'success' });
};
