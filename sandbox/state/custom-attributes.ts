// Custom attribute operations with Braze semantics (braze-api.md §2.1, §4).
// Stored values are never mutated in place: request bodies stay intact in the request log.

export const DEFAULT_ARRAY_MAX = 25;

type Json = Record<string, unknown>;

export function isPlainObject(v: unknown): v is Json {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function onlyKeys(v: Json, allowed: string[]): boolean {
	const keys = Object.keys(v);
	return keys.length > 0 && keys.every((k) => allowed.includes(k));
}

export function applyCustomAttribute(target: Json, key: string, value: unknown, mergeObjects: boolean): void {
	if (value === null) {
		delete target[key];
		return;
	}
	const current = target[key];
	if (Array.isArray(value)) {
		target[key] = value.every((x) => !isPlainObject(x)) ? value.slice(0, DEFAULT_ARRAY_MAX) : value.slice();
		return;
	}
	if (!isPlainObject(value)) {
		target[key] = value;
		return;
	}
	if (onlyKeys(value, ['inc']) && typeof value.inc === 'number') {
		target[key] = (typeof current === 'number' ? current : 0) + value.inc;
	} else if (onlyKeys(value, ['add', 'remove'])) {
		target[key] = simpleArrayOps(current, value);
	} else if (onlyKeys(value, ['$add', '$remove', '$update'])) {
		target[key] = objectArrayOps(current, value, mergeObjects);
	} else if (mergeObjects && isPlainObject(current) && !('$time' in value)) {
		target[key] = deepMerge(current, value);
	} else {
		target[key] = value;
	}
}

// Unique values; re-adding moves a value to the end; over the cap the oldest values go.
function simpleArrayOps(current: unknown, op: Json): unknown[] {
	let arr = Array.isArray(current) ? current.slice() : [];
	for (const v of asArray(op.add)) {
		const i = arr.indexOf(v);
		if (i >= 0) arr.splice(i, 1);
		arr.push(v);
	}
	const removed = asArray(op.remove);
	if (removed.length) arr = arr.filter((v) => !removed.includes(v));
	return arr.length > DEFAULT_ARRAY_MAX ? arr.slice(arr.length - DEFAULT_ARRAY_MAX) : arr;
}

function objectArrayOps(current: unknown, op: Json, mergeObjects: boolean): unknown[] {
	let arr = Array.isArray(current) ? current.slice() : [];
	for (const r of asArray(op.$remove)) {
		if (!isPlainObject(r)) continue;
		const k = String(r.$identifier_key);
		arr = arr.filter((item) => !(isPlainObject(item) && item[k] === r.$identifier_value));
	}
	// $update needs _merge_objects, as Braze documents.
	if (mergeObjects) {
		for (const u of asArray(op.$update)) {
			if (!isPlainObject(u) || !isPlainObject(u.$new_object)) continue;
			const k = String(u.$identifier_key);
			const patch = u.$new_object;
			arr = arr.map((item) => (isPlainObject(item) && item[k] === u.$identifier_value ? deepMerge(item, patch) : item));
		}
	}
	for (const a of asArray(op.$add)) arr.push(a);
	return arr;
}

export function deepMerge(base: Json, patch: Json): Json {
	const out: Json = { ...base };
	for (const [k, v] of Object.entries(patch)) {
		const b = out[k];
		out[k] = isPlainObject(v) && isPlainObject(b) && !('$time' in v) ? deepMerge(b, v) : v;
	}
	return out;
}

function asArray(v: unknown): unknown[] {
	return Array.isArray(v) ? v : [];
}
