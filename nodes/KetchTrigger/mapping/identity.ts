import { isEmail, normaliseEmail } from '../../shared/values';
import { identifierProblem } from '../../shared/webhook/identifiers';
import { fieldPath, type KetchIdentity } from '../schemas';
import type { BrazeIdentifierKind, IdentitySpaceRule } from './config';

export type BrazeUser = { email: string } | { external_id: string };

export interface ResolvedIdentity {
	/** The Braze user every change of the request is about. */
	user: BrazeUser;
	/** The first raw email among the email spaces: global email state and blocklist need one. */
	email?: string;
	/** Which Ketch identity gave `user`. */
	source: { identitySpace: string; as: BrazeIdentifierKind; index: number };
	/** Stable per user, for "newest wins" bookkeeping. */
	key: string;
}

export type IdentityResult =
	| { ok: true; identity: ResolvedIdentity }
	| { ok: false; reason: 'missing' | 'hashed' | 'invalid'; message: string };

function formatOf(identity: KetchIdentity): string {
	return (identity.identityFormat ?? 'raw').trim().toLowerCase() || 'raw';
}

/**
 * Picks the Braze user of a request from its Ketch identities. Spaces are tried in the configured
 * order; hashed values (md5, sha1, any format but raw) are never used: Braze matches raw email
 * addresses and external IDs only, and a hash would silently create a wrong user.
 */
export function resolveIdentity(identities: KetchIdentity[], rules: IdentitySpaceRule[]): IdentityResult {
	let user: ResolvedIdentity['user'] | undefined;
	let source: ResolvedIdentity['source'] | undefined;
	let email: string | undefined;
	const hashed: string[] = [];
	const invalid: string[] = [];
	const refused: string[] = [];

	for (const rule of rules) {
		for (let index = 0; index < identities.length; index++) {
			const identity = identities[index];
			if (identity.identitySpace !== rule.space) continue;
			const field = fieldPath(['request', 'identities', index]);
			const format = formatOf(identity);
			if (format !== 'raw') {
				hashed.push(`${field} (space "${rule.space}") is ${format}-hashed`);
				continue;
			}
			const value = identity.identityValue.trim();
			const problem = identifierProblem(value);
			if (problem) {
				refused.push(`${field}.identityValue (space "${rule.space}") ${problem}`);
				continue;
			}
			if (rule.as === 'email') {
				if (!isEmail(value)) {
					invalid.push(`${field}.identityValue (space "${rule.space}") is not an email address`);
					continue;
				}
				email ??= value;
			}
			if (user === undefined) {
				user = rule.as === 'email' ? { email: value } : { external_id: value };
				source = { identitySpace: rule.space, as: rule.as, index };
			}
		}
	}

	if (user !== undefined && source !== undefined) {
		// One key per address however it is spelled; Braze gets the address as Ketch sent it.
		const value = 'email' in user ? (normaliseEmail(user.email) ?? user.email) : user.external_id;
		return { ok: true, identity: { user, source, email, key: `${source.as}:${value}` } };
	}
	if (refused.length) return { ok: false, reason: 'invalid', message: `${refused.join('; ')}: Braze is never sent such an identifier` };
	if (invalid.length) {
		return {
			ok: false,
			reason: 'invalid',
			message: `${invalid.join('; ')}: map this space to External ID in the Ketch Trigger, or pick the space that holds emails`,
		};
	}
	if (hashed.length) {
		return {
			ok: false,
			reason: 'hashed',
			message: `${hashed.join('; ')}: Braze needs the raw value, and hashed identities are never sent to Braze. Have Ketch send this identity space raw, or add a space that holds a raw email or external ID.`,
		};
	}
	const spaces = rules.map((rule) => `"${rule.space}"`).join(', ');
	const present = [...new Set(identities.map((identity) => `"${identity.identitySpace}"`))].join(', ') || 'none';
	return {
		ok: false,
		reason: 'missing',
		message: `request.identities has none of the identity spaces the Ketch Trigger maps to Braze (${spaces}); it has ${present}`,
	};
}
