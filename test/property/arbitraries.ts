/**
 * fast-check generators of Braze changes (every type of nodes/shared/braze/changes.ts), for the
 * property tests of the schemas and the planner (test/unit/property-*.test.ts).
 *
 * Identifiers come from small pools so that random sets hit the same users again and again (the
 * ordering rules only matter then), mixed with a large pool so requests fill up to their limits.
 * Pools hold values Braze treats as one user written differently (e-mail case, phone with and
 * without "+"): `brazeUserKeys` below is Braze's notion of "the same user", the planner's is
 * `userKeysOf` (nodes/shared/braze/endpoints/).
 */
import fc from 'fast-check';

import type { BrazeChange } from '../../nodes/shared/braze/changes';
import type { UserIdentifier } from '../../nodes/shared/braze/identifiers';

const TIMES = ['2026-01-31T12:00:00Z', '2026-02-01T00:00:00.000Z', '2026-03-01T08:30:00+01:00'];

/** A few users, hit often. */
const externalIdSmall = fc.constantFrom('u0', 'u1', 'u2', 'u3');
/** Many users, so buckets reach their size limits. */
const externalIdLarge = fc.integer({ min: 0, max: 3000 }).map((n) => `user-${n}`);
export const externalId = fc.oneof({ arbitrary: externalIdSmall, weight: 2 }, { arbitrary: externalIdLarge, weight: 3 });

export const alias = fc.record({
	alias_name: fc.constantFrom('n0', 'n1', 'n2'),
	alias_label: fc.constantFrom('email', 'crm'),
});

/** Two spellings of ann@example.com: one Braze user (Braze matches e-mail addresses case-insensitively). */
export const email = fc.oneof(
	fc.constantFrom('ann@example.com', 'Ann@Example.com', 'bo@example.com'),
	fc.integer({ min: 0, max: 500 }).map((n) => `fan${n}@example.com`),
);

/** "+14155550100" and "+1 (415) 555-0100" are the same phone: the package drops the separators people type. */
export const phone = fc.constantFrom('+14155550100', '+1 (415) 555-0100', '+14155550101', '+447700900123');

type Kind = 'external_id' | 'braze_id' | 'user_alias' | 'email' | 'phone';

export function identifier(kinds: Kind[] = ['external_id', 'braze_id', 'user_alias', 'email', 'phone']): fc.Arbitrary<UserIdentifier> {
	const byKind: Record<Kind, fc.Arbitrary<UserIdentifier>> = {
		external_id: externalId.map((external_id) => ({ external_id })),
		braze_id: fc.constantFrom('b0', 'b1', 'b2').map((braze_id) => ({ braze_id })),
		user_alias: alias.map((user_alias) => ({ user_alias })),
		email: email.map((value) => ({ email: value })),
		phone: phone.map((value) => ({ phone: value })),
	};
	// external ids dominate real syncs
	return fc.oneof(
		...kinds.map((kind) => ({ arbitrary: byKind[kind], weight: kind === 'external_id' ? 4 : 1 })),
	);
}

const time = fc.constantFrom(...TIMES);
const scalar = fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.boolean(), fc.string({ maxLength: 20 }), fc.constant(null));

const attributeValue = fc.oneof(
	scalar,
	fc.record({ inc: fc.integer({ min: -5, max: 5 }) }),
	fc.record({ add: fc.array(fc.constantFrom('a', 'b', 'c'), { maxLength: 3 }) }),
	fc.record({ remove: fc.array(fc.constantFrom('a', 'b'), { maxLength: 2 }) }),
	fc.array(fc.string({ maxLength: 10 }), { maxLength: 4 }),
	fc.record({ city: fc.string({ maxLength: 10 }), zip: fc.string({ maxLength: 5 }) }),
);

const attributes = fc.dictionary(fc.constantFrom('plan', 'score', 'tags', 'address', 'logins', 'first_name', 'Ünïcode name'), attributeValue, {
	minKeys: 1,
	maxKeys: 4,
});

const properties = fc.dictionary(fc.constantFrom('plan', 'amount', 'sku', 'nested', 'a b'), scalar, { maxKeys: 3 });

const optionalBool = fc.option(fc.boolean(), { nil: undefined });

function clean<T extends Record<string, unknown>>(value: T): T {
	return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

const prioritization = fc.option(fc.constantFrom(['identified'], ['unidentified', 'most_recently_updated']), { nil: undefined });

const scheduleId = fc.constantFrom('sch-1', 'sch-2');

/** Catalog items: a few ids hit often, in two catalogs. */
function catalogWrites() {
	const target = fc.record({ catalogName: fc.constantFrom('restaurants', 'menu'), itemId: fc.oneof(fc.constantFrom('r1', 'r2'), fc.integer({ min: 0, max: 500 }).map((n) => `item-${n}`)) });
	const fields = fc.record({ Name: fc.string({ maxLength: 10 }), Rating: fc.integer({ min: 0, max: 5 }) });
	const write = (type: 'catalogItemCreate' | 'catalogItemUpdate' | 'catalogItemReplace') =>
		fc.record({ target, fields }).map(({ target: t, fields: f }) => ({ type, ...t, fields: f }) as BrazeChange);
	return {
		catalogItemCreate: write('catalogItemCreate'),
		catalogItemUpdate: write('catalogItemUpdate'),
		catalogItemReplace: write('catalogItemReplace'),
		catalogItemDelete: target.map((t) => ({ type: 'catalogItemDelete', ...t }) as BrazeChange),
	};
}

export const changeByType: Record<BrazeChange['type'], fc.Arbitrary<BrazeChange>> = {
	attributes: fc
		.record({ user: identifier(), attributes, updateExistingOnly: optionalBool, mergeObjects: optionalBool })
		.map((c) => clean({ type: 'attributes', ...c }) as BrazeChange),
	event: fc
		.record({ user: identifier(), name: fc.constantFrom('signup', 'quiz_answered', 'é'), time, properties: fc.option(properties, { nil: undefined }), updateExistingOnly: optionalBool })
		.map((c) => clean({ type: 'event', ...c }) as BrazeChange),
	purchase: fc
		.record({
			user: identifier(),
			productId: fc.constantFrom('sku-1', 'sku-2'),
			currency: fc.constantFrom('USD', 'eur', ' gbp '),
			price: fc.double({ min: 0, max: 10_000, noNaN: true, noDefaultInfinity: true }),
			quantity: fc.option(fc.integer({ min: 1, max: 100 }), { nil: undefined }),
			time,
			properties: fc.option(properties, { nil: undefined }),
		})
		.map((c) => clean({ type: 'purchase', ...c }) as BrazeChange),
	subscription: fc
		.record({
			user: identifier(['external_id', 'email', 'phone']),
			groupId: fc.constantFrom('g0', 'g1', 'g2', 'g3'),
			state: fc.constantFrom('subscribed' as const, 'unsubscribed' as const),
			useDoubleOptIn: optionalBool,
		})
		.map((c) => clean({ type: 'subscription', ...c }) as BrazeChange),
	emailStatus: fc
		.record({ email, state: fc.constantFrom('subscribed' as const, 'opted_in' as const, 'unsubscribed' as const) })
		.map((c) => ({ type: 'emailStatus', ...c }) as BrazeChange),
	emailBlocklist: email.map((value) => ({ type: 'emailBlocklist', email: value }) as BrazeChange),
	aliasCreate: fc
		.record({ alias, externalId: fc.option(externalId, { nil: undefined }) })
		.map((c) => clean({ type: 'aliasCreate', ...c }) as BrazeChange),
	aliasUpdate: fc
		.record({ aliasLabel: fc.constantFrom('email', 'crm'), oldAliasName: fc.constantFrom('n0', 'n1'), newAliasName: fc.constantFrom('n1', 'n2') })
		.map((c) => ({ type: 'aliasUpdate', ...c }) as BrazeChange),
	identify: fc
		.record({
			externalId,
			other: fc.oneof(alias.map((a) => ({ alias: a })), email.map((e) => ({ email: e })), phone.map((p) => ({ phone: p }))),
			prioritization,
		})
		.map(({ other, ...c }) => clean({ type: 'identify', ...c, ...other }) as BrazeChange),
	delete: fc.record({ user: identifier(), prioritization }).map((c) => clean({ type: 'delete', ...c }) as BrazeChange),
	export: fc
		.record({ user: identifier(), fields: fc.option(fc.constantFrom(['email'], ['first_name', 'custom_attributes']), { nil: undefined }) })
		.map((c) => clean({ type: 'export', ...c }) as BrazeChange),
	merge: fc
		.record({ toMerge: identifier(['external_id', 'user_alias', 'email', 'phone']), toKeep: identifier(['external_id', 'user_alias', 'email']), prioritization })
		.map((c) => clean({ type: 'merge', ...c }) as BrazeChange),
	renameExternalId: fc
		.tuple(externalId, externalId)
		.filter(([a, b]) => a !== b)
		.map(([currentExternalId, newExternalId]) => ({ type: 'renameExternalId', currentExternalId, newExternalId }) as BrazeChange),
	removeExternalId: externalId.map((value) => ({ type: 'removeExternalId', externalId: value }) as BrazeChange),
	cohortMembership: fc
		.record({
			cohortId: fc.constantFrom('c0', 'c1'),
			member: fc.oneof(
				externalId.map((external_id) => ({ external_id })),
				fc.constantFrom('d0', 'd1').map((device_id) => ({ device_id })),
				alias.map((user_alias) => ({ user_alias })),
			),
			action: fc.constantFrom('add' as const, 'remove' as const),
		})
		.map((c) => ({ type: 'cohortMembership', ...c }) as BrazeChange),
	cohortUpsert: fc
		.record({ cohortId: fc.constantFrom('c0', 'c1'), name: fc.constantFrom('One', 'Two'), createdAt: time })
		.map((c) => ({ type: 'cohortUpsert', ...c }) as BrazeChange),
	campaignSend: fc
		.record({
			campaignId: fc.constantFrom('camp-1', 'camp-2'),
			recipient: identifier(['external_id', 'user_alias', 'email']),
			sendId: fc.option(fc.constantFrom('s1', 's2'), { nil: undefined }),
			triggerProperties: fc.option(fc.record({ coupon: fc.string({ maxLength: 8 }) }), { nil: undefined }),
		})
		.map((c) => clean({ type: 'campaignSend', ...c }) as BrazeChange),
	canvasSend: fc
		.record({ canvasId: fc.constantFrom('cv-1', 'cv-2'), recipient: identifier(['external_id', 'user_alias', 'email']), context: fc.option(fc.record({ step: fc.nat(5) }), { nil: undefined }) })
		.map((c) => clean({ type: 'canvasSend', ...c }) as BrazeChange),
	transactionalSend: fc
		.record({
			campaignId: fc.constantFrom('tx-1', 'tx/2'),
			recipient: identifier(['external_id', 'user_alias']),
			externalSendId: fc.option(fc.constantFrom('k1', 'k2', 'a+b/c='), { nil: undefined }),
		})
		.map((c) => clean({ type: 'transactionalSend', ...c }) as BrazeChange),
	...catalogWrites(),
	messageSend: fc
		.record({ recipient: identifier(['external_id', 'user_alias']), messages: fc.constantFrom({ email: { subject: 'Hi' } }, { sms: { body: 'Hi' } }), sendId: fc.option(fc.constantFrom('s1', 's2'), { nil: undefined }) })
		.map((c) => clean({ type: 'messageSend', ...c }) as BrazeChange),
	messageScheduleCreate: fc
		.record({ recipients: fc.array(externalId, { minLength: 1, maxLength: 5 }), messages: fc.constant({ email: { subject: 'Hi' } }), schedule: time.map((t) => ({ time: t })) })
		.map((c) => ({ type: 'messageScheduleCreate', ...c }) as BrazeChange),
	messageScheduleUpdate: fc.record({ scheduleId, schedule: time.map((t) => ({ time: t })) }).map((c) => ({ type: 'messageScheduleUpdate', ...c }) as BrazeChange),
	messageScheduleDelete: scheduleId.map((id) => ({ type: 'messageScheduleDelete', scheduleId: id }) as BrazeChange),
	campaignScheduleCreate: fc
		.record({ campaignId: fc.constantFrom('camp-1', 'camp-2'), recipients: fc.array(externalId, { minLength: 1, maxLength: 5 }), schedule: time.map((t) => ({ time: t, inLocalTime: true })) })
		.map((c) => ({ type: 'campaignScheduleCreate', ...c }) as BrazeChange),
	campaignScheduleUpdate: fc
		.record({ campaignId: fc.constantFrom('camp-1'), scheduleId, schedule: time.map((t) => ({ time: t })) })
		.map((c) => ({ type: 'campaignScheduleUpdate', ...c }) as BrazeChange),
	campaignScheduleDelete: fc.record({ campaignId: fc.constantFrom('camp-1'), scheduleId }).map((c) => ({ type: 'campaignScheduleDelete', ...c }) as BrazeChange),
	canvasScheduleCreate: fc
		.record({ canvasId: fc.constantFrom('cv-1'), broadcast: fc.constant(true as const), schedule: time.map((t) => ({ time: t })) })
		.map((c) => ({ type: 'canvasScheduleCreate', ...c }) as BrazeChange),
	canvasScheduleUpdate: fc
		.record({ canvasId: fc.constantFrom('cv-1'), scheduleId, schedule: time.map((t) => ({ time: t, atOptimalTime: true })) })
		.map((c) => ({ type: 'canvasScheduleUpdate', ...c }) as BrazeChange),
	canvasScheduleDelete: fc.record({ canvasId: fc.constantFrom('cv-1'), scheduleId }).map((c) => ({ type: 'canvasScheduleDelete', ...c }) as BrazeChange),
	emailBounceRemove: email.map((value) => ({ type: 'emailBounceRemove', email: value }) as BrazeChange),
	emailSpamRemove: email.map((value) => ({ type: 'emailSpamRemove', email: value }) as BrazeChange),
	smsInvalidRemove: phone.map((value) => ({ type: 'smsInvalidRemove', phone: value }) as BrazeChange),
};

export const anyChange: fc.Arbitrary<BrazeChange> = fc.oneof(...Object.values(changeByType));

/** Changes a warehouse sync or a partner node sends: the mix the fault suite uses too. */
export const syncChange: fc.Arbitrary<BrazeChange> = fc.oneof(
	{ arbitrary: changeByType.attributes, weight: 5 },
	{ arbitrary: changeByType.event, weight: 4 },
	{ arbitrary: changeByType.purchase, weight: 2 },
	{ arbitrary: changeByType.subscription, weight: 2 },
	{ arbitrary: changeByType.delete, weight: 1 },
);

/** Change sets: mostly small, sometimes a few hundred (so requests fill to their limits). */
export function changeSet(change: fc.Arbitrary<BrazeChange> = anyChange): fc.Arbitrary<BrazeChange[]> {
	return fc.oneof(
		{ arbitrary: fc.array(change, { maxLength: 40, size: 'max' }), weight: 3 },
		{ arbitrary: fc.array(change, { minLength: 100, maxLength: 400, size: 'max' }), weight: 1 },
	);
}

/** Braze's own notion of one user, for identifiers Braze normalises (e-mail case, phone "+"). */
export function brazeIdentifierKey(user: UserIdentifier): string {
	if (user.external_id !== undefined) return `external_id:${user.external_id}`;
	if (user.braze_id !== undefined) return `braze_id:${user.braze_id}`;
	if (user.user_alias !== undefined) return `alias:${user.user_alias.alias_label}:${user.user_alias.alias_name}`;
	if (user.email !== undefined) return `email:${user.email.trim().toLowerCase()}`;
	const digits = String(user.phone).replace(/[\s().-]/g, '');
	return `phone:${digits.startsWith('+') ? digits : `+${digits}`}`;
}
