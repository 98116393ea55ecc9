import type { Handler } from '../http/context';
import { badRequest, json } from '../http/reply';
import { emailKey } from '../state/keys';
import { queryDate, queryInt } from '../validate/common';

// GET /email/unsubscribes and /email/hard_bounces (braze-api.md §2.11).
// Dates are midnight UTC, so end_date=D covers up to D 00:00, not the day D itself.

interface Query {
	email?: string;
	start?: number;
	end: number;
	limit: number;
	offset: number;
}

function readQuery(q: URLSearchParams): Query {
	const start = queryDate(q, 'start_date');
	const end = queryDate(q, 'end_date');
	const email = q.get('email') || undefined;
	if (end === undefined || (start === undefined && email === undefined)) badRequest("'end_date' and either 'start_date' or 'email' are required");
	if (start !== undefined && end <= start) badRequest("'end_date' must be later than 'start_date'");
	return { email, start, end, limit: queryInt(q, 'limit', 100, 1, 500), offset: queryInt(q, 'offset', 0, 0, Number.MAX_SAFE_INTEGER) };
}

// With an email the date range is ignored: the email wins.
function inRange(q: Query, email: string, at: string): boolean {
	if (q.email !== undefined) return email === emailKey(q.email);
	const t = Date.parse(at);
	return t >= (q.start ?? 0) && t <= q.end;
}

export const emailUnsubscribes: Handler = (ctx) => {
	const q = readQuery(ctx.query);
	const dir = ctx.query.get('sort_direction') ?? 'desc';
	if (dir !== 'asc' && dir !== 'desc') badRequest("'sort_direction' must be 'asc' or 'desc'");
	const rows = ctx.state.emails
		.all()
		.filter((r) => r.subscription_state === 'unsubscribed' && r.unsubscribed_at && inRange(q, r.email, r.unsubscribed_at))
		.map((r) => ({ email: r.email, unsubscribed_at: r.unsubscribed_at as string }))
		.sort((a, b) => (dir === 'asc' ? 1 : -1) * a.unsubscribed_at.localeCompare(b.unsubscribed_at));
	return json({ emails: rows.slice(q.offset, q.offset + q.limit), message: 'success' });
};

export const emailHardBounces: Handler = (ctx) => {
	const q = readQuery(ctx.query);
	const rows = ctx.state.emails
		.all()
		.filter((r) => r.hard_bounced_at && inRange(q, r.email, r.hard_bounced_at))
		.map((r) => ({ email: r.email, hard_bounced_at: r.hard_bounced_at as string }))
		.sort((a, b) => a.hard_bounced_at.localeCompare(b.hard_bounced_at));
	return json({ emails: rows.slice(q.offset, q.offset + q.limit), message: 'success' });
};
