import type { BucketName, RateLimitRule, ResolvedOptions } from './options';

const MINUTE = 60_000;
const HOUR = 3_600_000;

// Braze's documented limits per bucket (braze-api.md §2, api_limits).
export const DEFAULT_RULES: Record<BucketName, RateLimitRule> = {
	'users.track': { limit: 3000, windowMs: 3000 },
	'users.shared': { limit: 20_000, windowMs: MINUTE },
	'users.export.ids': { limit: 250, windowMs: MINUTE },
	'users.external_ids.rename': { limit: 1000, windowMs: MINUTE },
	'users.external_ids.remove': { limit: 1000, windowMs: MINUTE },
	'subscription.set': { limit: 5000, windowMs: MINUTE },
	'messaging.broadcast': { limit: 250, windowMs: MINUTE },
	transactional: { limit: 250_000, windowMs: HOUR },
	partner: { limit: 250_000, windowMs: HOUR },
	// _includes/rate_limits.md (braze-docs): shared between all synchronous catalog endpoints, all
	// synchronous catalog item endpoints, and all asynchronous catalog item endpoints.
	'catalogs.sync': { limit: 50, windowMs: MINUTE },
	'catalog.items.sync': { limit: 50, windowMs: MINUTE },
	'catalog.items.async': { limit: 16_000, windowMs: MINUTE },
	default: { limit: 250_000, windowMs: HOUR },
};

// Transactional sends over the allotment still go out (§2.12), so that bucket never refuses.
const NEVER_REFUSES = new Set<BucketName>(['transactional']);

export interface RateLimitResult {
	allowed: boolean;
	limit: number;
	remaining: number;
	reset: number;
}

interface Window {
	start: number;
	count: number;
}

// Fixed windows aligned to multiples of windowMs; Reset is the window end in epoch seconds.
export class RateLimiter {
	private windows = new Map<BucketName, Window>();

	constructor(private options: () => ResolvedOptions) {}

	clear(): void {
		this.windows.clear();
	}

	rule(bucket: BucketName): RateLimitRule {
		const o = this.options();
		return o.rateLimits[bucket] ?? o.rateLimit ?? DEFAULT_RULES[bucket];
	}

	take(bucket: BucketName, now: number): RateLimitResult {
		return this.check(bucket, now, true);
	}

	peek(bucket: BucketName, now: number): RateLimitResult {
		return this.check(bucket, now, false);
	}

	private check(bucket: BucketName, now: number, consume: boolean): RateLimitResult {
		const rule = this.rule(bucket);
		const start = Math.floor(now / rule.windowMs) * rule.windowMs;
		let w = this.windows.get(bucket);
		if (!w || w.start !== start) {
			w = { start, count: 0 };
			this.windows.set(bucket, w);
		}
		const enforced = this.options().rateLimit !== null && !NEVER_REFUSES.has(bucket);
		const allowed = !consume || !enforced || w.count < rule.limit;
		if (consume && allowed) w.count++;
		return {
			allowed,
			limit: rule.limit,
			remaining: Math.max(0, rule.limit - w.count),
			reset: Math.ceil((start + rule.windowMs) / 1000),
		};
	}
}

export function rateLimitHeaders(r: RateLimitResult): Record<string, string> {
	return {
		'X-RateLimit-Limit': String(r.limit),
		'X-RateLimit-Remaining': String(r.remaining),
		'X-RateLimit-Reset': String(r.reset),
	};
}
