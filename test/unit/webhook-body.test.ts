import { MAX_BODY_DEPTH, tooDeepAt } from '../../nodes/shared/webhook/body';

function nested(levels: number): unknown {
	let value: unknown = 'leaf';
	for (let i = 0; i < levels; i++) value = { a: value };
	return value;
}

describe('webhook body depth check', () => {
	it(`accepts ${MAX_BODY_DEPTH} levels of objects and arrays, refuses one more and names where`, () => {
		expect(tooDeepAt({ x: nested(MAX_BODY_DEPTH - 1) })).toBeUndefined();
		expect(tooDeepAt({ x: nested(MAX_BODY_DEPTH) })).toBe(`x${'.a'.repeat(MAX_BODY_DEPTH - 1)}`);
		expect(tooDeepAt({ list: [[{ deep: nested(MAX_BODY_DEPTH) }]] })).toMatch(/^list\.0\.0\.deep\.a/);
	});

	it('walks 100,000 levels without overflowing the stack', () => {
		expect(tooDeepAt({ extra: nested(100_000) })).toMatch(/^extra(\.a)+$/);
	});

	it('wide but shallow bodies pass', () => {
		const members = Array.from({ length: 50_000 }, (_, i) => ({ external_id: `u${i}`, traits: { tier: 'gold' } }));
		expect(tooDeepAt({ members })).toBeUndefined();
	});
});
