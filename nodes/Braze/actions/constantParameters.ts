import type { IExecuteFunctions, INodeParameters, NodeParameterValueType } from 'n8n-workflow';

/**
 * The execute context with one change: a parameter whose stored value holds no expression is read
 * from n8n once per run, not once per item. n8n's getNodeParameter copies and walks the value on
 * every call (tens of µs); User > Track reads about ten parameters per item, which was most of its
 * time at 5,000 items (npm run bench). A parameter with an expression anywhere inside is read per
 * item as before. Values are frozen, so a caller that would change a shared value fails loudly.
 */
export function withConstantParameters(ctx: IExecuteFunctions): IExecuteFunctions {
	const stored = ctx.getNode().parameters;
	const cache = new Map<string, unknown>();
	// Whether a parameter holds an expression is decided once per name, not on every item's call.
	const perItem = new Map<string, boolean>();
	const read = (name: string, itemIndex: number, fallback?: unknown, options?: object): unknown => {
		let expression = perItem.get(name);
		if (expression === undefined) {
			expression = hasExpression(valueAt(stored, name));
			perItem.set(name, expression);
		}
		if (expression) return ctx.getNodeParameter(name, itemIndex, fallback as never, options);
		const key = `${name}\u0000${JSON.stringify(fallback ?? null)}\u0000${JSON.stringify(options ?? null)}`;
		if (!cache.has(key)) cache.set(key, deepFreeze(ctx.getNodeParameter(name, itemIndex, fallback as never, options)));
		return cache.get(key);
	};
	// Methods are bound once: the build loop calls some of them for every item.
	const bound = new Map<PropertyKey, unknown>([['getNodeParameter', read]]);
	return new Proxy(ctx, {
		get(target, property) {
			const known = bound.get(property);
			if (known !== undefined) return known;
			const value = Reflect.get(target, property, target) as unknown;
			if (typeof value !== 'function') return value;
			const method = (value as (...args: unknown[]) => unknown).bind(target);
			bound.set(property, method);
			return method;
		},
	});
}

function valueAt(parameters: INodeParameters, path: string): NodeParameterValueType | undefined {
	let value: unknown = parameters;
	for (const key of path.split('.')) {
		// A whole collection given as one expression holds every value below it.
		if (typeof value === 'string') return value;
		if (value === null || typeof value !== 'object') return undefined;
		value = (value as Record<string, unknown>)[key];
	}
	return value as NodeParameterValueType | undefined;
}

function hasExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(hasExpression);
	if (value !== null && typeof value === 'object') return Object.values(value).some(hasExpression);
	return false;
}

function deepFreeze<T>(value: T): T {
	if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
		Object.freeze(value);
		for (const inner of Object.values(value)) deepFreeze(inner);
	}
	return value;
}
