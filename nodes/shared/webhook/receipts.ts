import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { settleDelivery } from './deliveryGate';
import { hashKey, isFiniteNumber, prune } from './deliveryMemory';

/**
 * Delivery receipts: how a trigger learns, on the partner's next call, whether an earlier delivery
 * was applied. The trigger writes nothing; it puts a receipt in its item (`deliveryReceipt`), and
 * the node that applies the item (Braze, or Ketch's status event) files it in the workflow's
 * global static data once it knows the outcome: applied, or failed.
 *
 * Why the run files it, not the trigger: n8n saves static data a run changed before it answers a
 * webhook in "when the last node finishes" mode (workflowExecuteAfter), on success and on failure,
 * while a trigger's own write is lost once the run starts (docs/reliability.md). So a delivery is
 * remembered only once Braze has it, and a failed run never locks out the partner's retry.
 *
 * Bounded (count and age), keys hashed by the trigger (no email or identifier is stored).
 */

export const RECEIPTS_KEY = 'deliveryReceipts';
const MAX_RECEIPTS = 1000;
const MAX_NEWEST = 1000;

export interface DeliveryReceipt {
	/** Hashed delivery key (trigger, tenant, kind, id). */
	key: string;
	/** How long the receipt is kept. */
	keepHours: number;
	/** "Newest wins" timestamps this delivery applies once it is applied: [hashed setting key, timestamp]. */
	newest?: Array<[string, number]>;
}

interface Stored {
	/** hashed key -> [1 applied / 0 failed, filed at (epoch ms), keep until (UNIX seconds)] */
	deliveries: Record<string, [number, number, number]>;
	/** hashed setting key -> [timestamp, filed at, keep until] */
	newest: Record<string, [number, number, number]>;
}

export interface ReceiptStatus {
	applied: boolean;
	/** When the outcome was filed (epoch ms). */
	atMs: number;
}

function entriesOf(value: unknown): Record<string, [number, number, number]> {
	const out: Record<string, [number, number, number]> = {};
	if (!value || typeof value !== 'object' || Array.isArray(value)) return out;
	for (const [key, entry] of Object.entries(value)) {
		if (Array.isArray(entry) && entry.length === 3 && entry.every(isFiniteNumber)) out[key] = [entry[0], entry[1], entry[2]];
	}
	return out;
}

export class ReceiptBook {
	private readonly stored: Stored;
	private readonly nowSeconds: number;

	constructor(
		private readonly globalStaticData: IDataObject,
		private readonly nowMs: number,
	) {
		this.nowSeconds = Math.floor(nowMs / 1000);
		const raw = (globalStaticData[RECEIPTS_KEY] ?? {}) as IDataObject;
		this.stored = { deliveries: entriesOf(raw.deliveries), newest: entriesOf(raw.newest) };
	}

	/** The filed outcome of a delivery, if it is still kept. */
	status(key: string): ReceiptStatus | undefined {
		const entry = this.stored.deliveries[key];
		if (!entry || entry[2] < this.nowSeconds) return undefined;
		return { applied: entry[0] === 1, atMs: entry[1] };
	}

	/** The newest applied timestamp under a hashed setting key, if it is still kept. */
	newest(key: string): number | undefined {
		const entry = this.stored.newest[key];
		return entry && entry[2] >= this.nowSeconds ? entry[0] : undefined;
	}

	/** Files an outcome; "newest wins" timestamps only when it was applied, and never backwards. */
	file(receipt: DeliveryReceipt, applied: boolean): void {
		const until = this.nowSeconds + Math.max(0, receipt.keepHours) * 3600;
		this.stored.deliveries[receipt.key] = [applied ? 1 : 0, this.nowMs, until];
		if (applied) {
			for (const [key, timestamp] of receipt.newest ?? []) {
				const previous = this.newest(key);
				if (previous === undefined || previous <= timestamp) this.stored.newest[key] = [timestamp, this.nowSeconds, until];
			}
		}
	}

	/** Writes the book back; reassigning the top-level key is what marks n8n's static data as changed. */
	save(): void {
		const keep = (entry: [number, number, number]) => entry[2];
		this.globalStaticData[RECEIPTS_KEY] = {
			deliveries: prune(this.stored.deliveries, keep, this.nowSeconds, MAX_RECEIPTS),
			newest: prune(this.stored.newest, keep, this.nowSeconds, MAX_NEWEST),
		} as unknown as IDataObject;
	}
}

/** A receipt key: the trigger's own words, hashed, so the book never holds an identifier. */
export function receiptKey(...parts: string[]): string {
	return hashKey(parts.join('|'));
}

/** The receipt an item carries, if any (and well-formed). */
export function receiptOf(item: INodeExecutionData): DeliveryReceipt | undefined {
	const value = item.json.deliveryReceipt as IDataObject | undefined;
	if (!value || typeof value !== 'object' || typeof value.key !== 'string' || !isFiniteNumber(value.keepHours)) return undefined;
	const newest = Array.isArray(value.newest)
		? (value.newest as unknown[]).filter((pair): pair is [string, number] => Array.isArray(pair) && typeof pair[0] === 'string' && isFiniteNumber(pair[1]))
		: undefined;
	return { key: value.key, keepHours: value.keepHours, ...(newest?.length ? { newest } : {}) };
}

/**
 * Files the receipts of the items a node just handled (static data is only read when one has a receipt): `applied(itemIndex)` says whether every
 * change of that item went through. Items without a receipt are left alone. A later node that
 * fails the same delivery files it again as failed, so the partner's retry runs again.
 */
export function fileReceipts(globalStaticData: () => IDataObject, items: INodeExecutionData[], applied: (itemIndex: number) => boolean, nowMs: number): void {
	// One delivery may span several items (e.g. GrowthLoop batches): applied only if all of them were.
	const outcomes = new Map<string, { receipt: DeliveryReceipt; applied: boolean }>();
	items.forEach((item, itemIndex) => {
		const receipt = receiptOf(item);
		if (!receipt) return;
		const previous = outcomes.get(receipt.key);
		outcomes.set(receipt.key, { receipt: previous?.receipt ?? receipt, applied: (previous?.applied ?? true) && applied(itemIndex) });
	});
	if (!outcomes.size) return;
	const book = new ReceiptBook(globalStaticData(), nowMs);
	for (const { receipt, applied: ok } of outcomes.values()) {
		book.file(receipt, ok);
		// When the run shares the webhook's process (n8n without queue mode), its trigger knows at once.
		settleDelivery(receipt.key, ok, receipt.keepHours, nowMs);
	}
	book.save();
}
