import { readPath } from '../../shared/values';
import type { AttributesDraft } from './attributes';
import { parseConsent } from './fieldValues';
import { subscriptionUser } from './identity';
import { type KomoMappingSettings, type MapFailure, fail } from './types';

/**
 * The consent field as an opt-in (or, with unsubscribe on decline, an opt-out): a subscription
 * change, or `subscription_groups` in the attributes (see ConsentAs). Undefined consent: absent.
 */
export function mapConsent(
	body: Record<string, unknown>,
	settings: KomoMappingSettings,
	identityValue: string,
	draft: AttributesDraft,
): { ok: true; consent?: boolean; change?: Record<string, unknown> } | MapFailure {
	if (!settings.consent) return { ok: true };
	const { path, groupId, as, unsubscribeOnDecline } = settings.consent;
	const parsed = parseConsent(readPath(body, path));
	if (parsed === 'invalid') return fail(path, `Field "${path}" must be a consent value such as true/false, yes/no or 1/0`);
	const consent = parsed === undefined ? {} : { consent: parsed };
	const state = parsed === true ? 'subscribed' : parsed === false && unsubscribeOnDecline ? 'unsubscribed' : undefined;
	if (!state) return { ok: true, ...consent };
	const asChange = as === 'subscription' || (as === 'auto' && settings.userMapping === 'external_id');
	const subscriber = asChange ? subscriptionUser(settings, identityValue) : undefined;
	if (subscriber) return { ok: true, ...consent, change: { type: 'subscription', user: subscriber, groupId: groupId.trim(), state } };
	draft.attributes.subscription_groups = [{ subscription_group_id: groupId.trim(), subscription_state: state }];
	draft.sourceOf.set('subscription_groups', { field: path, label: `Komo field "${path}"` });
	return { ok: true, ...consent };
}
