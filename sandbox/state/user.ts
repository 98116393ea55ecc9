// The in-memory user profile, shaped close to what Braze keeps per user.

export type GroupState = 'subscribed' | 'unsubscribed';
export type ChannelState = 'subscribed' | 'opted_in' | 'unsubscribed';

export interface UserAlias {
	alias_name: string;
	alias_label: string;
}

export interface TrackedEvent {
	name: string;
	time: string;
	app_id?: string;
	properties?: Record<string, unknown>;
}

export interface TrackedPurchase {
	product_id: string;
	currency: string;
	price: number;
	quantity: number;
	time: string;
	app_id?: string;
	properties?: Record<string, unknown>;
}

export interface ReceivedMessage {
	type: 'campaign' | 'canvas' | 'transactional';
	id: string;
	dispatch_id: string;
	at: string;
}

export interface UserProfile {
	braze_id: string;
	external_id?: string;
	user_aliases: UserAlias[];
	email?: string;
	phone?: string;
	// Standard profile fields other than the ones kept at top level (first_name, dob, country, ...).
	attributes: Record<string, unknown>;
	custom_attributes: Record<string, unknown>;
	custom_events: TrackedEvent[];
	purchases: TrackedPurchase[];
	subscription_groups: Record<string, GroupState>;
	email_subscribe?: ChannelState;
	push_subscribe?: ChannelState;
	push_tokens: Record<string, unknown>[];
	deprecated_external_ids: string[];
	messages_received: ReceivedMessage[];
	created_at: string;
	updated_at: string;
	// Update order, for "most recently updated" resolution (timestamps tie too easily).
	update_seq: number;
}

export function newProfile(brazeId: string, now: string): UserProfile {
	return {
		braze_id: brazeId,
		// Declared up front so JSON shows identifiers first.
		external_id: undefined,
		user_aliases: [],
		email: undefined,
		phone: undefined,
		attributes: {},
		custom_attributes: {},
		custom_events: [],
		purchases: [],
		subscription_groups: {},
		push_tokens: [],
		deprecated_external_ids: [],
		messages_received: [],
		created_at: now,
		updated_at: now,
		update_seq: 0,
	};
}
