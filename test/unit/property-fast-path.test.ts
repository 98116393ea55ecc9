/* eslint-disable @n8n/community-nodes/no-restricted-globals */
/**
 * parseChange builds the common attributes and event changes without zod (changes.ts fastChange,
 * dataRules.ts fastAttributes). Property: for any input, parseChange answers exactly what the
 * schema alone answers: the same change, or the same refusal. Inputs are drawn around every rule
 * the fast path must respect (lengths 255/256, "_" and "$" names, identifier and standard attribute
 * names, eCommerce events, times, padded ids, nested strings, extra keys, wire names).
 */
import fc from 'fast-check';
import { z } from 'zod';

import { type BrazeChangeType, parseChange, parseWithSchema } from '../../nodes/shared/braze/changes';
import { anyChange } from '../property/arbitraries';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 500);

const edgyString = fc.oneof(
	fc.string({ maxLength: 8 }),
	fc.constantFrom('', ' ', ' u1', 'u1 ', 'x'.repeat(255), 'x'.repeat(256), '__proto__', 'constructor', 'toString'),
);
const attributeName = fc.oneof(
	fc.stringMatching(/^[a-z]{1,6}$/),
	fc.constantFrom('_flag', '$x', 'external_id', 'braze_id', 'user_alias', 'email', 'phone', 'gender', 'dob', 'country', 'email_subscribe', 'push_subscribe', 'subscription_groups', 'first_name', 'n'.repeat(255), 'n'.repeat(256), '__proto__', ''),
);
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
	value: fc.oneof(
		{ depthSize: 'small' },
		edgyString,
		fc.constantFrom('pro', 1, true),
		// Emails: valid, padded and upper case (normalised), invalid, 255 and 256 characters.
		fc.constantFrom('a@example.com', ' Ann@Example.COM ', 'not-an-email', 'a@b', `${'x'.repeat(243)}@example.com`, `${'x'.repeat(244)}@example.com`),
		fc.integer(),
		fc.double(),
		fc.boolean(),
		fc.constant(null),
		fc.constant(undefined),
		fc.array(tie('value'), { maxLength: 3 }),
		fc.dictionary(fc.string({ maxLength: 4 }), tie('value'), { maxKeys: 3 }),
		fc.constant({ inc: 1 }),
	),
})).value;
const user = fc.oneof(
	{ arbitrary: fc.constant({ external_id: 'u1' }), weight: 4 },
	{ arbitrary: fc.record({ external_id: edgyString }), weight: 2 },
	fc.constantFrom({ external_id: 'u1' }, { external_id: 'u1', braze_id: 'b' }, { email: 'a@example.com' }, {}, null, 'u1', { external_id: 1 }),
);
const time = fc.oneof(fc.constantFrom('2026-01-31T12:00:00Z', '2026-01-31', 'yesterday', '', ' ', '2026-13-45T00:00:00Z'), fc.date().map((d) => (Number.isNaN(d.getTime()) ? 'x' : d.toISOString())));
const eventName = fc.oneof(edgyString, fc.constantFrom('ecommerce.order_placed', 'ECOMMERCE.cart_updated', 'ecommerce.typo', 'bought'));
const extra = fc.option(fc.constantFrom<Record<string, unknown>>({ properties: { a: 1 } }, { updateExistingOnly: true }, { _update_existing_only: true }, { appId: 'app' }, { unknown: 1 }, { mergeObjects: false }), { nil: undefined, freq: 1 });

const attributesChange = fc.record({ user, attributes: fc.oneof(fc.dictionary(attributeName, value, { minKeys: 1, maxKeys: 3 }), fc.constantFrom(null, [], 'x')), extra }).map(({ user, attributes, extra }) => ({ type: 'attributes', user, attributes, ...extra }));
const eventChange = fc.record({ user, name: eventName, time, extra }).map(({ user, name, time, extra }) => ({ type: 'event', user, name, time, ...extra }));

/** What zod alone says: the same shape parseChange returns. */
function bySchema(input: Record<string, unknown>) {
	return parseWithSchema(input.type as BrazeChangeType, input);
}

describe('parseChange fast path = the schema (fast-check)', () => {
	it('answers like the schema for attributes and event changes around every rule', () => {
		fc.assert(
			fc.property(fc.oneof(attributesChange, eventChange), (input) => {
				expect(parseChange(input)).toStrictEqual(bySchema(input));
			}),
			{ numRuns: RUNS },
		);
	});

	it('answers like the schema for every generated valid change', () => {
		fc.assert(
			fc.property(anyChange, (change) => {
				const input = change as unknown as Record<string, unknown>;
				expect(parseChange(input)).toStrictEqual(bySchema(input));
			}),
			{ numRuns: RUNS },
		);
	});

	it('takes the fast path for the common shapes (so the equality above is about something)', () => {
		const input = { type: 'attributes', user: { external_id: 'u1' }, attributes: { plan: 'pro', score: 3, tags: ['a'], nested: { deep: 'x' } } };
		expect(parseChange(input)).toEqual({ ok: true, change: input });
		// The fast path copies the attributes, as the schema does: the change never aliases the input.
		const result = parseChange(input);
		expect(result.ok && result.change.type === 'attributes' && result.change.attributes !== input.attributes).toBe(true);
		// An email (normalised) stays on the fast path: no zod object schema parses the change.
		const safeParse = jest.spyOn(z.ZodObject.prototype, '_parse');
		expect(parseChange({ type: 'attributes', user: { external_id: 'u1' }, attributes: { first_name: 'Ann', email: ' Ann@Example.COM ', plan: 'pro' } })).toEqual({
			ok: true,
			change: { type: 'attributes', user: { external_id: 'u1' }, attributes: { first_name: 'Ann', email: 'ann@example.com', plan: 'pro' } },
		});
		expect(safeParse).not.toHaveBeenCalled();
		safeParse.mockRestore();
		expect(parseChange({ type: 'attributes', user: { external_id: 'u1' }, attributes: { gender: 'female' } })).toEqual({
			ok: true,
			change: { type: 'attributes', user: { external_id: 'u1' }, attributes: { gender: 'F' } },
		});
	});
});
