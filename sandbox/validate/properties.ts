import { isRecord } from './common';

// Event and purchase properties rules (braze-api.md §4). Returns a minor-error text or undefined.

const MAX_STRING = 255;
const RESERVED = new Set(['time', 'event_name']);

export function propertiesError(props: unknown, maxBytes: number): string | undefined {
	if (props === undefined) return undefined;
	if (!isRecord(props)) return "'properties' must be an object";
	let nested = false;
	for (const [k, v] of Object.entries(props)) {
		if (k.length === 0) return 'property names must not be empty';
		if (k.length > MAX_STRING) return 'property names must be 255 characters or fewer';
		if (k.startsWith('$')) return `property name '${k}' may not start with '$'`;
		if (RESERVED.has(k)) return `'${k}' is a reserved property name`;
		const e = valueError(v, 0);
		if (e) return e;
		if (typeof v === 'object' && v !== null) nested = true;
	}
	// Only payloads with arrays or objects have a size cap, so only they pay for stringify.
	if (nested && Buffer.byteLength(JSON.stringify(props)) > maxBytes) return `'properties' exceeds ${maxBytes / 1024} KB`;
	return undefined;
}

function valueError(v: unknown, depth: number): string | undefined {
	if (typeof v === 'string') return v.length > MAX_STRING ? 'property values must be 255 characters or fewer' : undefined;
	if (depth > 20 || typeof v !== 'object' || v === null) return undefined;
	for (const x of Array.isArray(v) ? v : Object.values(v)) {
		const e = valueError(x, depth + 1);
		if (e) return e;
	}
	return undefined;
}
