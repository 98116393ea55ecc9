import type { EventValue, PurchaseValue } from '../validate/track-objects';
import { normaliseTime } from '../validate/time';
import { applyAttributes, createUserFor } from './profile-ops';
import { findUser, type UserRef } from './resolve';
import type { SandboxState } from './state';
import type { TrackedEvent, TrackedPurchase, UserProfile } from './user';

export type TrackInput = 'attributes' | 'events' | 'purchases';

// Which user an object lands on, creating one where Braze would (braze-api.md §2.1):
// external_id, email and phone create unless _update_existing_only; braze_id never creates;
// an alias creates only from an attributes object with _update_existing_only: false.
export function userForTrack(state: SandboxState, ref: UserRef, obj: Record<string, unknown>, input: TrackInput, now: number): UserProfile | undefined {
	const existing = findUser(state.users, ref);
	if (existing) return existing;
	if (ref.kind === 'braze_id') return undefined;
	if (ref.kind === 'user_alias') {
		return input === 'attributes' && obj._update_existing_only === false ? createUserFor(state, ref, now) : undefined;
	}
	return obj._update_existing_only === true ? undefined : createUserFor(state, ref, now);
}

// The key that names the user: external_id, braze_id or user_alias, else email (wins) or phone.
function identifierKey(obj: Record<string, unknown>): string | undefined {
	return ['external_id', 'braze_id', 'user_alias', 'email', 'phone'].find((k) => obj[k] !== undefined);
}

export function trackAttributes(state: SandboxState, u: UserProfile, obj: Record<string, unknown>, now: number): void {
	applyAttributes(state, u, obj, now, identifierKey(obj));
}

// Every occurrence is stored: Braze never deduplicates events or purchases.
export function trackEvent(state: SandboxState, u: UserProfile, e: EventValue, now: number): void {
	const stored: TrackedEvent = { name: e.name, time: normaliseTime(e.timeMs, now) };
	// Optional keys only when given: a million events should not carry empty slots.
	if (e.app_id !== undefined) stored.app_id = e.app_id;
	if (e.properties !== undefined) stored.properties = e.properties;
	u.custom_events.push(stored);
	state.stats.dataPoints.events++;
	state.users.touch(u, now);
}

export function trackPurchase(state: SandboxState, u: UserProfile, p: PurchaseValue, now: number): void {
	const stored: TrackedPurchase = { product_id: p.product_id, currency: p.currency, price: p.price, quantity: p.quantity, time: normaliseTime(p.timeMs, now) };
	if (p.app_id !== undefined) stored.app_id = p.app_id;
	if (p.properties !== undefined) stored.properties = p.properties;
	u.purchases.push(stored);
	state.stats.dataPoints.purchases++;
	state.users.touch(u, now);
}
