import type { IWebhookFunctions } from 'n8n-workflow';

import type { ReceiptBook } from './receipts';

/**
 * What a trigger does with a delivery it may have had before: run it, answer it as a duplicate
 * (Braze has it), or answer "busy" (the same delivery is being applied right now).
 *
 * Two memories, because n8n's static data is last-writer-wins between runs that overlap:
 * - receipts in the workflow's static data (receipts.ts), filed by the run: they survive a restart,
 *   but a run that ends while another is running can overwrite the other's receipt;
 * - this table, in the process that receives the webhooks (n8n's main process, queue mode too):
 *   a lease per delivery while its run goes on, and the deliveries it saw applied. It is settled
 *   when n8n answers the partner (Respond "When Braze Has the Changes": 2xx = applied), or by the
 *   node that files the receipt when it runs in this process.
 * With separate webhook processes each has its own table (docs/reliability.md).
 */

export const LEASE_MS = 5 * 60_000;
const MAX_ENTRIES = 10_000;
/** delivery key -> lease taken at (epoch ms) */
const leases = new Map<string, number>();
/** delivery key -> remembered as applied until (epoch ms) */
const applied = new Map<string, number>();

export type Admission = { verdict: 'run' } | { verdict: 'duplicate' } | { verdict: 'busy'; retryAfterSeconds: number };

export function admitDelivery(book: ReceiptBook, key: string, nowMs: number): Admission {
	const filed = book.status(key);
	const appliedUntil = applied.get(key);
	if (filed?.applied || (appliedUntil !== undefined && appliedUntil > nowMs)) return { verdict: 'duplicate' };
	const leasedAt = leases.get(key);
	const leaseOpen = leasedAt !== undefined && nowMs - leasedAt < LEASE_MS && !(filed && filed.atMs >= leasedAt);
	if (leaseOpen) return { verdict: 'busy', retryAfterSeconds: Math.max(1, Math.ceil((leasedAt + LEASE_MS - nowMs) / 1000)) };
	remember(leases, key, nowMs, (at) => nowMs - at >= LEASE_MS);
	return { verdict: 'run' };
}

/** The run of a delivery is over: its lease ends, and an applied delivery is remembered for `keepHours`. */
export function settleDelivery(key: string, wasApplied: boolean, keepHours: number, nowMs: number): void {
	leases.delete(key);
	if (wasApplied) remember(applied, key, nowMs + Math.max(0, keepHours) * 3_600_000, (until) => until <= nowMs);
}

/**
 * For a delivery n8n answers when the run is done: settle it when the answer goes out, applied
 * if n8n answered 2xx (every node succeeded), failed otherwise (the partner will retry).
 */
export function settleWhenAnswered(ctx: IWebhookFunctions, key: string, keepHours: number): void {
	const res = ctx.getResponseObject();
	res.once('finish', () => settleDelivery(key, res.statusCode >= 200 && res.statusCode < 300, keepHours, Date.now()));
}

function remember(map: Map<string, number>, key: string, value: number, expired: (value: number) => boolean): void {
	map.delete(key);
	map.set(key, value);
	// Oldest first (insertion order): drop expired entries, and the oldest beyond the cap.
	for (const [old, stored] of map) {
		if (!expired(stored) && map.size <= MAX_ENTRIES) break;
		map.delete(old);
	}
}

/** Tests only: forget everything (a fresh process). */
export function forgetLeases(): void {
	leases.clear();
	applied.clear();
}
