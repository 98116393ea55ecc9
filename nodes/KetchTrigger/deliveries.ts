import type { IDataObject } from 'n8n-workflow';

import { hashKey as hash, isFiniteNumber as isNumber, prune } from '../shared/webhook/deliveryMemory';
import type { Recency } from './mapping/types';

/**
 * What the trigger remembers between deliveries, in the workflow's static data:
 * - `metadata.uid`s already accepted, so Ketch's retries (it tries up to 3 times) start nothing;
 * - the newest Ketch timestamp applied per user and setting, so an older setting never overwrites
 *   a newer one ("newest wins").
 *
 * Bounded (counts and age), with hashed keys; best-effort (see shared/webhook/deliveryMemory.ts).
 */

export const MAX_DELIVERIES = 500;
export const MAX_SETTINGS = 1000;
const STATE_KEY = 'ketchTrigger';

interface StoredState {
	/** hashed uid -> accepted at (UNIX seconds) */
	deliveries: Record<string, number>;
	/** hashed user+setting -> [Ketch timestamp, stored at (UNIX seconds)] */
	settings: Record<string, [number, number]>;
}

export class DeliveryMemory implements Recency {
	private readonly state: StoredState;
	private readonly nowSeconds: number;
	private readonly oldest: number;

	constructor(
		private readonly staticData: IDataObject,
		private readonly tenant: string,
		nowMs: number,
		ttlHours: number,
	) {
		this.nowSeconds = Math.floor(nowMs / 1000);
		this.oldest = this.nowSeconds - Math.max(0, ttlHours) * 3600;
		const stored = (staticData[STATE_KEY] ?? {}) as Partial<StoredState>;
		const deliveries: Record<string, number> = {};
		for (const [key, value] of Object.entries(stored.deliveries ?? {})) if (isNumber(value)) deliveries[key] = value;
		const settings: Record<string, [number, number]> = {};
		for (const [key, value] of Object.entries(stored.settings ?? {})) {
			if (Array.isArray(value) && isNumber(value[0]) && isNumber(value[1])) settings[key] = [value[0], value[1]];
		}
		this.state = { deliveries, settings };
	}

	/** Whether this uid was accepted within the time window. */
	hasSeen(uid: string): boolean {
		const at = this.state.deliveries[hash(`${this.tenant}|${uid}`)];
		return at !== undefined && at >= this.oldest;
	}

	newest(key: string): number | undefined {
		const entry = this.state.settings[hash(`${this.tenant}|${key}`)];
		return entry !== undefined && entry[1] >= this.oldest ? entry[0] : undefined;
	}

	/** Records an accepted delivery and the settings it applied, then writes the static data. */
	accept(uid: string | undefined, seen: Array<[string, number]>): void {
		if (uid !== undefined) this.state.deliveries[hash(`${this.tenant}|${uid}`)] = this.nowSeconds;
		for (const [key, timestamp] of seen) {
			const hashed = hash(`${this.tenant}|${key}`);
			const previous = this.state.settings[hashed];
			if (previous === undefined || previous[1] < this.oldest || previous[0] <= timestamp) {
				this.state.settings[hashed] = [timestamp, this.nowSeconds];
			}
		}
		// Reassigning the top-level key is what marks n8n's static data as changed.
		this.staticData[STATE_KEY] = {
			deliveries: prune(this.state.deliveries, (at) => at, this.oldest, MAX_DELIVERIES),
			settings: prune(this.state.settings, (entry) => entry[1], this.oldest, MAX_SETTINGS),
		} as unknown as IDataObject;
	}
}
