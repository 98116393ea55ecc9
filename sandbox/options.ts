// Options accepted by startSandbox, plus the resolved form the runtime works with.

export type TrackLimit = 'legacy' | 'combined75' | 'combined50';

export interface RateLimitRule {
	limit: number;
	windowMs: number;
}

export interface FaultOptions {
	rate429?: number;
	rate5xx?: number;
	rateDrop?: number;
	dropAfterApply?: boolean;
}

export interface PartnerOptions {
	name: string;
	partnerApiKey: string;
	dataImportKey: string;
}

export type BucketName =
	| 'users.track'
	| 'users.shared'
	| 'users.export.ids'
	| 'users.external_ids.rename'
	| 'users.external_ids.remove'
	| 'subscription.set'
	| 'messaging.broadcast'
	| 'transactional'
	| 'partner'
	| 'catalogs.sync'
	| 'catalog.items.sync'
	| 'catalog.items.async'
	| 'default';

export interface SandboxOptions {
	port?: number;
	host?: string;
	apiKey?: string;
	partner?: PartnerOptions;
	trackLimit?: TrackLimit;
	// Overrides every bucket's rule when set; null keeps the headers but never answers 429.
	rateLimit?: RateLimitRule | null;
	// Finer control: one rule per bucket, wins over rateLimit.
	rateLimits?: Partial<Record<BucketName, RateLimitRule>>;
	latencyMs?: number;
	faults?: FaultOptions;
	seed?: number;
	// Permission names the key holds (braze-api.md §1.3); undefined = all.
	permissions?: string[];
	// /users/export/ids refuses a request without `fields_to_export`, as Braze does for workspaces
	// onboarded on or after 2024-08-22 (post_users_identifier.md@4a03d01). Default true; false
	// models an older workspace.
	exportFieldsRequired?: boolean;
}

export interface ResolvedOptions {
	port: number;
	host: string;
	apiKey: string;
	partner: PartnerOptions;
	trackLimit: TrackLimit;
	rateLimit: RateLimitRule | null | undefined;
	rateLimits: Partial<Record<BucketName, RateLimitRule>>;
	latencyMs: number;
	faults: FaultOptions;
	seed: number;
	permissions: Set<string> | null;
	exportFieldsRequired: boolean;
}

export const DEFAULT_PARTNER: PartnerOptions = {
	name: 'sandbox-partner',
	partnerApiKey: 'sandbox-partner-key',
	dataImportKey: 'sandbox-data-import-key',
};

export function resolveOptions(o: SandboxOptions = {}): ResolvedOptions {
	return {
		port: o.port ?? 0,
		host: o.host ?? '127.0.0.1',
		apiKey: o.apiKey ?? 'sandbox-api-key',
		partner: { ...DEFAULT_PARTNER, ...o.partner },
		trackLimit: o.trackLimit ?? 'combined75',
		rateLimit: o.rateLimit,
		rateLimits: { ...o.rateLimits },
		latencyMs: o.latencyMs ?? 0,
		faults: { ...o.faults },
		seed: o.seed ?? 1,
		permissions: o.permissions ? new Set(o.permissions) : null,
		exportFieldsRequired: o.exportFieldsRequired ?? true,
	};
}

// Applies a runtime update; port and host cannot change on a live server.
export function mergeOptions(current: ResolvedOptions, update: Partial<SandboxOptions>): ResolvedOptions {
	const next = { ...current };
	if (update.apiKey !== undefined) next.apiKey = update.apiKey;
	if (update.partner !== undefined) next.partner = { ...current.partner, ...update.partner };
	if (update.trackLimit !== undefined) next.trackLimit = update.trackLimit;
	if ('rateLimit' in update) next.rateLimit = update.rateLimit;
	if (update.rateLimits !== undefined) next.rateLimits = { ...update.rateLimits };
	if (update.latencyMs !== undefined) next.latencyMs = update.latencyMs;
	if (update.faults !== undefined) next.faults = { ...update.faults };
	if (update.seed !== undefined) next.seed = update.seed;
	if ('permissions' in update) next.permissions = update.permissions ? new Set(update.permissions) : null;
	if (update.exportFieldsRequired !== undefined) next.exportFieldsRequired = update.exportFieldsRequired;
	return next;
}
