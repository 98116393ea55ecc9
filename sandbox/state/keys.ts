import type { UserAlias } from './user';

// Normalised lookup keys, shared by the indexes and the validators.

export function aliasKey(a: UserAlias): string {
	return `${a.alias_label}\u0000${a.alias_name}`;
}

export function emailKey(email: string): string {
	return email.trim().toLowerCase();
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function isValidEmail(email: string): boolean {
	return EMAIL.test(email.trim());
}

// E.164-ish: optional +, 7 to 15 digits, separators tolerated. Returns undefined when invalid.
export function phoneKey(phone: string): string | undefined {
	const compact = phone.replace(/[\s\-().]/g, '');
	if (!/^\+?[1-9]\d{6,14}$/.test(compact)) return undefined;
	return compact.startsWith('+') ? compact : `+${compact}`;
}
