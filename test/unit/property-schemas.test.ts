/* eslint-disable @n8n/community-nodes/no-restricted-globals */
/**
 * Property-based tests of the change schemas (nodes/shared/braze/changes.ts, dataRules.ts,
 * identifiers.ts):
 *
 *  - parseChange is total: any JSON value, any mutation of a valid change, never throws, and a
 *    refusal is a non-empty message (it becomes the item's error output);
 *  - every generated valid change is accepted, survives the JSON round trip n8n puts items
 *    through, and parsing is idempotent (normalising twice = once);
 *  - breaking one thing in a valid change (no identifier, two identifiers, an unknown key, a
 *    wrong type, an empty required string) is refused, naming the field;
 *  - what the schema accepts, Braze accepts: valid /users/track changes sent to the sandbox
 *    (which models Braze's per-object rules) come back without a minor error.
 */
import fc from 'fast-check';

import { type BrazeChange, CHANGE_TYPES, parseChange } from '../../nodes/shared/braze/changes';
import { plan } from '../../nodes/shared/braze/planner';
import { type Sandbox, startSandbox } from '../../sandbox/server';
import { anyChange, changeByType, identifier } from '../property/arbitraries';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 200);

function parsed(change: unknown): BrazeChange {
	const result = parseChange(change);
	if (!result.ok) throw new Error(`refused ${JSON.stringify(change)}: ${result.error}`);
	return result.change;
}

describe('change schema properties (fast-check)', () => {
	it('never throws, whatever the input; a refusal is a non-empty message', () => {
		const hostile = fc.oneof(
			fc.anything({ withNullPrototype: true, withBigInt: false, maxDepth: 4 }),
			fc.jsonValue({ maxDepth: 4 }),
			fc.record({ type: fc.constantFrom(...CHANGE_TYPES, '__proto__', 'constructor', 'toString', 'hasOwnProperty'), user: fc.anything({ maxDepth: 2 }) }, { requiredKeys: ['type'] }),
		);
		fc.assert(
			fc.property(hostile, (input) => {
				const result = parseChange(input);
				if (!result.ok) {
					expect(typeof result.error).toBe('string');
					expect(result.error.length).toBeGreaterThan(0);
				}
			}),
			{ numRuns: RUNS * 5 },
		);
	});

	it('accepts every valid change, also after a JSON round trip, and normalising is idempotent', () => {
		fc.assert(
			fc.property(anyChange, (change) => {
				const once = parsed(change);
				expect(parsed(JSON.parse(JSON.stringify(change)))).toEqual(once);
				expect(parsed(once)).toEqual(once);
			}),
			{ numRuns: RUNS * 2 },
		);
	});

	// Found by the property above: `type in byType` was true for inherited names and
	// {"type": "toString"} threw, failing a whole node run. Fixed with hasOwnProperty.
	it('refuses change types named like Object.prototype members instead of throwing', () => {
		for (const type of ['toString', 'constructor', 'hasOwnProperty', 'valueOf', '__proto__', 'isPrototypeOf']) {
			const result = parseChange({ type, user: { external_id: 'u1' } });
			expect(result.ok).toBe(false);
		}
	});

	const withUser = fc.oneof(changeByType.attributes, changeByType.event, changeByType.purchase, changeByType.delete, changeByType.export);

	it('refuses a user with no identifier or with two, naming the field', () => {
		fc.assert(
			fc.property(withUser, identifier(), fc.boolean(), (change, other, none) => {
				const user = (change as { user: Record<string, unknown> }).user;
				const otherKey = Object.keys(other)[0];
				fc.pre(none || !(otherKey in user));
				const broken = { ...change, user: none ? {} : { ...user, ...other } };
				const result = parseChange(broken);
				expect(result.ok).toBe(false);
				if (!result.ok) expect(result.error).toMatch(/^user /);
			}),
			{ numRuns: RUNS },
		);
	});

	it('refuses unknown keys, wrong types and empty required strings, naming the field', () => {
		// [schema key, the name messages use]: Braze's wire name, as its docs spell it.
		const required: Partial<Record<BrazeChange['type'], [string, string]>> = {
			event: ['name', 'name'],
			purchase: ['productId', 'product_id'],
			subscription: ['groupId', 'subscription_group_id'],
			identify: ['externalId', 'external_id'],
			removeExternalId: ['externalId', 'external_id'],
			cohortUpsert: ['cohortId', 'cohort_id'],
			campaignSend: ['campaignId', 'campaign_id'],
			canvasSend: ['canvasId', 'canvas_id'],
			transactionalSend: ['campaignId', 'campaign_id'],
		};
		const mutation = fc.constantFrom('unknownKey', 'wrongType', 'empty');
		fc.assert(
			fc.property(anyChange, mutation, (change, how) => {
				const field = required[change.type];
				if (how === 'unknownKey') {
					const result = parseChange({ ...change, surprise: 1 });
					expect(result.ok).toBe(false);
					if (!result.ok) expect(result.error).toMatch(/surprise/);
					return;
				}
				fc.pre(field !== undefined);
				const [key, wireName] = field!;
				const result = parseChange({ ...change, [key]: how === 'empty' ? '' : 42 });
				expect(result.ok).toBe(false);
				if (!result.ok) expect(result.error).toContain(wireName);
			}),
			{ numRuns: RUNS },
		);
	});

	describe('what the schema accepts, Braze (the sandbox) accepts', () => {
		let sandbox: Sandbox;
		beforeAll(async () => {
			sandbox = await startSandbox({ apiKey: 'property-key', rateLimit: null });
		});
		afterAll(async () => {
			await sandbox.close();
		});

		/** Edge values next to Braze's limits. */
		const edgy = fc.oneof(
			fc.string({ minLength: 250, maxLength: 255 }),
			fc.string({ unit: 'grapheme', maxLength: 40 }),
			fc.integer(),
			fc.double({ noNaN: true, noDefaultInfinity: true }),
			fc.boolean(),
			fc.array(fc.string({ maxLength: 255 }), { maxLength: 3 }),
		);
		// Names every object inherits: see the finding below.
		const inherited = (k: string) => k in Object.prototype;
		const trackChange = fc.oneof(
			fc
				.record({
					user: identifier(['external_id', 'user_alias', 'email', 'phone']),
					attributes: fc.dictionary(fc.string({ minLength: 1, maxLength: 30 }).filter((k) => !inherited(k) && !k.startsWith('_') && !['external_id', 'braze_id', 'user_alias', 'email', 'phone', 'email_subscribe', 'push_subscribe', 'gender', 'dob', 'subscription_groups', 'country', 'language', 'time_zone', 'date_of_first_session', 'date_of_last_session'].includes(k)), edgy, { minKeys: 1, maxKeys: 3 }),
				})
				.map((c) => ({ type: 'attributes', ...c })),
			fc
				.record({
					user: identifier(['external_id', 'user_alias', 'email', 'phone']),
					name: fc.string({ minLength: 1, maxLength: 255 }),
					properties: fc.dictionary(fc.string({ minLength: 1, maxLength: 30 }).filter((k) => !k.startsWith('$') && k !== 'time' && k !== 'event_name'), edgy, { maxKeys: 3 }),
				})
				.map((c) => ({ type: 'event', time: '2026-01-31T12:00:00Z', ...c })),
		);

		it('top-level values at the limits', async () => {
			await fc.assert(
				fc.asyncProperty(fc.array(trackChange, { minLength: 1, maxLength: 40 }), async (changes) => {
					const entries = changes.filter((c) => parseChange(c).ok).map((c, ref) => ({ change: parsed(c), ref }));
					fc.pre(entries.length > 0);
					for (const request of plan(entries, { trackLimit: 'combined50' })) {
						const res = await fetch(`${sandbox.url}${request.endpoint}`, {
							method: 'POST',
							headers: { authorization: 'Bearer property-key', 'content-type': 'application/json' },
							body: JSON.stringify(request.body),
						});
						const body = (await res.json()) as { message?: string; errors?: unknown[] };
						expect({ status: res.status, errors: body.errors }).toEqual({ status: 201, errors: undefined });
					}
				}),
				{ numRuns: RUNS / 2 },
			);
		}, 120_000);

		// Regression: such names once found Object.prototype's functions in standardAttributeRules and
		// threw, failing the whole node run.
		it('custom attributes named like Object.prototype members are accepted', () => {
			for (const key of ['constructor', 'toString', 'valueOf', 'hasOwnProperty']) {
				expect(parseChange({ type: 'attributes', user: { external_id: 'u1' }, attributes: { [key]: 'x' } })).toMatchObject({ ok: true });
			}
		});

		// Regression: string lengths were once checked one level deep only, so {"order": {"note":
		// "<300 chars>"}} passed validation and failed later at Braze.
		it('nested property values over 255 characters are refused before sending', async () => {
			const nested = fc.string({ minLength: 256, maxLength: 300 }).map((long) => ({
				type: 'event',
				user: { external_id: 'nested-user' },
				name: 'e',
				time: '2026-01-31T12:00:00Z',
				properties: { order: { note: long } },
			}));
			await fc.assert(
				fc.asyncProperty(nested, async (change) => {
					expect(parseChange(change).ok).toBe(false);
				}),
				{ numRuns: 5, endOnFailure: true },
			);
		});
	});
});
