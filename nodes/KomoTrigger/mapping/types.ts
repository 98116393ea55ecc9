import type { BrazeChange } from '../../shared/braze/changes';
import type { UserIdentifier } from '../../shared/braze/identifiers';

/**
 * Komo body -> Braze changes: the settings and results. Komo publishes no payload schema, so
 * every value is read from a configurable dot path.
 */

export type UserMapping = 'external_id' | 'braze_id' | 'alias_email' | 'alias_phone';
export type AnswersAs = 'none' | 'event' | 'attributes' | 'both';
/**
 * How an opt-in reaches Braze. `subscription`: a subscription change (/v2/subscription/status/set),
 * by external_id, email or phone. `attribute`: `subscription_groups` inside the attributes change,
 * so it lands on the very profile the same /users/track call updates or creates. `auto`: the
 * change for external IDs (ordered after the profile update: same user key), the attribute for
 * aliases and Braze IDs (a separate call by email could reach Braze before the alias-only user
 * exists and create a second, email-only profile).
 */
export type ConsentAs = 'auto' | 'subscription' | 'attribute';

export interface FieldMapping {
	/** Dot path in the Komo body, e.g. `form.first_name`. */
	komoField: string;
	/** Braze attribute name, standard (`first_name`) or custom (`favourite_team`). */
	brazeAttribute: string;
}

export interface KomoMappingSettings {
	userMapping: UserMapping;
	/** Where the identifier is read from, e.g. `contact.email`. */
	identityPath: string;
	/** Alias label for the alias modes, e.g. `email`. */
	aliasLabel: string;
	fields: FieldMapping[];
	answers: {
		as: AnswersAs;
		path: string;
		attributePrefix: string;
		eventName: string;
		eventPerAnswer: boolean;
	};
	consent?: {
		path: string;
		groupId: string;
		as: ConsentAs;
		unsubscribeOnDecline: boolean;
	};
	updateExistingOnly: boolean;
	triggerPath: string;
	occurredAtPath: string;
}

export interface KomoAnswer {
	/** Attribute / property key, e.g. `favourite_colour`. */
	key: string;
	question?: string;
	answer: AnswerValue;
	type?: string;
	correct?: boolean;
}

export type AnswerValue = string | number | boolean | string[];

/** What the trigger puts under `komo` on its output item. */
export interface KomoData {
	trigger?: string;
	occurredAt: string;
	user: UserIdentifier;
	/** Mapped, non-empty attributes as sent (answers as attributes included). */
	attributes: Record<string, unknown>;
	answers: KomoAnswer[];
	consent?: boolean;
	card?: Record<string, unknown>;
	/** The body as received, for later nodes (e.g. a transactional email's trigger properties). */
	body: Record<string, unknown>;
}

export type MapResult =
	| { ok: true; komo: KomoData; brazeChanges: BrazeChange[] }
	| MapFailure;

export const DEFAULT_IDENTITY_PATHS: Record<UserMapping, string> = {
	external_id: 'contact.externalId',
	braze_id: 'contact.brazeId',
	alias_email: 'contact.email',
	alias_phone: 'contact.phone',
};

/** A body value that cannot be mapped: the Komo field to name in the 400 reply, and why. */
export interface MapFailure {
	ok: false;
	field: string;
	error: string;
}

export function fail(field: string, error: string): MapFailure {
	return { ok: false, field, error };
}
