import { parseChange } from '../../nodes/shared/braze/changes';

const user = { external_id: 'u1' };
const time = '2026-01-31T12:00:00Z';

function errorOf(input: unknown): string {
	const result = parseChange(input);
	if (result.ok) throw new Error(`expected a rejection for ${JSON.stringify(input)}`);
	return result.error;
}

describe('Braze change schemas', () => {
	it('accepts each kind of well-formed change', () => {
		const valid = [
			{ type: 'attributes', user, attributes: { first_name: 'Ann', visits: { inc: 1 }, tags: { add: ['vip'] } } },
			{ type: 'event', user: { user_alias: { alias_name: 'a', alias_label: 'b' } }, name: 'quiz', time, properties: { score: 3 } },
			{ type: 'purchase', user: { email: 'ann@example.com' }, productId: 'sku', currency: 'eur', price: 9.5, quantity: 2, time },
			{ type: 'subscription', user: { phone: '+1 415 555 0123' }, groupId: 'g1', state: 'subscribed' },
			{ type: 'emailStatus', email: 'ann@example.com', state: 'opted_in' },
			{ type: 'aliasCreate', alias: { alias_name: 'a', alias_label: 'b' } },
			{ type: 'identify', externalId: 'u1', email: 'ann@example.com' },
			{ type: 'delete', user: { braze_id: 'b1' } },
			{ type: 'export', user, fields: ['email'] },
			{ type: 'merge', toMerge: { external_id: 'old' }, toKeep: user },
			{ type: 'cohortMembership', cohortId: 'c1', member: { device_id: 'd1' }, action: 'remove' },
		];
		for (const change of valid) expect(parseChange(change)).toMatchObject({ ok: true });
	});

	it('normalises values Braze wants in one form', () => {
		const purchase = parseChange({ type: 'purchase', user, productId: 'sku', currency: ' usd ', price: 1, time });
		expect(purchase).toMatchObject({ ok: true, change: { currency: 'USD' } });
		const subscription = parseChange({ type: 'subscription', user: { phone: '+1 (415) 555-0123' }, groupId: 'g', state: 'subscribed' });
		expect(subscription).toMatchObject({ ok: true, change: { user: { phone: '+14155550123' } } });
	});

	it('names the field for reserved and "$" property names', () => {
		expect(errorOf({ type: 'event', user, name: 'e', time, properties: { time: 'x' } })).toMatch(/properties\.time is reserved/);
		expect(errorOf({ type: 'event', user, name: 'e', time, properties: { $price: 1 } })).toMatch(/properties\.\$price must not start with "\$"/);
	});

	it('rejects strings over 255 characters with the field and the length', () => {
		const long = 'x'.repeat(256);
		expect(errorOf({ type: 'attributes', user, attributes: { bio: long } })).toMatch(/attributes\.bio is 256 characters/);
		expect(errorOf({ type: 'event', user, name: long, time })).toMatch(/name is longer than Braze's 255/);
		expect(parseChange({ type: 'attributes', user, attributes: { bio: 'x'.repeat(255) } })).toMatchObject({ ok: true });
	});

	it('requires event and purchase times, and a real currency', () => {
		expect(errorOf({ type: 'event', user, name: 'e' })).toMatch(/^time is required/);
		expect(errorOf({ type: 'event', user, name: 'e', time: 'yesterday-ish' })).toMatch(/time must be an ISO 8601 time/);
		expect(errorOf({ type: 'purchase', user, productId: 'p', currency: 'XXY', price: 1, time })).toMatch(/currency must be an ISO 4217/);
		expect(errorOf({ type: 'purchase', user, productId: 'p', currency: 'USD', price: 1, quantity: 101, time })).toMatch(/quantity/);
	});

	it('insists on exactly one identifier', () => {
		expect(errorOf({ type: 'delete', user: {} })).toMatch(/user needs one identifier/);
		expect(errorOf({ type: 'delete', user: { external_id: 'a', email: 'a@b.co' } })).toMatch(/has external_id and email/);
		expect(errorOf({ type: 'delete', user: { email: 'not-an-email' } })).toMatch(/user\.email must be an email/);
	});

	it('keeps identifiers and request flags out of attributes', () => {
		expect(errorOf({ type: 'attributes', user, attributes: { external_id: 'x' } })).toMatch(/attributes\.external_id is an identifier/);
		expect(errorOf({ type: 'attributes', user, attributes: { _update_existing_only: true } })).toMatch(/request flags/);
		expect(errorOf({ type: 'attributes', user, attributes: { email_subscribe: 'yes' } })).toMatch(/attributes\.email_subscribe/);
	});

	it('refuses unknown change types and unknown fields', () => {
		expect(errorOf({ type: 'teleport', user })).toMatch(/not a Braze change: use one of attributes, event/);
		expect(errorOf({ type: 'delete', user, color: 'red' })).toMatch(/has fields Braze does not take here: color/);
		expect(errorOf(null)).toMatch(/must be an object/);
	});
});

describe('standard attributes', () => {
	it('refuses an email attribute Braze could not store', () => {
		expect(errorOf({ type: 'attributes', user, attributes: { email: 'not-an-email' } })).toMatch(/attributes\.email must be an email address/);
		expect(parseChange({ type: 'attributes', user, attributes: { email: null } })).toMatchObject({ ok: true });
	});
});

describe('prioritization', () => {
	it('refuses identified and unidentified together, as Braze does', () => {
		expect(errorOf({ type: 'delete', user: { email: 'a@b.co' }, prioritization: ['identified', 'unidentified'] })).toMatch(
			/prioritization may hold "identified" or "unidentified", not both/,
		);
	});
});

describe('parseChange on hostile input', () => {
	it('refuses inherited property names as types instead of throwing', () => {
		for (const type of ['toString', '__proto__', 'constructor', 'hasOwnProperty']) {
			expect(errorOf({ type, user })).toMatch(/is not a Braze change/);
		}
	});
});
