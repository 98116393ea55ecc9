import type { UserStore } from './user-store';
import type { UserAlias, UserProfile } from './user';

// A parsed identifier, as any endpoint may name a user (braze-api.md §2.1).
export type UserRef =
	| { kind: 'external_id'; value: string }
	| { kind: 'braze_id'; value: string }
	| { kind: 'user_alias'; alias: UserAlias }
	| { kind: 'email'; value: string; prioritization?: string[] }
	| { kind: 'phone'; value: string; prioritization?: string[] };

export function findUser(store: UserStore, ref: UserRef): UserProfile | undefined {
	switch (ref.kind) {
		case 'external_id':
			return store.byExternalId(ref.value);
		case 'braze_id':
			return store.byBrazeId(ref.value);
		case 'user_alias':
			return store.byAliasOf(ref.alias);
		case 'email':
			return pick(store.withEmail(ref.value), ref.prioritization);
		case 'phone':
			return pick(store.withPhone(ref.value), ref.prioritization);
	}
}

// Without prioritization: the most recently updated user with an external_id, else the most recent one.
// With it: each entry filters or picks in order; still ambiguous at the end means no match.
export function pick(users: UserProfile[], prioritization?: string[]): UserProfile | undefined {
	if (users.length <= 1) return users[0];
	if (!prioritization) {
		const identified = users.filter((u) => u.external_id !== undefined);
		return latest(identified.length > 0 ? identified : users);
	}
	let pool = users;
	for (const p of prioritization) {
		if (p === 'identified') pool = pool.filter((u) => u.external_id !== undefined);
		else if (p === 'unidentified') pool = pool.filter((u) => u.external_id === undefined);
		else if (p === 'most_recently_updated') pool = pool.length ? [latest(pool)] : pool;
		else if (p === 'least_recently_updated') pool = pool.length ? [earliest(pool)] : pool;
	}
	return pool.length === 1 ? pool[0] : undefined;
}

function latest(users: UserProfile[]): UserProfile {
	return users.reduce((a, b) => (b.update_seq > a.update_seq ? b : a));
}

function earliest(users: UserProfile[]): UserProfile {
	return users.reduce((a, b) => (b.update_seq < a.update_seq ? b : a));
}

export function describeRef(ref: UserRef): string {
	if (ref.kind === 'user_alias') return `${ref.alias.alias_label}:${ref.alias.alias_name}`;
	return ref.value;
}
