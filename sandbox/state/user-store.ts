import { newBrazeId } from './ids';
import { aliasKey, emailKey, phoneKey } from './keys';
import { newProfile, type UserAlias, type UserProfile } from './user';

// Users with one index per identifier, so every lookup is a Map hit.
export class UserStore {
	private byBraze = new Map<string, UserProfile>();
	private byExternal = new Map<string, UserProfile>();
	private byDeprecated = new Map<string, UserProfile>();
	private byAlias = new Map<string, UserProfile>();
	private byEmail = new Map<string, Set<UserProfile>>();
	private byPhone = new Map<string, Set<UserProfile>>();
	private seq = 0;

	get size(): number {
		return this.byBraze.size;
	}

	all(): IterableIterator<UserProfile> {
		return this.byBraze.values();
	}

	create(now = Date.now()): UserProfile {
		const u = newProfile(newBrazeId(now), new Date(now).toISOString());
		u.update_seq = ++this.seq;
		this.byBraze.set(u.braze_id, u);
		return u;
	}

	touch(u: UserProfile, now = Date.now()): void {
		u.update_seq = ++this.seq;
		u.updated_at = new Date(now).toISOString();
	}

	byBrazeId(id: string): UserProfile | undefined {
		return this.byBraze.get(id);
	}

	// Primary ids first; a deprecated id still resolves until it is removed.
	byExternalId(id: string): UserProfile | undefined {
		return this.byExternal.get(id) ?? this.byDeprecated.get(id);
	}

	primaryOwner(id: string): UserProfile | undefined {
		return this.byExternal.get(id);
	}

	deprecatedOwner(id: string): UserProfile | undefined {
		return this.byDeprecated.get(id);
	}

	byAliasOf(a: UserAlias): UserProfile | undefined {
		return this.byAlias.get(aliasKey(a));
	}

	withEmail(email: string): UserProfile[] {
		const set = this.byEmail.get(emailKey(email));
		return set ? [...set] : [];
	}

	withPhone(phone: string): UserProfile[] {
		const key = phoneKey(phone);
		const set = key ? this.byPhone.get(key) : undefined;
		return set ? [...set] : [];
	}

	setExternalId(u: UserProfile, id: string): void {
		if (u.external_id !== undefined) this.byExternal.delete(u.external_id);
		u.external_id = id;
		this.byExternal.set(id, u);
	}

	// Rename: the old id stays resolvable as a deprecated id.
	renameExternalId(u: UserProfile, next: string): void {
		const old = u.external_id;
		if (old !== undefined) {
			u.deprecated_external_ids.push(old);
			this.byDeprecated.set(old, u);
		}
		this.setExternalId(u, next);
	}

	removeDeprecated(id: string): boolean {
		const u = this.byDeprecated.get(id);
		if (!u) return false;
		this.byDeprecated.delete(id);
		u.deprecated_external_ids = u.deprecated_external_ids.filter((d) => d !== id);
		return true;
	}

	addAlias(u: UserProfile, a: UserAlias): void {
		const alias = { alias_name: a.alias_name, alias_label: a.alias_label };
		u.user_aliases.push(alias);
		this.byAlias.set(aliasKey(alias), u);
	}

	removeAlias(u: UserProfile, a: UserAlias): void {
		const key = aliasKey(a);
		u.user_aliases = u.user_aliases.filter((x) => aliasKey(x) !== key);
		if (this.byAlias.get(key) === u) this.byAlias.delete(key);
	}

	setEmail(u: UserProfile, email: string | undefined): void {
		if (u.email !== undefined) this.unindex(this.byEmail, emailKey(u.email), u);
		u.email = email === undefined ? undefined : emailKey(email);
		if (u.email !== undefined) this.index(this.byEmail, u.email, u);
	}

	setPhone(u: UserProfile, phone: string | undefined): void {
		const oldKey = u.phone !== undefined ? phoneKey(u.phone) : undefined;
		if (oldKey) this.unindex(this.byPhone, oldKey, u);
		u.phone = phone;
		const key = phone !== undefined ? phoneKey(phone) : undefined;
		if (key) this.index(this.byPhone, key, u);
	}

	delete(u: UserProfile): void {
		this.byBraze.delete(u.braze_id);
		if (u.external_id !== undefined && this.byExternal.get(u.external_id) === u) this.byExternal.delete(u.external_id);
		for (const d of u.deprecated_external_ids) this.byDeprecated.delete(d);
		for (const a of u.user_aliases) {
			if (this.byAlias.get(aliasKey(a)) === u) this.byAlias.delete(aliasKey(a));
		}
		this.setEmail(u, undefined);
		this.setPhone(u, undefined);
	}

	clear(): void {
		for (const m of [this.byBraze, this.byExternal, this.byDeprecated, this.byAlias, this.byEmail, this.byPhone]) m.clear();
		this.seq = 0;
	}

	private index(map: Map<string, Set<UserProfile>>, key: string, u: UserProfile): void {
		let set = map.get(key);
		if (!set) map.set(key, (set = new Set()));
		set.add(u);
	}

	private unindex(map: Map<string, Set<UserProfile>>, key: string, u: UserProfile): void {
		const set = map.get(key);
		if (!set) return;
		set.delete(u);
		if (set.size === 0) map.delete(key);
	}
}
