import { z } from 'zod';

import { E164_MESSAGE, EMAIL_EXAMPLE, normaliseEmail, normalisePhone } from '../values';

/** A Braze user alias: a (name, label) pair, e.g. { alias_name: 'ann@example.com', alias_label: 'email' }. */
export const userAliasSchema = z
	.object({
		alias_name: z.string().min(1, 'must not be empty'),
		alias_label: z.string().min(1, 'must not be empty'),
	})
	.strict();
export type UserAlias = z.infer<typeof userAliasSchema>;

const nonEmpty = () => z.string().trim().min(1, 'must not be empty');

/** The refused value, quoted and cut short, for messages that name what was wrong. */
export function quoted(value: unknown): string {
	const text = typeof value === 'string' ? value : JSON.stringify(value);
	return JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text);
}

/**
 * Braze's v2 subscription and track pages take E.164 only. Spaces, dashes, dots and brackets people
 * type are dropped; anything else ("555-1234" without a country code) is refused before sending.
 */
export const phoneSchema = z
	.string()
	.transform((value, ctx) => {
		const phone = normalisePhone(value);
		if (phone === undefined) {
			ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${E164_MESSAGE} (got ${quoted(value)})` });
			return z.NEVER;
		}
		return phone;
	});

/** Trimmed and lower-cased, as Braze matches addresses: one spelling, one profile. */
export const emailSchema = z
	.string()
	.transform((value, ctx) => {
		const email = normaliseEmail(value);
		if (email === undefined) {
			ctx.addIssue({ code: z.ZodIssueCode.custom, message: `must be an email address, e.g. ${EMAIL_EXAMPLE} (got ${quoted(value)})` });
			return z.NEVER;
		}
		return email;
	});

/**
 * Exactly one way to find a user, as every Braze user object requires.
 * The keys are Braze's own, so a change reads like the request it becomes.
 */
export const userIdentifierSchema = z
	.object({
		external_id: nonEmpty().optional(),
		braze_id: nonEmpty().optional(),
		user_alias: userAliasSchema.optional(),
		email: emailSchema.optional(),
		phone: phoneSchema.optional(),
	})
	.strict()
	.superRefine((value, ctx) => {
		const present = IDENTIFIER_KEYS.filter((key) => value[key] !== undefined);
		if (present.length !== 1) {
			ctx.addIssue({
				code: z.ZodIssueCode.custom,
				message:
					present.length === 0
						? 'needs one identifier: external_id, braze_id, user_alias, email or phone'
						: `has ${present.join(' and ')}: give exactly one identifier`,
			});
		}
	});
export type UserIdentifier = z.infer<typeof userIdentifierSchema>;

export const IDENTIFIER_KEYS = ['external_id', 'braze_id', 'user_alias', 'email', 'phone'] as const;
export type IdentifierKey = (typeof IDENTIFIER_KEYS)[number];

export function identifierKind(user: UserIdentifier): IdentifierKey {
	const key = IDENTIFIER_KEYS.find((k) => user[k] !== undefined);
	if (!key) throw new Error('user identifier is empty');
	return key;
}

/** A stable string per user, used to keep one user's updates in order across requests. */
export function userKey(user: UserIdentifier): string {
	const kind = identifierKind(user);
	if (kind === 'user_alias') return `alias:${user.user_alias!.alias_label}:${user.user_alias!.alias_name}`;
	if (kind === 'email') return emailKey(user.email!);
	if (kind === 'phone') return phoneKey(user.phone!);
	return `${kind}:${String(user[kind])}`;
}

/** Braze matches emails without regard to case: so must the order keys. */
export function emailKey(email: string): string {
	return `email:${email.trim().toLowerCase()}`;
}

/** One phone, one key, with or without "+" and separators. */
export function phoneKey(phone: string): string {
	return `phone:+${phone.replace(/[^\d]/g, '')}`;
}

export function aliasKey(alias: UserAlias): string {
	return `alias:${alias.alias_label}:${alias.alias_name}`;
}
