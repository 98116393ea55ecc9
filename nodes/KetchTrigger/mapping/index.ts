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

/** One validated Ketch request to the Braze changes it means. Pure: same input, same output. */
export function mapKetchRequest(envelope: KetchEnvelope, config: MappingConfig, recency: Recency): MappingResult {
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
