import type { IDataObject } from 'n8n-workflow';

import type { BrazeChange, ChangeOf } from './changes';
import { identifierKind } from './identifiers';
import {
	COHORT_MEMBERS_PER_REQUEST,
	IDS_PER_REQUEST,
	SUBSCRIPTION_ENTRIES_PER_REQUEST,
	TRACK_LIMITS,
	TRIGGER_RECIPIENTS_PER_REQUEST,
	type TrackBatchLimit,
} from './limits';

/** Where one change sits in a request body, so Braze's answer can be read back onto it. */
export interface Slot {
	ref: number;
	array: string;
	index: number;
}

export interface PlanEntry {
	change: BrazeChange;
	/** The caller's handle for the change (e.g. its position in the input). */
	ref: number;
	/**
	 * More keys whose changes must stay in order, beside the users the change names: e.g. one input
	 * item's changes, whose users Braze may link (an alias and the email it stands for).
	 */
	orderKeys?: string[];
}

export type CredentialKind = 'brazeApi' | 'brazeCohortApi';

export interface BuiltRequest {
	endpoint: string;
	credential: CredentialKind;
	body: IDataObject;
	slots: Slot[];
}

/** An open request being filled with changes for one endpoint. */
export interface Bucket {
	/** Whether the change can join without breaking a limit or the order of one user's updates. */
	fits(entry: PlanEntry, users: string[]): boolean;
	add(entry: PlanEntry, users: string[]): void;
	build(): BuiltRequest;
	hasUser(user: string): boolean;
	entries: PlanEntry[];
}

const DEFAULT_PRIORITIZATION = ['unidentified', 'most_recently_updated'];

/** The identifier object as Braze wants it on a track object or a merge. */
function identifierFields(user: Record<string, unknown>): IDataObject {
	const kind = identifierKind(user);
	return { [kind]: user[kind] } as IDataObject;
}

/** /users/track: attributes, events and purchases, with Braze's processing order in mind. */
class TrackBucket implements Bucket {
	entries: PlanEntry[] = [];
	private attributes: IDataObject[] = [];
	private events: IDataObject[] = [];
	private purchases: IDataObject[] = [];
	private slots: Slot[] = [];
	/** Braze applies attributes, then events, then purchases: the highest phase each user has here. */
	private phaseOfUser = new Map<string, number>();

	constructor(private readonly limit: TrackBatchLimit) {}

	hasUser(user: string): boolean {
		return this.phaseOfUser.has(user);
	}

	private static phase(change: BrazeChange): number {
		return change.type === 'attributes' ? 0 : change.type === 'event' ? 1 : 2;
	}

	private arrayFor(change: BrazeChange): IDataObject[] {
		return change.type === 'attributes' ? this.attributes : change.type === 'event' ? this.events : this.purchases;
	}

	fits(entry: PlanEntry, users: string[]): boolean {
		const { total, perType } = TRACK_LIMITS[this.limit];
		if (this.slots.length + 1 > total) return false;
		if (this.arrayFor(entry.change).length + 1 > perType) return false;
		const phase = TrackBucket.phase(entry.change);
		return users.every((user) => (this.phaseOfUser.get(user) ?? -1) <= phase);
	}

	add(entry: PlanEntry, users: string[]): void {
		const { change } = entry;
		const phase = TrackBucket.phase(change);
		for (const user of users) this.phaseOfUser.set(user, Math.max(phase, this.phaseOfUser.get(user) ?? -1));
		const array = this.arrayFor(change);
		const name = change.type === 'attributes' ? 'attributes' : change.type === 'event' ? 'events' : 'purchases';
		this.slots.push({ ref: entry.ref, array: name, index: array.length });
		array.push(trackObject(change));
		this.entries.push(entry);
	}

	build(): BuiltRequest {
		const body: IDataObject = {};
		if (this.attributes.length) body.attributes = this.attributes;
		if (this.events.length) body.events = this.events;
		if (this.purchases.length) body.purchases = this.purchases;
		return { endpoint: '/users/track', credential: 'brazeApi', body, slots: this.slots };
	}
}

function trackObject(change: BrazeChange): IDataObject {
	const flags: IDataObject = {};
	if ('updateExistingOnly' in change && change.updateExistingOnly !== undefined) {
		flags._update_existing_only = change.updateExistingOnly;
	}
	switch (change.type) {
		case 'attributes':
			if (change.mergeObjects !== undefined) flags._merge_objects = change.mergeObjects;
			return { ...identifierFields(change.user), ...(change.attributes as IDataObject), ...flags };
		case 'event':
			return {
				...identifierFields(change.user),
				name: change.name,
				time: change.time,
				...(change.properties ? { properties: change.properties as IDataObject } : {}),
				...(change.appId ? { app_id: change.appId } : {}),
				...flags,
			};
		case 'purchase':
			return {
				...identifierFields(change.user),
				product_id: change.productId,
				currency: change.currency,
				price: change.price,
				...(change.quantity !== undefined ? { quantity: change.quantity } : {}),
				time: change.time,
				...(change.properties ? { properties: change.properties as IDataObject } : {}),
				...(change.appId ? { app_id: change.appId } : {}),
				...flags,
			};
		default:
			throw new Error(`${change.type} is not a /users/track change`);
	}
}

/**
 * A request holding one or more arrays of per-user items, each item one change. Endpoints that
 * do not promise order (alias update, merge, ...) never get the same user twice in one request.
 */
class ListBucket implements Bucket {
	entries: PlanEntry[] = [];
	private arrays = new Map<string, IDataObject[]>();
	private slots: Slot[] = [];
	private users = new Set<string>();

	hasUser(user: string): boolean {
		return this.users.has(user);
	}
	private count = 0;

	constructor(
		private readonly endpoint: string,
		private readonly capacity: number,
		private readonly toItem: (change: BrazeChange) => { array: string; item: IDataObject | string },
		private readonly extraBody: IDataObject = {},
		private readonly credential: CredentialKind = 'brazeApi',
		/** 'single': the field holds one value, not a list (e.g. export's email_address). */
		private readonly shape: 'list' | 'single' = 'list',
	) {}

	fits(_entry: PlanEntry, users: string[]): boolean {
		const capacity = this.shape === 'single' ? 1 : this.capacity;
		return this.count + 1 <= capacity && users.every((user) => !this.users.has(user));
	}

	add(entry: PlanEntry, users: string[]): void {
		const { array, item } = this.toItem(entry.change);
		const list = this.arrays.get(array) ?? [];
		this.arrays.set(array, list);
		this.slots.push({ ref: entry.ref, array, index: list.length });
		list.push(item as IDataObject);
		for (const user of users) this.users.add(user);
		this.count++;
		this.entries.push(entry);
	}

	build(): BuiltRequest {
		const body: IDataObject = { ...this.extraBody };
		for (const [array, list] of this.arrays) body[array] = this.shape === 'single' ? list[0] : list;
		return { endpoint: this.endpoint, credential: this.credential, body, slots: this.slots };
	}
}

/** /v2/subscription/status/set: one entry per (group, state, id type), up to 50 ids each. */
class SubscriptionBucket implements Bucket {
	entries: PlanEntry[] = [];
	private groups: IDataObject[] = [];
	private entryIndex = new Map<string, number>();
	private slots: Slot[] = [];
	private users = new Set<string>();
	/** A user may be in one request once per group: different groups do not depend on each other. */
	private usersInGroup = new Set<string>();

	hasUser(user: string): boolean {
		return this.users.has(user);
	}

	constructor(private readonly useDoubleOptIn: boolean) {}

	private static userInGroup(user: string, change: ChangeOf<'subscription'>): string {
		return `${change.groupId}\u0000${user}`;
	}

	private static listName(change: ChangeOf<'subscription'>): 'external_ids' | 'emails' | 'phones' {
		if (change.user.external_id !== undefined) return 'external_ids';
		return change.user.email !== undefined ? 'emails' : 'phones';
	}

	private entryKey(change: ChangeOf<'subscription'>) {
		return `${change.groupId}\u0000${change.state}\u0000${SubscriptionBucket.listName(change)}`;
	}

	fits(entry: PlanEntry, users: string[]): boolean {
		const change = entry.change as ChangeOf<'subscription'>;
		if (users.some((user) => this.usersInGroup.has(SubscriptionBucket.userInGroup(user, change)))) return false;
		const index = this.entryIndex.get(this.entryKey(change));
		if (index === undefined) return this.groups.length < SUBSCRIPTION_ENTRIES_PER_REQUEST;
		const list = this.groups[index][SubscriptionBucket.listName(change)] as string[];
		return list.length < IDS_PER_REQUEST;
	}

	add(entry: PlanEntry, users: string[]): void {
		const change = entry.change as ChangeOf<'subscription'>;
		const listName = SubscriptionBucket.listName(change);
		const key = this.entryKey(change);
		let index = this.entryIndex.get(key);
		if (index === undefined) {
			index = this.groups.length;
			this.entryIndex.set(key, index);
			this.groups.push({
				subscription_group_id: change.groupId,
				subscription_state: change.state,
				[listName]: [],
			});
		}
		const list = this.groups[index][listName] as string[];
		this.slots.push({ ref: entry.ref, array: `subscription_groups.${index}.${listName}`, index: list.length });
		const user = change.user as Record<string, string>;
		list.push(user[listName === 'external_ids' ? 'external_id' : listName === 'emails' ? 'email' : 'phone']);
		for (const u of users) {
			this.users.add(u);
			this.usersInGroup.add(SubscriptionBucket.userInGroup(u, change));
		}
		this.entries.push(entry);
	}

	build(): BuiltRequest {
		const body: IDataObject = { subscription_groups: this.groups };
		if (this.useDoubleOptIn) body.use_double_opt_in_logic = true;
		return { endpoint: '/v2/subscription/status/set', credential: 'brazeApi', body, slots: this.slots };
	}
}

/** Partner cohort import: one "add" and one "remove" change object, 1,000 members in all. */
class CohortBucket implements Bucket {
	entries: PlanEntry[] = [];
	private add_: IDataObject = {};
	private remove_: IDataObject = { should_remove: true };
	private slots: Slot[] = [];
	private users = new Set<string>();

	hasUser(user: string): boolean {
		return this.users.has(user);
	}

	constructor(private readonly cohortId: string) {}

	fits(_entry: PlanEntry, users: string[]): boolean {
		return this.slots.length < COHORT_MEMBERS_PER_REQUEST && users.every((user) => !this.users.has(user));
	}

	add(entry: PlanEntry, users: string[]): void {
		const change = entry.change as ChangeOf<'cohortMembership'>;
		const target = change.action === 'add' ? this.add_ : this.remove_;
		const member = change.member as Record<string, unknown>;
		const [array, value] =
			'external_id' in member
				? ['user_ids', member.external_id]
				: 'device_id' in member
					? ['device_ids', member.device_id]
					: ['aliases', member.user_alias];
		const list = (target[array] as unknown[] | undefined) ?? [];
		target[array] = list as IDataObject[];
		this.slots.push({ ref: entry.ref, array: `${change.action}.${array}`, index: list.length });
		list.push(value);
		for (const user of users) this.users.add(user);
		this.entries.push(entry);
	}

	build(): BuiltRequest {
		const cohortChanges = [this.add_, this.remove_].filter((c) => Object.keys(c).some((k) => k !== 'should_remove'));
		return {
			endpoint: '/partners/{partner}/cohorts/users',
			credential: 'brazeCohortApi',
			body: { cohort_id: this.cohortId, cohort_changes: cohortChanges },
			slots: this.slots,
		};
	}
}

/** Endpoints that take one change per request: the body is the change itself. */
class SingleBucket implements Bucket {
	entries: PlanEntry[] = [];
	private users = new Set<string>();

	constructor(
		private readonly endpoint: string,
		private readonly toBody: (change: BrazeChange) => IDataObject,
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
			body: this.toBody(entry.change),
			slots: [{ ref: entry.ref, array: 'request', index: 0 }],
		};
	}
}

/** The recipient object of /campaigns/trigger/send and /canvas/trigger/send. */
function triggerRecipient(change: ChangeOf<'campaignSend'> | ChangeOf<'canvasSend'>): IDataObject {
	const { recipient } = change;
	const who: IDataObject =
		recipient.external_id !== undefined
			? { external_user_id: recipient.external_id }
			: recipient.user_alias !== undefined
				? { user_alias: recipient.user_alias }
				: { email: recipient.email, prioritization: change.prioritization ?? ['most_recently_updated'] };
	const extra: IDataObject = {};
	if (change.type === 'campaignSend' && change.triggerProperties) extra.trigger_properties = change.triggerProperties as IDataObject;
	if (change.type === 'canvasSend' && change.context) extra.context = change.context as IDataObject;
	if (change.attributes) extra.attributes = change.attributes as IDataObject;
	if (change.sendToExistingOnly !== undefined) extra.send_to_existing_only = change.sendToExistingOnly;
	return { ...who, ...extra };
}

function transactionalBody(change: ChangeOf<'transactionalSend'>): IDataObject {
	const { recipient } = change;
	return {
		...(change.externalSendId ? { external_send_id: change.externalSendId } : {}),
		...(change.triggerProperties ? { trigger_properties: change.triggerProperties as IDataObject } : {}),
		recipient: {
			...(recipient.external_id !== undefined ? { external_user_id: recipient.external_id } : { user_alias: recipient.user_alias as IDataObject }),
			...(change.attributes ? { attributes: change.attributes as IDataObject } : {}),
		},
	};
}

function deleteItem(change: ChangeOf<'delete'>): { array: string; item: IDataObject | string } {
	const { user } = change;
	const prioritization = change.prioritization ?? DEFAULT_PRIORITIZATION;
	if (user.external_id !== undefined) return { array: 'external_ids', item: user.external_id };
	if (user.braze_id !== undefined) return { array: 'braze_ids', item: user.braze_id };
	if (user.user_alias !== undefined) return { array: 'user_aliases', item: user.user_alias };
	if (user.email !== undefined) return { array: 'email_addresses', item: { email: user.email, prioritization } };
	return { array: 'phone_numbers', item: { phone: user.phone, prioritization } };
}

function mergeIdentifier(user: Record<string, unknown>, prioritization: string[]): IDataObject {
	const fields = identifierFields(user);
	return 'email' in fields || 'phone' in fields ? { ...fields, prioritization } : fields;
}

/** The endpoint group a change belongs to: changes with the same key may share a request. */
export function bucketKey(change: BrazeChange): string {
	switch (change.type) {
		case 'attributes':
		case 'event':
		case 'purchase':
			return 'track';
		case 'subscription':
			// Braze refuses emails and phones in one request; double opt-in is a request-wide flag.
			return `subscription:${change.user.phone !== undefined ? 'phone' : 'id'}:${change.useDoubleOptIn ? 1 : 0}`;
		case 'emailStatus':
			return `emailStatus:${change.state}`;
		case 'delete':
			return `delete:${identifierKind(change.user)}`;
		case 'export': {
			const kind = identifierKind(change.user);
			const fields = JSON.stringify(change.fields ?? null);
			// external ids and aliases batch; braze_id, email and phone go one per request.
			return kind === 'external_id' || kind === 'user_alias' ? `export:ids:${fields}` : `export:${kind}:${fields}`;
		}
		case 'cohortMembership':
			return `cohort:${change.cohortId}`;
		case 'campaignSend':
			// Recipients share a request only when the request-level fields are the same.
			return `campaignSend:${change.campaignId}:${change.sendId ?? ''}`;
		case 'canvasSend':
			return `canvasSend:${change.canvasId}`;
		default:
			return change.type;
	}
}

export function newBucket(change: BrazeChange, trackLimit: TrackBatchLimit): Bucket {
	switch (change.type) {
		case 'attributes':
		case 'event':
		case 'purchase':
			return new TrackBucket(trackLimit);
		case 'subscription':
			return new SubscriptionBucket(change.useDoubleOptIn === true);
		case 'emailStatus':
			return new ListBucket('/email/status', IDS_PER_REQUEST, (c) => ({ array: 'email', item: (c as ChangeOf<'emailStatus'>).email }), {
				subscription_state: change.state,
			});
		case 'emailBlocklist':
			return new ListBucket('/email/blocklist', IDS_PER_REQUEST, (c) => ({
				array: 'email',
				item: (c as ChangeOf<'emailBlocklist'>).email,
			}));
		case 'aliasCreate':
			return new ListBucket('/users/alias/new', IDS_PER_REQUEST, (c) => {
				const { alias, externalId } = c as ChangeOf<'aliasCreate'>;
				return { array: 'user_aliases', item: { ...(externalId ? { external_id: externalId } : {}), ...alias } };
			});
		case 'aliasUpdate':
			return new ListBucket('/users/alias/update', IDS_PER_REQUEST, (c) => {
				const u = c as ChangeOf<'aliasUpdate'>;
				return {
					array: 'alias_updates',
					item: { alias_label: u.aliasLabel, old_alias_name: u.oldAliasName, new_alias_name: u.newAliasName },
				};
			});
		case 'identify':
			return new ListBucket('/users/identify', IDS_PER_REQUEST, (c) => {
				const u = c as ChangeOf<'identify'>;
				const prioritization = u.prioritization ?? DEFAULT_PRIORITIZATION;
				if (u.alias) return { array: 'aliases_to_identify', item: { external_id: u.externalId, user_alias: u.alias } };
				if (u.email)
					return { array: 'emails_to_identify', item: { external_id: u.externalId, email: u.email, prioritization } };
				return {
					array: 'phone_numbers_to_identify',
					item: { external_id: u.externalId, phone: u.phone ?? '', prioritization },
				};
			});
		case 'delete':
			return new ListBucket('/users/delete', IDS_PER_REQUEST, (c) => deleteItem(c as ChangeOf<'delete'>));
		case 'export': {
			const kind = identifierKind(change.user);
			const extra: IDataObject = change.fields ? { fields_to_export: change.fields } : {};
			if (kind === 'external_id' || kind === 'user_alias') {
				return new ListBucket(
					'/users/export/ids',
					IDS_PER_REQUEST,
					(c) => {
						const { user } = c as ChangeOf<'export'>;
						return user.external_id !== undefined
							? { array: 'external_ids', item: user.external_id }
							: { array: 'user_aliases', item: user.user_alias as IDataObject };
					},
					extra,
				);
			}
			// braze_id, email_address and phone take a single value per request.
			const field = kind === 'braze_id' ? 'braze_id' : kind === 'email' ? 'email_address' : 'phone';
			return new ListBucket(
				'/users/export/ids',
				1,
				(c) => ({ array: field, item: String((c as ChangeOf<'export'>).user[kind]) }),
				extra,
				'brazeApi',
				'single',
			);
		}
		case 'merge':
			return new ListBucket('/users/merge', IDS_PER_REQUEST, (c) => {
				const m = c as ChangeOf<'merge'>;
				const prioritization = m.prioritization ?? ['identified', 'most_recently_updated'];
				return {
					array: 'merge_updates',
					item: {
						identifier_to_merge: mergeIdentifier(m.toMerge, prioritization),
						identifier_to_keep: mergeIdentifier(m.toKeep, prioritization),
					},
				};
			});
		case 'renameExternalId':
			return new ListBucket('/users/external_ids/rename', IDS_PER_REQUEST, (c) => {
				const r = c as ChangeOf<'renameExternalId'>;
				return {
					array: 'external_id_renames',
					item: { current_external_id: r.currentExternalId, new_external_id: r.newExternalId },
				};
			});
		case 'removeExternalId':
			return new ListBucket('/users/external_ids/remove', IDS_PER_REQUEST, (c) => ({
				array: 'external_ids',
				item: (c as ChangeOf<'removeExternalId'>).externalId,
			}));
		case 'cohortMembership':
			return new CohortBucket(change.cohortId);
		case 'cohortUpsert':
			return new SingleBucket(
				'/partners/{partner}/cohorts',
				(c) => {
					const u = c as ChangeOf<'cohortUpsert'>;
					return { cohort_id: u.cohortId, name: u.name, created_at: u.createdAt };
				},
				'brazeCohortApi',
			);
		case 'campaignSend':
			return new ListBucket(
				'/campaigns/trigger/send',
				TRIGGER_RECIPIENTS_PER_REQUEST,
				(c) => ({ array: 'recipients', item: triggerRecipient(c as ChangeOf<'campaignSend'>) }),
				{ campaign_id: change.campaignId, ...(change.sendId ? { send_id: change.sendId } : {}) },
			);
		case 'canvasSend':
			return new ListBucket(
				'/canvas/trigger/send',
				TRIGGER_RECIPIENTS_PER_REQUEST,
				(c) => ({ array: 'recipients', item: triggerRecipient(c as ChangeOf<'canvasSend'>) }),
				{ canvas_id: change.canvasId },
			);
		case 'transactionalSend':
			return new SingleBucket(`/transactional/v1/campaigns/${encodeURIComponent(change.campaignId)}/send`, (c) =>
				transactionalBody(c as ChangeOf<'transactionalSend'>),
			);
	}
}
