import type { ConsentRequest, SubscriptionControlRequest, SubscriptionTopicRequest } from '../schemas';
import type { ConsentConfig, ControlConfig, TopicRule } from './config';
import type { ResolvedIdentity } from './identity';
import { type Mapped, type Recency, emptyMapped, skipStale } from './types';

const STATE = { granted: 'subscribed', denied: 'unsubscribed' } as const;

/**
 * Subscription topics: each (topic code, channel) the table maps becomes a Braze subscription
 * group state; granted is subscribed, denied is unsubscribed.
 */
export function mapTopics(
	request: SubscriptionTopicRequest,
	identity: ResolvedIdentity,
	rules: TopicRule[],
	recency: Recency,
): Mapped {
	const out = emptyMapped();
	const at = request.submittedTimestamp;
	for (const [topic, channels] of Object.entries(request.topics)) {
		for (const [channel, status] of Object.entries(channels)) {
			const matching = rules.filter((rule) => rule.topic === topic && rule.channel.toLowerCase() === channel.toLowerCase());
			if (matching.length === 0) {
				out.unmapped.push(`${topic}/${channel}`);
				continue;
			}
			for (const rule of matching) {
				const key = `${identity.key}|group:${rule.groupId}`;
				if (skipStale(out, recency, key, at, (newer) => `${topic}/${channel} (group ${rule.groupId}): submitted at ${at}, a setting from ${newer} was already applied`)) continue;
				out.changes.push({ type: 'subscription', user: identity.user, groupId: rule.groupId, state: STATE[status as 'granted' | 'denied'] });
				out.seen.push([key, at]);
			}
		}
	}
	return out;
}

/**
 * Subscription controls: the configured code (e.g. `global_subscription`) sets the global email
 * state, by /email/status or the `email_subscribe` attribute, and can blocklist on denied.
 */
export function mapControls(
	request: SubscriptionControlRequest,
	identity: ResolvedIdentity,
	config: ControlConfig,
	recency: Recency,
): Mapped {
	const out = emptyMapped();
	const at = request.submittedTimestamp;
	for (const [code, status] of Object.entries(request.controls)) {
		if (code !== config.code) {
			out.unmapped.push(code);
			continue;
		}
		const key = `${identity.key}|control:${code}`;
		if (skipStale(out, recency, key, at, (newer) => `${code}: submitted at ${at}, a setting from ${newer} was already applied`)) continue;
		const state = status === 'granted' ? config.onGranted : config.onDenied;
		if (state !== 'none') {
			if (config.via === 'attribute') {
				out.changes.push({ type: 'attributes', user: identity.user, attributes: { email_subscribe: state }, updateExistingOnly: true });
			} else if (identity.email !== undefined) {
				out.changes.push({ type: 'emailStatus', email: identity.email, state });
			} else {
				out.warnings.push(`${code}: the global email state needs an email identity, and this request has none mapped as Email`);
			}
		}
		if (status === 'denied' && config.blocklistOnDenied) {
			if (identity.email !== undefined) out.changes.push({ type: 'emailBlocklist', email: identity.email });
			else out.warnings.push(`${code}: blocklisting needs an email identity, and this request has none mapped as Email`);
		}
		out.seen.push([key, at]);
	}
	return out;
}

const MAX_ATTRIBUTE_NAME = 255;

/** Consent purposes, when enabled: one custom attribute per purpose, e.g. ketch_consent_analytics. */
export function mapConsent(request: ConsentRequest, identity: ResolvedIdentity, config: ConsentConfig, recency: Recency): Mapped {
	const out = emptyMapped();
	if (!config.enabled) return out;
	const at = request.collectedAt;
	const attributes: Record<string, string | boolean> = {};
	for (const [purpose, status] of Object.entries(request.purposes)) {
		const name = `${config.prefix}${purpose}`;
		if (name.startsWith('_') || name.length > MAX_ATTRIBUTE_NAME) {
			out.warnings.push(`purpose ${purpose}: attribute name "${name.slice(0, 60)}" is not allowed by Braze (no leading "_", at most ${MAX_ATTRIBUTE_NAME} characters)`);
			continue;
		}
		const key = `${identity.key}|consent:${purpose}`;
		if (skipStale(out, recency, key, at, (newer) => `${purpose}: collected at ${at}, a consent from ${newer} was already applied`)) continue;
		attributes[name] = config.value === 'boolean' ? status === 'granted' : status;
		out.seen.push([key, at]);
	}
	if (Object.keys(attributes).length) {
		out.changes.push({
			type: 'attributes',
			user: identity.user,
			attributes,
			...(config.createUsers ? {} : { updateExistingOnly: true }),
		});
	}
	return out;
}
