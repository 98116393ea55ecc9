/** Batch limits per endpoint, from Braze's docs (see README "Limits"). */

/** How many objects one /users/track request may carry: Braze's docs disagree, so it is a setting. */
export type TrackBatchLimit = 'auto' | 'combined50' | 'combined75' | 'legacy75';

export const TRACK_LIMITS: Record<TrackBatchLimit, { total: number; perType: number }> = {
	/**
	 * The default: plan at 75 combined (newest api_limits page), and fall back to 50 for the rest of
	 * the run when Braze refuses a request as too large (applyChanges does that).
	 */
	auto: { total: 75, perType: 75 },
	/** "Up to 50 updates combined" (MAU CY 24-25 contracts): safe for every account. */
	combined50: { total: 50, perType: 50 },
	/** "Up to 75 total objects combined" (newest api_limits page). */
	combined75: { total: 75, perType: 75 },
	/** Legacy accounts: 75 attributes + 75 events + 75 purchases. */
	legacy75: { total: 225, perType: 75 },
};

/** What an Automatic limit falls back to when Braze refuses 75 objects. */
export const AUTO_FALLBACK: TrackBatchLimit = 'combined50';

/** Identify, aliases, delete, merge, export, rename/remove, subscription id lists, email lists. */
export const IDS_PER_REQUEST = 50;

/** /v2/subscription/status/set takes several groups; Braze names no cap, we keep requests modest. */
export const SUBSCRIPTION_ENTRIES_PER_REQUEST = 25;

/** Partner cohort import: user ids + device ids + aliases combined. */
export const COHORT_MEMBERS_PER_REQUEST = 1000;

/** /campaigns/trigger/send and /canvas/trigger/send: recipients per request. */
export const TRIGGER_RECIPIENTS_PER_REQUEST = 50;

/**
 * Catalog item endpoints (POST, PATCH, PUT, DELETE /catalogs/{catalog_name}/items): "Up to 50 item
 * objects are allowed per request" (their parameter tables and `request-includes-too-many-items`);
 * the create and delete pages' intros say 16,000, which is their rate limit per minute, not a batch size.
 */
export const CATALOG_ITEMS_PER_REQUEST = 50;

/** /messages/send and the scheduled sends: "up to 50 specific external_ids" per request. */
export const MESSAGE_RECIPIENTS_PER_REQUEST = 50;

/** /email/bounce/remove and /email/spam/remove: "an array of up to 50 email addresses". */
export const EMAIL_REMOVALS_PER_REQUEST = 50;

/** /sms/invalid_phone_numbers/remove: "an array of up to 50 phone numbers". */
export const PHONE_REMOVALS_PER_REQUEST = 50;
