import { parseChange } from '../../nodes/shared/braze/changes';
import {
	type KomoMappingSettings,
	cleanValue,
	mapKomoToBraze,
	normaliseAnswers,
	parseConsent,
	triggerAllowed,
} from '../../nodes/KomoTrigger/mapping';
import { readPath, slugify } from '../../nodes/shared/values';

const now = new Date('2026-02-01T10:00:00.000Z');

function settings(overrides: Partial<KomoMappingSettings> = {}): KomoMappingSettings {
	return {
		userMapping: 'alias_email',
		identityPath: 'contact.email',
		aliasLabel: 'email',
		fields: [
			{ komoField: 'form.first_name', brazeAttribute: 'first_name' },
			{ komoField: 'form.last_name', brazeAttribute: 'last_name' },
			{ komoField: 'form.team', brazeAttribute: 'favourite_team' },
		],
		answers: { as: 'event', path: 'answers', attributePrefix: 'komo_', eventName: 'komo_quiz_answered', eventPerAnswer: false },
		updateExistingOnly: false,
		triggerPath: 'trigger',
		occurredAtPath: 'occurredAt',
		...overrides,
	};
}

function body(overrides: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		trigger: 'Gameplay.DataCaptured',
		occurredAt: '2026-01-31T12:00:00Z',
		card: { id: 'card-1', name: 'Summer Quiz' },
		contact: { email: ' Ann@Example.com ', phone: '+44 7700 900123', externalId: 'u-1', brazeId: 'b-1' },
		form: { first_name: 'Ann', last_name: '', team: 'Reds' },
		answers: [
			{ id: 'q1', question: 'Favourite colour?', answer: 'Blue', type: 'poll' },
			{ question: 'Best season', answer: ['Summer', ''] },
			{ question: 'Skipped', answer: '  ' },
		],
		consent: { marketing: true },
		...overrides,
	};
}

function mapped(b: Record<string, unknown>, s: KomoMappingSettings) {
	const result = mapKomoToBraze(b, s, now);
	if (!result.ok) throw new Error(`expected a mapping, got ${result.error}`);
	// Everything emitted must pass the change model as is.
	for (const change of result.brazeChanges) expect(parseChange(change)).toMatchObject({ ok: true });
	return result;
}

function failure(b: Record<string, unknown>, s: KomoMappingSettings) {
	const result = mapKomoToBraze(b, s, now);
	if (result.ok) throw new Error('expected a failure');
	return result;
}

describe('readPath', () => {
	it('reads dot paths, indexes and whole keys', () => {
		const source = { a: { b: [{ c: 1 }, { c: 2 }] }, 'x.y': 'dotted' };
		expect(readPath(source, 'a.b.1.c')).toBe(2);
		expect(readPath(source, 'a.b[0].c')).toBe(1);
		expect(readPath(source, '$.a.b.0.c')).toBe(1);
		expect(readPath(source, 'x.y')).toBe('dotted');
		expect(readPath(source, 'a.missing.c')).toBeUndefined();
		expect(readPath(source, 'a.b.c')).toBeUndefined();
	});
});

describe('user mapping', () => {
	it('alias by email: lower-cased alias, and an attributes change that creates the alias-only user first', () => {
		const { brazeChanges, komo } = mapped(body(), settings());
		const user = { user_alias: { alias_name: 'ann@example.com', alias_label: 'email' } };
		expect(komo.user).toEqual(user);
		expect(brazeChanges.map((c) => c.type)).toEqual(['attributes', 'event']);
		expect(brazeChanges[0]).toEqual({
			type: 'attributes',
			user,
			attributes: { first_name: 'Ann', favourite_team: 'Reds' },
			updateExistingOnly: false,
		});
		expect(brazeChanges[1]).toMatchObject({ type: 'event', user, updateExistingOnly: false });
	});

	it('alias by email still sends an (empty) attributes change so the event has a user to land on', () => {
		const { brazeChanges } = mapped(body({ form: {} }), settings());
		expect(brazeChanges.map((c) => c.type)).toEqual(['attributes', 'event']);
		expect(brazeChanges[0]).toMatchObject({ attributes: {}, updateExistingOnly: false });
	});

	it('alias by phone with a configurable label, phone normalised', () => {
		const { brazeChanges } = mapped(body(), settings({ userMapping: 'alias_phone', identityPath: 'contact.phone', aliasLabel: 'mobile' }));
		expect(brazeChanges[0]).toMatchObject({ user: { user_alias: { alias_name: '+447700900123', alias_label: 'mobile' } } });
	});

	it('default alias label follows the mode when left empty', () => {
		const { komo } = mapped(body(), settings({ userMapping: 'alias_phone', identityPath: 'contact.phone', aliasLabel: '' }));
		expect(komo.user).toEqual({ user_alias: { alias_name: '+447700900123', alias_label: 'phone' } });
	});

	it('external_id and braze_id', () => {
		const byExternal = mapped(body(), settings({ userMapping: 'external_id', identityPath: 'contact.externalId' }));
		expect(byExternal.brazeChanges[0]).toMatchObject({ user: { external_id: 'u-1' } });
		const byBraze = mapped(body(), settings({ userMapping: 'braze_id', identityPath: 'contact.brazeId' }));
		expect(byBraze.brazeChanges[0]).toMatchObject({ user: { braze_id: 'b-1' } });
	});

	it('external_id without any data to send emits nothing', () => {
		const result = mapped(body({ form: {}, answers: [] }), settings({ userMapping: 'external_id', identityPath: 'contact.externalId' }));
		expect(result.brazeChanges).toEqual([]);
	});

	it('a missing or empty identity names the field', () => {
		expect(failure(body({ contact: {} }), settings())).toMatchObject({ field: 'contact.email', error: expect.stringMatching(/Field "contact\.email" is missing/) });
		expect(failure(body({ contact: { externalId: '  ' } }), settings({ userMapping: 'external_id', identityPath: 'contact.externalId' }))).toMatchObject({
			field: 'contact.externalId',
		});
		expect(failure(body({ contact: { email: 'not an email' } }), settings()).error).toMatch(/must be an email address/);
		expect(failure(body({ contact: { phone: 'call me' } }), settings({ userMapping: 'alias_phone', identityPath: 'contact.phone' })).error).toMatch(/E\.164/);
	});

	it('update existing users only: flags every change and sends no empty attributes change', () => {
		const { brazeChanges } = mapped(body({ form: {} }), settings({ updateExistingOnly: true }));
		expect(brazeChanges).toHaveLength(1);
		expect(brazeChanges[0]).toMatchObject({ type: 'event', updateExistingOnly: true });
		const withFields = mapped(body(), settings({ updateExistingOnly: true }));
		expect(withFields.brazeChanges.map((c) => [c.type, (c as { updateExistingOnly?: boolean }).updateExistingOnly])).toEqual([
			['attributes', true],
			['event', true],
		]);
	});
});

describe('hostile identities and sizes (issue 18 item 8)', () => {
	it.each([
		['a NUL', 'ann\u0000@example.com', /contains a control character \(U\+0000 at position 3\)/],
		['a newline', 'ann@example.com\nBcc: x@example.com', /contains a control character \(U\+000A/],
		['100 KB', `${'a'.repeat(100_000)}@example.com`, /is 100012 characters long: an identifier has at most 255/],
	])('refuses an email with %s, naming the field', (_what, email, message) => {
		const result = failure(body({ contact: { email } }), settings());
		expect(result.field).toBe('contact.email');
		expect(result.error).toMatch(/^Field "contact\.email" /);
		expect(result.error).toMatch(message);
	});

	it('refuses an external id with a control character too', () => {
		const result = failure(body({ contact: { externalId: 'u-1\u0007' } }), settings({ userMapping: 'external_id', identityPath: 'contact.externalId' }));
		expect(result).toMatchObject({ field: 'contact.externalId', error: expect.stringMatching(/control character/) });
	});

	it('bounds the answers: 250 map, 251 are refused naming the field, 200,000 never become one 3 MB event', () => {
		const many = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `q${i}`, question: `Q${i}`, answer: 'yes' }));
		expect(mapped(body({ answers: many(250) }), settings()).brazeChanges[1]).toMatchObject({ properties: { answer_count: 250 } });
		expect(failure(body({ answers: many(251) }), settings())).toMatchObject({ field: 'answers', error: expect.stringMatching(/holds 251 answers: at most 250/) });
		const plain = Object.fromEntries(many(200_000).map((a) => [a.question, a.answer]));
		expect(failure(body({ answers: plain }), settings()).error).toMatch(/holds 200000 answers/);
	});
});

describe('progressive profiles and field mapping', () => {
	it('never sends null, empty strings, blank strings, empty lists or unmapped fields', () => {
		const b = body({
			form: { first_name: null, last_name: '   ', team: [], city: 'Leeds', nick: { a: '' } },
			answers: [],
		});
		const s = settings({
			fields: [
				{ komoField: 'form.first_name', brazeAttribute: 'first_name' },
				{ komoField: 'form.last_name', brazeAttribute: 'last_name' },
				{ komoField: 'form.team', brazeAttribute: 'teams' },
				{ komoField: 'form.nick', brazeAttribute: 'nick' },
				{ komoField: 'form.unknown', brazeAttribute: 'unknown' },
			],
		});
		const { brazeChanges } = mapped(b, s);
		expect(brazeChanges).toEqual([{ type: 'attributes', user: expect.anything(), attributes: {}, updateExistingOnly: false }]);
		expect(JSON.stringify(brazeChanges)).not.toMatch(/null|""/);
	});

	it('keeps numbers, booleans, trimmed strings and non-empty list entries', () => {
		expect(cleanValue('  x ')).toBe('x');
		expect(cleanValue(0)).toBe(0);
		expect(cleanValue(false)).toBe(false);
		expect(cleanValue(['a', ' ', null, 'b'])).toEqual(['a', 'b']);
		expect(cleanValue({ a: '', b: 1 })).toEqual({ b: 1 });
	});

	it('converts standard attribute values Braze wants in one form', () => {
		const b = body({ form: { g: 'female', dob: '1990-04-23T00:00:00.000Z', country: 'gb', mail: 'ANN@EXAMPLE.COM' } });
		const s = settings({
			fields: [
				{ komoField: 'form.g', brazeAttribute: 'gender' },
				{ komoField: 'form.dob', brazeAttribute: 'dob' },
				{ komoField: 'form.country', brazeAttribute: 'country' },
				{ komoField: 'form.mail', brazeAttribute: 'email' },
			],
		});
		expect(mapped(b, s).brazeChanges[0]).toMatchObject({ attributes: { gender: 'F', dob: '1990-04-23', country: 'GB', email: 'ann@example.com' } });
	});

	it('a value Braze would refuse is a failure naming the Komo field', () => {
		const s = settings({ fields: [{ komoField: 'form.birthday', brazeAttribute: 'dob' }] });
		const result = failure(body({ form: { birthday: '23/04/1990' } }), s);
		expect(result.field).toBe('form.birthday');
		expect(result.error).toMatch(/Komo field "form\.birthday" \(Braze attribute dob\).*YYYY-MM-DD/);
		const long = failure(body({ form: { team: 'x'.repeat(300) } }), settings());
		expect(long).toMatchObject({ field: 'form.team', error: expect.stringMatching(/300 characters/) });
	});
});

describe('market research answers', () => {
	it('normalises lists and plain objects, drops empty answers, makes unique safe keys', () => {
		expect(normaliseAnswers([
			{ id: 'Q 1', question: 'Colour?', answer: ' Blue ' },
			{ question: 'Colour?', answer: 'Red' },
			{ question: 'Time', answer: 'now' },
			{ question: '¿Qué?', answer: { label: 'Sí' } },
			{ question: '???', answer: 3 },
			{ question: 'Empty', answer: '' },
		])).toEqual([
			{ key: 'q_1', question: 'Colour?', answer: 'Blue' },
			{ key: 'colour', question: 'Colour?', answer: 'Red' },
			{ key: 'answer_time', question: 'Time', answer: 'now' },
			{ key: 'que', question: '¿Qué?', answer: 'Sí' },
			{ key: 'question_5', question: '???', answer: 3 },
		]);
		expect(normaliseAnswers({ 'Best season': 'Summer', Blank: null })).toEqual([{ key: 'best_season', question: 'Best season', answer: 'Summer' }]);
		expect(normaliseAnswers('nonsense')).toEqual([]);
		expect(slugify('  Hello, World!  ')).toBe('hello_world');
	});

	it('one custom event per submission with every answer as a property, card and trigger as context', () => {
		const { brazeChanges } = mapped(body(), settings());
		expect(brazeChanges[1]).toEqual({
			type: 'event',
			user: { user_alias: { alias_name: 'ann@example.com', alias_label: 'email' } },
			name: 'komo_quiz_answered',
			time: '2026-01-31T12:00:00.000Z',
			properties: { komo_trigger: 'Gameplay.DataCaptured', card_id: 'card-1', card_name: 'Summer Quiz', answer_count: 2, q1: 'Blue', best_season: ['Summer'] },
			updateExistingOnly: false,
		});
	});

	it('one event per answer when asked, with a configurable name', () => {
		const { brazeChanges } = mapped(body(), settings({ answers: { as: 'event', path: 'answers', attributePrefix: 'komo_', eventName: 'poll_vote', eventPerAnswer: true } }));
		const events = brazeChanges.filter((c) => c.type === 'event');
		expect(events).toHaveLength(2);
		expect(events[0]).toMatchObject({ name: 'poll_vote', properties: { question_key: 'q1', question: 'Favourite colour?', answer: 'Blue', question_type: 'poll' } });
	});

	it('answers as attributes (prefix + key), or both', () => {
		const asAttributes = mapped(body(), settings({ answers: { as: 'attributes', path: 'answers', attributePrefix: 'komo_', eventName: 'x', eventPerAnswer: false } }));
		expect(asAttributes.brazeChanges.map((c) => c.type)).toEqual(['attributes']);
		expect(asAttributes.brazeChanges[0]).toMatchObject({ attributes: { komo_q1: 'Blue', komo_best_season: ['Summer'] } });
		const both = mapped(body(), settings({ answers: { as: 'both', path: 'answers', attributePrefix: 'quiz_', eventName: 'x', eventPerAnswer: false } }));
		expect(both.brazeChanges.map((c) => c.type)).toEqual(['attributes', 'event']);
		expect(both.brazeChanges[0]).toMatchObject({ attributes: { quiz_q1: 'Blue' } });
	});

	it('ignores answers when told to, and sends no event without answers', () => {
		expect(mapped(body(), settings({ answers: { as: 'none', path: 'answers', attributePrefix: '', eventName: 'x', eventPerAnswer: false } })).brazeChanges.map((c) => c.type)).toEqual(['attributes']);
		expect(mapped(body({ answers: undefined }), settings()).brazeChanges.map((c) => c.type)).toEqual(['attributes']);
	});

	it('uses the receipt time when the body has no readable time, epoch seconds when given', () => {
		const noTime = mapped(body({ occurredAt: 'soon' }), settings());
		expect(noTime.brazeChanges[1]).toMatchObject({ time: now.toISOString() });
		const epoch = mapped(body({ occurredAt: 1769860800 }), settings());
		expect(epoch.brazeChanges[1]).toMatchObject({ time: '2026-01-31T12:00:00.000Z' });
	});
});

describe('consent', () => {
	const consent = { path: 'consent.marketing', groupId: 'grp-1', as: 'subscription' as const, unsubscribeOnDecline: false };

	it('reads checkbox-like values', () => {
		for (const yes of [true, 'true', 'Yes', 1, 'on', 'checked', 'opted-in']) expect(parseConsent(yes)).toBe(true);
		for (const no of [false, 'false', 'No', 0, 'off']) expect(parseConsent(no)).toBe(false);
		for (const none of [undefined, null, '', '  ']) expect(parseConsent(none)).toBeUndefined();
		expect(parseConsent('maybe')).toBe('invalid');
	});

	it('subscribes by email after the attributes when identified by email alias', () => {
		const { brazeChanges, komo } = mapped(body(), settings({ consent }));
		expect(komo.consent).toBe(true);
		expect(brazeChanges.map((c) => c.type)).toEqual(['attributes', 'event', 'subscription']);
		expect(brazeChanges[2]).toEqual({ type: 'subscription', user: { email: 'ann@example.com' }, groupId: 'grp-1', state: 'subscribed' });
	});

	it('subscribes by external_id or phone according to the user mapping', () => {
		const external = mapped(body(), settings({ consent, userMapping: 'external_id', identityPath: 'contact.externalId' }));
		expect(external.brazeChanges.at(-1)).toMatchObject({ type: 'subscription', user: { external_id: 'u-1' } });
		const phone = mapped(body(), settings({ consent, userMapping: 'alias_phone', identityPath: 'contact.phone' }));
		expect(phone.brazeChanges.at(-1)).toMatchObject({ type: 'subscription', user: { phone: '+447700900123' } });
	});

	it('auto: a subscription change for external IDs, subscription_groups in the profile update for aliases and Braze IDs', () => {
		const auto = { ...consent, as: 'auto' as const };
		const external = mapped(body(), settings({ consent: auto, userMapping: 'external_id', identityPath: 'contact.externalId' }));
		expect(external.brazeChanges.map((c) => c.type)).toEqual(['attributes', 'event', 'subscription']);
		expect(external.brazeChanges[2]).toMatchObject({ user: { external_id: 'u-1' }, state: 'subscribed' });
		for (const s of [settings({ consent: auto }), settings({ consent: auto, userMapping: 'braze_id', identityPath: 'contact.brazeId' })]) {
			const result = mapped(body(), s);
			expect(result.brazeChanges.map((c) => c.type)).toEqual(['attributes', 'event']);
			expect(result.brazeChanges[0]).toMatchObject({
				attributes: { subscription_groups: [{ subscription_group_id: 'grp-1', subscription_state: 'subscribed' }] },
			});
		}
	});

	it('writes subscription_groups on the profile for Braze ID users or when asked', () => {
		const byBraze = mapped(body(), settings({ consent, userMapping: 'braze_id', identityPath: 'contact.brazeId' }));
		expect(byBraze.brazeChanges.map((c) => c.type)).toEqual(['attributes', 'event']);
		expect(byBraze.brazeChanges[0]).toMatchObject({
			attributes: { subscription_groups: [{ subscription_group_id: 'grp-1', subscription_state: 'subscribed' }] },
		});
		const asAttribute = mapped(body(), settings({ consent: { ...consent, as: 'attribute' } }));
		expect(asAttribute.brazeChanges.map((c) => c.type)).toEqual(['attributes', 'event']);
	});

	it('declined or missing consent sends nothing unless unsubscribing is on', () => {
		expect(mapped(body({ consent: { marketing: false } }), settings({ consent })).brazeChanges.map((c) => c.type)).toEqual(['attributes', 'event']);
		expect(mapped(body({ consent: {} }), settings({ consent })).brazeChanges.map((c) => c.type)).toEqual(['attributes', 'event']);
		const unsubscribe = mapped(body({ consent: { marketing: 'no' } }), settings({ consent: { ...consent, unsubscribeOnDecline: true } }));
		expect(unsubscribe.brazeChanges.at(-1)).toMatchObject({ type: 'subscription', state: 'unsubscribed' });
	});

	it('an unreadable consent value names the field', () => {
		expect(failure(body({ consent: { marketing: 'perhaps' } }), settings({ consent }))).toMatchObject({ field: 'consent.marketing' });
	});
});

describe('trigger filter', () => {
	it('any, chosen names (case-insensitive) and missing names', () => {
		expect(triggerAllowed('Prize.Won', ['*'])).toBe(true);
		expect(triggerAllowed(undefined, ['*'])).toBe(true);
		expect(triggerAllowed('Prize.Won', [])).toBe(true);
		expect(triggerAllowed('gameplay.datacaptured', ['Gameplay.DataCaptured'])).toBe(true);
		expect(triggerAllowed('Gameplay.Ended', ['Gameplay.DataCaptured', 'Prize.Won'])).toBe(false);
		expect(triggerAllowed(undefined, ['Gameplay.DataCaptured'])).toBe(false);
	});
});

describe('normalised Komo data', () => {
	it('carries the trigger, time, user, what was sent, and the body', () => {
		const b = body();
		const { komo } = mapped(b, settings());
		expect(komo).toMatchObject({
			trigger: 'Gameplay.DataCaptured',
			occurredAt: '2026-01-31T12:00:00.000Z',
			attributes: { first_name: 'Ann', favourite_team: 'Reds' },
			card: { id: 'card-1', name: 'Summer Quiz' },
			body: b,
		});
		expect(komo.answers.map((a) => a.key)).toEqual(['q1', 'best_season']);
	});
});
