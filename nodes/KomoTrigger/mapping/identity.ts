import type { UserIdentifier } from '../../shared/braze/identifiers';
import { E164_MESSAGE, EMAIL_EXAMPLE, normaliseEmail, normalisePhone, readPath } from '../../shared/values';
import { identifierProblem } from '../../shared/webhook/identifiers';
import { isEmptyValue } from './fieldValues';
import { DEFAULT_IDENTITY_PATHS, type KomoMappingSettings, type MapFailure, fail } from './types';

/** The Braze user the body is about, or the field that is missing or wrong. */
export function userOf(
	body: Record<string, unknown>,
	settings: Pick<KomoMappingSettings, 'userMapping' | 'identityPath' | 'aliasLabel'>,
): { ok: true; user: UserIdentifier; value: string } | MapFailure {
	const path = settings.identityPath.trim() || DEFAULT_IDENTITY_PATHS[settings.userMapping];
	const raw = readPath(body, path);
	if (isEmptyValue(raw) || (typeof raw !== 'string' && typeof raw !== 'number')) {
		const what = { external_id: 'external ID', braze_id: 'Braze ID', alias_email: 'email', alias_phone: 'phone number' }[settings.userMapping];
		return fail(path, `Field "${path}" is missing or empty: the body must carry the user's ${what} there (or change the identity path)`);
	}
	const value = String(raw).trim();
	const problem = identifierProblem(value);
	if (problem) return fail(path, `Field "${path}" ${problem}`);
	const label = settings.aliasLabel.trim() || (settings.userMapping === 'alias_phone' ? 'phone' : 'email');
	switch (settings.userMapping) {
		case 'external_id':
			return { ok: true, user: { external_id: value }, value };
		case 'braze_id':
			return { ok: true, user: { braze_id: value }, value };
		case 'alias_email': {
			const email = normaliseEmail(value);
			if (email === undefined) return fail(path, `Field "${path}" must be an email address, e.g. ${EMAIL_EXAMPLE}`);
			return { ok: true, user: { user_alias: { alias_name: email, alias_label: label } }, value: email };
		}
		case 'alias_phone': {
			const phone = normalisePhone(value);
			if (phone === undefined) return fail(path, `Field "${path}" ${E164_MESSAGE}`);
			return { ok: true, user: { user_alias: { alias_name: phone, alias_label: label } }, value: phone };
		}
	}
}

/** Subscription groups take external_id, email or phone: the one the identity gives. */
export function subscriptionUser(settings: Pick<KomoMappingSettings, 'userMapping'>, value: string): UserIdentifier | undefined {
	if (settings.userMapping === 'external_id') return { external_id: value };
	if (settings.userMapping === 'alias_email') return { email: value };
	if (settings.userMapping === 'alias_phone') return { phone: value };
	return undefined;
}
