import { applyCustomAttribute, isPlainObject } from './custom-attributes';
import { attributeObjectCost } from './data-points';
import { phoneKey } from './keys';
import type { UserRef } from './resolve';
import type { SandboxState } from './state';
import type { ChannelState, GroupState, UserProfile } from './user';

// Keys of an attributes object that name the user or steer processing, never stored.
const CONTROL_KEYS = new Set(['external_id', 'braze_id', 'user_alias', '_update_existing_only', '_merge_objects', 'push_token_import']);

// Standard profile fields (braze-api.md §2.1); everything else is a custom attribute.
export const STANDARD_FIELDS = new Set([
	'first_name', 'last_name', 'email', 'phone', 'dob', 'gender', 'country', 'language', 'home_city', 'time_zone',
	'current_location', 'email_subscribe', 'push_subscribe', 'email_open_tracking_disabled', 'email_click_tracking_disabled',
	'push_tokens', 'subscription_groups', 'date_of_first_session', 'date_of_last_session', 'marked_email_as_spam_at',
	'facebook', 'twitter', 'image_url', 'bio',
]);

export function isControlKey(key: string): boolean {
	return CONTROL_KEYS.has(key);
}

export function createUserFor(state: SandboxState, ref: UserRef, now: number): UserProfile {
	const u = state.users.create(now);
	if (ref.kind === 'external_id') state.users.setExternalId(u, ref.value);
	else if (ref.kind === 'user_alias') state.users.addAlias(u, ref.alias);
	else if (ref.kind === 'email') setUserEmail(state, u, ref.value);
	else if (ref.kind === 'phone') state.users.setPhone(u, ref.value);
	return u;
}

// A state set earlier through /email/status or blocklisting applies as soon as a user gets the address.
export function setUserEmail(state: SandboxState, u: UserProfile, email: string | undefined): void {
	state.users.setEmail(u, email);
	const r = email !== undefined ? state.emails.get(email) : undefined;
	if (r?.subscription_state) u.email_subscribe = r.subscription_state;
}

// Numbers that are not E.164 are kept, and listed by /sms/invalid_phone_numbers as Braze would.
export function setUserPhone(state: SandboxState, u: UserProfile, phone: string | undefined, now: number): void {
	state.users.setPhone(u, phone);
	if (phone !== undefined && !phoneKey(phone) && !state.invalidPhones.has(phone)) {
		state.invalidPhones.set(phone, new Date(now).toISOString());
	}
}

// Email state follows the address: every user sharing it changes too.
export function setEmailSubscribe(state: SandboxState, u: UserProfile, s: ChannelState, now: number): void {
	u.email_subscribe = s;
	if (u.email === undefined) return;
	state.emails.setState(u.email, s, new Date(now).toISOString());
	for (const other of state.users.withEmail(u.email)) {
		if (other !== u) other.email_subscribe = s;
	}
}

export function setGroupState(state: SandboxState, u: UserProfile, groupId: string, s: GroupState, now: number): void {
	u.subscription_groups[groupId] = s;
	state.users.touch(u, now);
}

// `identifier`: the key of obj that named the user (email or phone on /users/track), not billed.
export function applyAttributes(state: SandboxState, u: UserProfile, obj: Record<string, unknown>, now: number, identifier?: string): void {
	state.stats.dataPoints.attributes += attributeObjectCost(obj, identifier);
	const merge = obj._merge_objects === true;
	// Identity fields first, so a pending email state cannot override an explicit email_subscribe.
	if ('email' in obj) setUserEmail(state, u, typeof obj.email === 'string' ? obj.email : undefined);
	if ('phone' in obj) setUserPhone(state, u, typeof obj.phone === 'string' ? obj.phone : undefined, now);
	for (const key of Object.keys(obj)) {
		if (CONTROL_KEYS.has(key) || key === 'email' || key === 'phone') continue;
		const value = obj[key];
		if (STANDARD_FIELDS.has(key)) applyStandard(state, u, key, value, now);
		else applyCustomAttribute(u.custom_attributes, key, value, merge);
	}
	state.users.touch(u, now);
}

function applyStandard(state: SandboxState, u: UserProfile, key: string, value: unknown, now: number): void {
	switch (key) {
		case 'email_subscribe':
			if (value === null) u.email_subscribe = undefined;
			else setEmailSubscribe(state, u, value as ChannelState, now);
			return;
		case 'push_subscribe':
			u.push_subscribe = value === null ? undefined : (value as ChannelState);
			return;
		case 'subscription_groups':
			for (const g of Array.isArray(value) ? value : []) {
				if (isPlainObject(g)) u.subscription_groups[String(g.subscription_group_id)] = g.subscription_state as GroupState;
			}
			return;
		case 'push_tokens':
			u.push_tokens = Array.isArray(value) ? value.filter(isPlainObject) : [];
			return;
		case 'country':
			// Braze stores ISO-3166-1 alpha-2; anything it cannot map becomes null.
			u.attributes.country = typeof value === 'string' && /^[A-Za-z]{2}$/.test(value) ? value.toUpperCase() : null;
			return;
		default:
			if (value === null) delete u.attributes[key];
			else u.attributes[key] = value;
	}
}
