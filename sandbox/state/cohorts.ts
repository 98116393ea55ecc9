import type { UserAlias } from './user';

// Partner cohort imports (braze-api.md §2.14). Members are prefixed keys so kinds never collide.
export interface Cohort {
	cohort_id: string;
	name?: string;
	created_at?: string;
	members: Set<string>;
	updated_at: string;
}

export interface CohortChange {
	user_ids?: string[];
	device_ids?: string[];
	aliases?: UserAlias[];
	should_remove?: boolean;
}

export function memberKeys(c: CohortChange): string[] {
	return [
		...(c.user_ids ?? []).map((id) => `user_id:${id}`),
		...(c.device_ids ?? []).map((id) => `device_id:${id}`),
		...(c.aliases ?? []).map((a) => `alias:${a.alias_label}:${a.alias_name}`),
	];
}

export class CohortStore {
	private map = new Map<string, Cohort>();

	get(id: string): Cohort | undefined {
		return this.map.get(id);
	}

	all(): Cohort[] {
		return [...this.map.values()];
	}

	upsert(id: string, name: string, createdAt: string, now: string): Cohort {
		const c = this.ensure(id, now);
		c.name = name;
		c.created_at = c.created_at ?? createdAt;
		return c;
	}

	// Returns how many members were added or removed.
	apply(id: string, change: CohortChange, now: string): number {
		const c = this.ensure(id, now);
		const keys = memberKeys(change);
		for (const k of keys) {
			if (change.should_remove === true) c.members.delete(k);
			else c.members.add(k);
		}
		return keys.length;
	}

	clear(): void {
		this.map.clear();
	}

	private ensure(id: string, now: string): Cohort {
		let c = this.map.get(id);
		if (!c) this.map.set(id, (c = { cohort_id: id, members: new Set(), updated_at: now }));
		c.updated_at = now;
		return c;
	}
}
