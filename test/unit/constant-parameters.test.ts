import type { IExecuteFunctions } from 'n8n-workflow';

import { withConstantParameters } from '../../nodes/Braze/actions/constantParameters';

/** n8n's side: stored parameters, and a getNodeParameter that counts its calls and resolves "expressions" per item. */
function n8nContext(stored: Record<string, unknown>) {
	const calls: string[] = [];
	const ctx = {
		getNode: () => ({ parameters: stored }),
		getNodeParameter(name: string, itemIndex: number, fallback?: unknown) {
			calls.push(`${name}@${itemIndex}`);
			const value = name.split('.').reduce<unknown>((v, key) => (v as Record<string, unknown> | undefined)?.[key], stored);
			if (typeof value === 'string' && value.startsWith('=')) return `${value.slice(1)}-${itemIndex}`;
			if (value && typeof value === 'object') return JSON.parse(JSON.stringify(value)) as unknown;
			return value ?? fallback;
		},
		continueOnFail: () => true,
	};
	return { ctx: ctx as unknown as IExecuteFunctions, calls };
}

describe('withConstantParameters: parameters without an expression are read once a run', () => {
	it('reads a literal once, an expression per item, and a collection with an expression inside per item', () => {
		const { ctx, calls } = n8nContext({ identifyBy: 'external_id', externalId: '=u', custom: { attribute: [{ name: 'plan', value: '=p' }] }, options: { a: 1 } });
		const wrapped = withConstantParameters(ctx);
		const read = (i: number) => [wrapped.getNodeParameter('identifyBy', i), wrapped.getNodeParameter('externalId', i), wrapped.getNodeParameter('custom.attribute', i), wrapped.getNodeParameter('options', i, {})];
		expect(read(0)).toEqual(['external_id', 'u-0', [{ name: 'plan', value: '=p' }], { a: 1 }]);
		expect(read(1)[1]).toBe('u-1');
		expect(calls.filter((c) => c.startsWith('identifyBy'))).toEqual(['identifyBy@0']);
		expect(calls.filter((c) => c.startsWith('options'))).toEqual(['options@0']);
		expect(calls.filter((c) => c.startsWith('externalId'))).toEqual(['externalId@0', 'externalId@1']);
		expect(calls.filter((c) => c.startsWith('custom.attribute'))).toEqual(['custom.attribute@0', 'custom.attribute@1']);
	});

	it('reads per item below a collection given as one expression, and keeps fallbacks apart', () => {
		const { ctx, calls } = n8nContext({ subscriptionGroups: '=groups' });
		const wrapped = withConstantParameters(ctx);
		wrapped.getNodeParameter('subscriptionGroups.group', 0, []);
		wrapped.getNodeParameter('subscriptionGroups.group', 1, []);
		expect(calls).toEqual(['subscriptionGroups.group@0', 'subscriptionGroups.group@1']);
		expect(wrapped.getNodeParameter('missing', 0, 'a')).toBe('a');
		expect(wrapped.getNodeParameter('missing', 0, 'b')).toBe('b');
		expect(wrapped.getNodeParameter('missing', 0, 1)).toBe(1);
		expect(wrapped.getNodeParameter('missing', 0, '1')).toBe('1');
		expect(wrapped.getNodeParameter('missing', 0, {})).toEqual({});
		expect(wrapped.getNodeParameter('missing', 0, { a: 1 })).toEqual({ a: 1 });
		expect(wrapped.getNodeParameter('missing', 0, [])).toEqual([]);
		expect(wrapped.getNodeParameter('missing', 0, ['x'])).toEqual(['x']);
		expect(wrapped.getNodeParameter('missing', 0)).toBeUndefined();
	});

	it('shares frozen values (a caller that changed one would fail loudly) and passes everything else through', () => {
		const { ctx } = n8nContext({ options: { nested: { a: 1 } } });
		const wrapped = withConstantParameters(ctx);
		const options = wrapped.getNodeParameter('options', 0) as { nested: { a: number } };
		expect(() => {
			options.nested.a = 2;
		}).toThrow(TypeError);
		expect(wrapped.continueOnFail()).toBe(true);
	});
});
