import type { BrazeChange } from '../../shared/braze/changes';
import { isRightsKind } from '../../shared/ketch/protocol';
import type { KetchEnvelope } from '../schemas';
import type { MappingConfig } from './config';
import { type ResolvedIdentity, resolveIdentity } from './identity';
import { mapConsent, mapControls, mapTopics } from './preferences';
import { mapRights } from './rights';
import { type Mapped, type Recency, emptyMapped } from './types';

export type { MappingConfig } from './config';
export type { Recency } from './types';

export type MappingResult =
	| {
			outcome: 'run';
			identity: ResolvedIdentity | null;
			changes: BrazeChange[];
			notes: { unmapped: string[]; stale: string[]; warnings: string[] };
			seen: Array<[string, number]>;
	  }
	/** Nothing for Braze (no identity on a preference request): answer Ketch, start nothing. */
	| { outcome: 'acknowledge'; message: string }
	/** The request cannot be mapped as configured: 400 with this message. */
	| { outcome: 'reject'; message: string };

function run(identity: ResolvedIdentity | null, mapped: Mapped): MappingResult {
	const { changes, unmapped, stale, warnings, seen } = mapped;
	return { outcome: 'run', identity, changes, notes: { unmapped, stale, warnings }, seen };
}

/** How far ahead of n8n's clock a Ketch timestamp may be (clock skew) before it is not believed. */
export const MAX_FUTURE_SECONDS = 3600;

/**
 * "Newest wins" compares Ketch's timestamps, so one far in the future (milliseconds, a wrong clock,
 * the protocol's own example `collectedAt: 12345984398`) would make every later real change look
 * stale. Such a timestamp counts as received now, and the warning names the field.
 */
function believableTimestamps(envelope: KetchEnvelope, nowSeconds: number): { envelope: KetchEnvelope; warnings: string[] } {
	const field = envelope.kind === 'ConsentRequest' ? 'collectedAt' : envelope.kind.startsWith('Subscription') ? 'submittedTimestamp' : undefined;
	if (field === undefined) return { envelope, warnings: [] };
	const request = envelope.request as unknown as Record<string, unknown>;
	const value = request[field];
	if (typeof value !== 'number' || value <= nowSeconds + MAX_FUTURE_SECONDS) return { envelope, warnings: [] };
	const warning = `request.${field} ${value} is more than ${MAX_FUTURE_SECONDS / 3600} hour ahead of n8n's clock (milliseconds instead of seconds?): compared as received now (${nowSeconds})`;
	return { envelope: { ...envelope, request: { ...request, [field]: nowSeconds } } as unknown as KetchEnvelope, warnings: [warning] };
}

/** One validated Ketch request to the Braze changes it means. Pure: same input (and clock), same output. */
export function mapKetchRequest(received: KetchEnvelope, config: MappingConfig, recency: Recency, nowSeconds = Math.floor(Date.now() / 1000)): MappingResult {
	const { envelope, warnings } = believableTimestamps(received, nowSeconds);
	const result = mapBelievable(envelope, config, recency);
	if (result.outcome === 'run') result.notes.warnings.unshift(...warnings);
	return result;
}

function mapBelievable(envelope: KetchEnvelope, config: MappingConfig, recency: Recency): MappingResult {
	const resolved = resolveIdentity(envelope.request.identities, config.identities);
	if (!resolved.ok) {
		// Rights requests must not be dropped quietly; hashed or malformed identities are a setup problem.
		if (isRightsKind(envelope.kind) || resolved.reason !== 'missing' || config.withoutIdentity === 'reject') {
			return { outcome: 'reject', message: resolved.message };
		}
		if (config.withoutIdentity === 'acknowledge') return { outcome: 'acknowledge', message: resolved.message };
		return run(null, { ...emptyMapped(), warnings: [`${resolved.message}: nothing to change in Braze`] });
	}
	const { identity } = resolved;
	switch (envelope.kind) {
		case 'ConsentRequest':
			return run(identity, mapConsent(envelope.request, identity, config.consent, recency));
		case 'SubscriptionTopicRequest':
			return run(identity, mapTopics(envelope.request, identity, config.topics, recency));
		case 'SubscriptionControlRequest':
			return run(identity, mapControls(envelope.request, identity, config.control, recency));
		default:
			return run(identity, mapRights(envelope.kind, envelope.request, identity, config));
	}
}
