import type { DeliveryReceipt, ReceiptBook } from '../shared/webhook/receipts';
import { receiptKey } from '../shared/webhook/receipts';
import type { Recency } from './mapping/types';

/**
 * What the Ketch Trigger remembers between deliveries, through the receipts the run files once
 * Braze has a delivery (shared/webhook/receipts.ts):
 * - `(tenant, kind, metadata.uid)` applied, so Ketch's retries of an applied request start nothing;
 * - the newest Ketch timestamp applied per user and setting, so an older setting never overwrites
 *   a newer one ("newest wins").
 * A delivery whose run failed is not remembered as applied: Ketch's retry runs it again.
 */

export function deliveryKey(tenant: string, kind: string, uid: string): string {
	return receiptKey('ketch', tenant, kind, uid);
}

function settingKey(tenant: string, key: string): string {
	return receiptKey('ketch-setting', tenant, key);
}

/** "Newest wins" as the receipts of applied deliveries tell it. */
export function recencyOf(book: ReceiptBook, tenant: string): Recency {
	return { newest: (key) => book.newest(settingKey(tenant, key)) };
}

/** The receipt the item carries (`key` from deliveryKey), filed by the Braze node (or the Ketch node) once it knows the outcome. */
export function receiptFor(key: string, tenant: string, keepHours: number, seen: Array<[string, number]>): DeliveryReceipt {
	return { key, keepHours, newest: seen.map(([setting, timestamp]) => [settingKey(tenant, setting), timestamp]) };
}
