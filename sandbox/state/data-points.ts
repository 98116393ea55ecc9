import { isPlainObject } from './custom-attributes';

// Data points the way Braze bills them (braze-docs _docs/_user_guide/data/infrastructure/data_points.md):
// - every attribute written counts, whether or not the value changed; setting one to null counts;
// - a simple array set whole counts 1; "add" counts one per value added; "remove" counts 1 per call;
// - a nested object counts one per key (nested objects by their own keys); arrays of objects one
//   per key of each object written;
// - each custom event and each purchase counts 1 (properties count extra only when enabled for
//   segmentation, a workspace setting the sandbox does not have);
// - free: the identifiers ("User ID", "User alias"), request flags, subscription state ("Subscription
//   state changes globally and around subscription groups": email_subscribe, push_subscribe,
//   subscription_groups), push tokens ("collected by default"), and every endpoint other than
//   /users/track and the attributes of message recipients (deleting, renaming external IDs, merging).
// Written independently of the node's estimate (nodes/shared/braze/delta/dataPoints.ts) so tests
// that compare the two catch a mistake in either.

const NOT_BILLED = ['external_id', 'braze_id', 'user_alias', '_update_existing_only', '_merge_objects', 'email_subscribe', 'push_subscribe', 'subscription_groups', 'push_tokens', 'push_token_import'];

function keysOf(o: Record<string, unknown>): number {
	let n = 0;
	for (const k of Object.keys(o)) {
		const v = o[k];
		n += isPlainObject(v) && Object.keys(v).length > 0 ? keysOf(v) : 1;
	}
	return n;
}

function objectList(list: unknown): number {
	if (!Array.isArray(list)) return 1;
	let n = 0;
	for (const o of list) n += isPlainObject(o) ? Math.max(1, keysOf(o)) : 1;
	return n;
}

function costOf(value: unknown): number {
	if (Array.isArray(value)) return value.some(isPlainObject) ? objectList(value) : 1;
	if (!isPlainObject(value)) return 1;
	if (value.inc !== undefined) return 1;
	if (value.add !== undefined || value.remove !== undefined) {
		return (Array.isArray(value.add) ? value.add.length : 0) + (value.remove !== undefined ? 1 : 0);
	}
	if (value.$add !== undefined || value.$remove !== undefined || value.$update !== undefined) {
		const updated = Array.isArray(value.$update) ? value.$update.map((u) => (isPlainObject(u) ? u.$new_object : u)) : [];
		const removed = Array.isArray(value.$remove) ? value.$remove.length : 0;
		return objectList(value.$add ?? []) + removed + objectList(updated);
	}
	if (value.$time !== undefined) return 1;
	return Math.max(1, keysOf(value));
}

// `identifier` is the key that named the user inside the object (email or phone when nothing else did).
export function attributeObjectCost(obj: Record<string, unknown>, identifier?: string): number {
	let n = 0;
	for (const key of Object.keys(obj)) {
		if (key === identifier || NOT_BILLED.includes(key)) continue;
		n += costOf(obj[key]);
	}
	return n;
}

export class DataPointCounter {
	attributes = 0;
	events = 0;
	purchases = 0;

	clear(): void {
		this.attributes = this.events = this.purchases = 0;
	}

	toJSON(): Record<string, number> {
		return { total: this.attributes + this.events + this.purchases, attributes: this.attributes, events: this.events, purchases: this.purchases };
	}
}
