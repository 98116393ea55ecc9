/** Batch limits per endpoint, from Braze's docs (see README "Limits"). */

/** How many objects one /users/track request may carry: Braze's docs disagree, so it is a setting. */
export type TrackBatchLimit = 'combined50' | 'combined75' | 'legacy75';

export const TRACK_LIMITS: Record<TrackBatchLimit, { total: number; perType: number }> = {
	/** "Up to 50 updates combined" (MAU CY 24-25 contracts): safe for every account, the default. */
	combined50: { total: 50, perType: 50 },
	/** "Up to 75 total objects combined" (newest api_limits page). */
	combined75: { total: 75, perType: 75 },
	/** Legacy accounts: 75 attributes + 75 events + 75 purchases. */
	legacy75: { total: 225, perType: 75 },
};

/** Identify, aliases, delete, merge, export, rename/remove, subscription id lists, email lists. */
export const IDS_PER_REQUEST = 50;

/** /v2/subscription/status/set takes several groups; Braze names no cap, we keep requests modest. */
export const SUBSCRIPTION_ENTRIES_PER_REQUEST = 25;

/** Partner cohort import: user ids + device ids + aliases combined. */
export const COHORT_MEMBERS_PER_REQUEST = 1000;

/** /campaigns/trigger/send and /canvas/trigger/send: recipients per request. */
export const TRIGGER_RECIPIENTS_PER_REQUEST = 50;
