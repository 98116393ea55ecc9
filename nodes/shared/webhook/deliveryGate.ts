import type { ReceiptBook } from './receipts';

/**
 * What a trigger does with a delivery it may have had before: run it, answer it as a duplicate
 * (its receipt says Braze has it), or answer "busy" (the same delivery is being applied right now).
 *
 * The receipts (workflow static data, filed by the run) make sequential retries exact. Deliveries
 * that race each other read the same static data, so the trigger also holds a short lease per
 * delivery in this process: of identical deliveries arriving together, one runs and the others
 * are told to retry later (409). n8n handles every webhook call of an instance in its main process
 * (queue mode included), so one lease table sees them all; with separate webhook processes each
 * has its own, and concurrent copies can run once per process (docs/reliability.md).
 * The lease ends when the run files the delivery's outcome, or after LEASE_MS.
 */

export const LEASE_MS = 5 * 60_000;
const MAX_LEASES = 10_000;
const leases = new Map<string, number>();

export type Admission = { verdict: 'run' } | { verdict: 'duplicate' } | { verdict: 'busy'; retryAfterSeconds: number };

export function admitDelivery(book: ReceiptBook, key: string, nowMs: number): Admission {
	const filed = book.status(key);
	if (filed?.applied) return { verdict: 'duplicate' };
	const leasedAt = leases.get(key);
	const leaseOpen = leasedAt !== undefined && nowMs - leasedAt < LEASE_MS && !(filed && filed.atMs >= leasedAt);
	if (leaseOpen) return { verdict: 'busy', retryAfterSeconds: Math.max(1, Math.ceil((leasedAt + LEASE_MS - nowMs) / 1000)) };
	takeLease(key, nowMs);
	return { verdict: 'run' };
}

function takeLease(key: string, nowMs: number): void {
	leases.delete(key);
	leases.set(key, nowMs);
	// Oldest first (insertion order): drop expired leases, and the oldest beyond the cap.
	for (const [leased, at] of leases) {
		if (nowMs - at < LEASE_MS && leases.size <= MAX_LEASES) break;
		leases.delete(leased);
	}
}

/** Tests only: forget every lease (a fresh process). */
export function forgetLeases(): void {
	leases.clear();
}
