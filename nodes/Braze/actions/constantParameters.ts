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
	// Per name: whether it holds an expression (decided once), and its values by fallback and options.
	const byName = new Map<string, { expression: boolean; values: Map<string, unknown> }>();
	const read = (name: string, itemIndex: number, fallback?: unknown, options?: object): unknown => {
		let entry = byName.get(name);
		if (entry === undefined) {
			entry = { expression: hasExpression(valueAt(stored, name)), values: new Map() };
			byName.set(name, entry);
		}
		if (entry.expression) return ctx.getNodeParameter(name, itemIndex, fallback as never, options);
		const key = argumentsKey(fallback, options);
		if (!entry.values.has(key)) entry.values.set(key, deepFreeze(ctx.getNodeParameter(name, itemIndex, fallback as never, options)));
		return entry.values.get(key);
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

/** The fallback and options as a key: the common ones (none, a literal, {} or []) without JSON. */
function argumentsKey(fallback: unknown, options: object | undefined): string {
	if (options === undefined) {
		if (fallback === undefined) return '';
		if (fallback === null || typeof fallback !== 'object') return `${typeof fallback}:${String(fallback)}`;
		if (Array.isArray(fallback) && fallback.length === 0) return '[]';
		if (isEmptyObject(fallback)) return '{}';
	}
	return JSON.stringify([fallback ?? null, options ?? null]);
}

function isEmptyObject(value: object): boolean {
	for (const _key in value) return false;
	return Object.getPrototypeOf(value) === Object.prototype;
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
