import type { IDataObject } from 'n8n-workflow';

import type { BrazeChange } from '../changes';
import { identifierKind } from '../identifiers';
import type { Bucket, PlanEntry } from '../plan';
import type { BuiltRequest, CredentialKind, Slot } from '../request';

/** The request shapes most endpoints share; an endpoint with its own shape (track, subscriptions) writes its own Bucket. */

/** Prioritization Braze applies when an email or phone matches several profiles. */
export const DEFAULT_PRIORITIZATION = ['unidentified', 'most_recently_updated'];

/** The identifier object as Braze wants it on a track object or a merge: `{ external_id: ... }`. */
export function identifierFields(user: Record<string, unknown>): IDataObject {
	const kind = identifierKind(user);
	return { [kind]: user[kind] } as IDataObject;
}

export interface ListShape<C extends BrazeChange> {
	endpoint: string;
	capacity: number;
	/** The array a change goes into, and its item there. */
	toItem(change: C): { array: string; item: IDataObject | string };
	/** Request-wide fields, the same for every change sharing the request. */
	extraBody?: IDataObject;
	credential?: CredentialKind;
	/** 'single': the field holds one value, not a list (e.g. export's email_address). */
	shape?: 'list' | 'single';
}

/**
 * A request holding one or more arrays of per-user items, each item one change. Endpoints that
 * do not promise order (alias update, merge, ...) never get the same user twice in one request.
 */
export class ListBucket<C extends BrazeChange> implements Bucket {
	entries: PlanEntry[] = [];
	private arrays = new Map<string, IDataObject[]>();
	private slots: Slot[] = [];
	private users = new Set<string>();
	private count = 0;

	constructor(private readonly options: ListShape<C>) {}

	hasUser(user: string): boolean {
		return this.users.has(user);
	}

	fits(_entry: PlanEntry, users: string[]): boolean {
		const capacity = this.options.shape === 'single' ? 1 : this.options.capacity;
		return this.count + 1 <= capacity && users.every((user) => !this.users.has(user));
	}

	add(entry: PlanEntry, users: string[]): void {
		const { array, item } = this.options.toItem(entry.change as C);
		const list = this.arrays.get(array) ?? [];
		this.arrays.set(array, list);
		this.slots.push({ ref: entry.ref, array, index: list.length });
		list.push(item as IDataObject);
		for (const user of users) this.users.add(user);
		this.count++;
		this.entries.push(entry);
	}

	build(): BuiltRequest {
		const body: IDataObject = { ...(this.options.extraBody ?? {}) };
		for (const [array, list] of this.arrays) body[array] = this.options.shape === 'single' ? list[0] : list;
		return { endpoint: this.options.endpoint, credential: this.options.credential ?? 'brazeApi', body, slots: this.slots };
	}
}

/** Endpoints that take one change per request: the body is the change itself. */
export class SingleBucket<C extends BrazeChange> implements Bucket {
	entries: PlanEntry[] = [];
	private users = new Set<string>();

	constructor(
		private readonly endpoint: string,
		private readonly toBody: (change: C) => IDataObject,
		private readonly credential: CredentialKind = 'brazeApi',
	) {}

	hasUser(user: string): boolean {
		return this.users.has(user);
	}

	fits(): boolean {
		return this.entries.length === 0;
	}

	add(entry: PlanEntry, users: string[]): void {
		this.entries.push(entry);
		for (const user of users) this.users.add(user);
	}

	build(): BuiltRequest {
		const [entry] = this.entries;
		return {
			endpoint: this.endpoint,
			credential: this.credential,
			body: this.toBody(entry.change as C),
			slots: [{ ref: entry.ref, array: 'request', index: 0 }],
		};
	}
}

/** Rename/remove errors are arrays or objects naming the id or its index: match what we can. */
export function slotNamingId(error: unknown, slots: Slot[], idsOf: (position: number) => string[]): Slot | undefined {
	const parts: unknown[] = Array.isArray(error) ? error : error && typeof error === 'object' ? Object.values(error) : [error];
	const byIndex = parts.find((p) => typeof p === 'number') as number | undefined;
	if (byIndex !== undefined) return slots.find((slot) => slot.index === byIndex);
	const ids = new Set(parts.filter((p) => typeof p === 'string'));
	return slots.find((_slot, position) => idsOf(position).some((id) => ids.has(id)));
}
