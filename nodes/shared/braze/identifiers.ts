import { z } from 'zod';

/** A Braze user alias: a (name, label) pair, e.g. { alias_name: 'ann@example.com', alias_label: 'email' }. */
export const userAliasSchema = z
	.object({
		alias_name: z.string().min(1, 'must not be empty'),
		alias_label: z.string().min(1, 'must not be empty'),
	})
	.strict();
export type UserAlias = z.infer<typeof userAliasSchema>;

const nonEmpty = () => z.string().trim().min(1, 'must not be empty');

/** E.164 is what Braze recommends; we accept "+" and 6 to 15 digits, after stripping spaces and dashes. */
const phoneSchema = z
	.string()
	.transform((value) => value.replace(/[\s().-]/g, ''))
	.refine((value) => /^\+?[1-9]\d{5,14}$/.test(value), {
		message: 'must be a phone number in E.164 format, e.g. +14155550123',
	});

const emailSchema = z
	.string()
	.trim()
	.refine((value) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value), {
		message: 'must be an email address, e.g. ann@example.com',
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
