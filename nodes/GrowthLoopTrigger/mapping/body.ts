import type { IDataObject } from 'n8n-workflow';

import { MAX_STRING_LENGTH } from '../../shared/braze/dataRules';
import type { DeltaAction } from '../../shared/membership/diff';
import { readPath } from '../../shared/values';

/** A body value that is missing or wrong: the field to name in the 400 reply, and why. */
export interface BodyProblem {
	field: string;
	error: string;
}

export type Read<T> = { ok: true; value: T } | ({ ok: false } & BodyProblem);

/** Trimmed text (numbers as text) at a path; undefined when empty or of another type. */
export function textAt(body: IDataObject, path: string): string | undefined {
	const value = path === '' ? undefined : readPath(body, path);
	if (typeof value === 'string' && value.trim() !== '') return value.trim();
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return undefined;
}

/** The action of a two-URL call from its last path segment; undefined for any other segment. */
export function actionOfSegment(segment: string, addPath: string, removePath: string): DeltaAction | undefined {
	if (segment === addPath.trim()) return 'add';
	if (segment === removePath.trim()) return 'remove';
	return undefined;
}

/** The action of a one-URL call: "add" or "remove" (any case) in the action field. */
export function actionOfBody(body: IDataObject, field: string): Read<DeltaAction> {
	const value = readPath(body, field);
	const normalized = typeof value === 'string' ? value.trim().toLowerCase() : undefined;
	if (normalized === 'add' || normalized === 'remove') return { ok: true, value: normalized };
	return {
		ok: false,
		field,
		error: `Field "${field}" must be "add" or "remove", got ${value === undefined ? 'nothing' : JSON.stringify(value).slice(0, 40)}`,
	};
}

export function membersOf(body: IDataObject, field: string): Read<unknown[]> {
	const members = readPath(body, field);
	if (Array.isArray(members)) return { ok: true, value: members };
	return {
		ok: false,
		field,
		error: `Field "${field}" must be an array of members, e.g. [{"external_id": "u1"}], got ${members === undefined ? 'nothing' : typeof members}`,
	};
}

export interface Audience {
	name: string;
	id?: string;
}

/** The audience: a fixed name on the trigger wins over the body; the ID is optional. */
export function audienceOf(body: IDataObject, fields: { fixedName: string; nameField: string; idField: string }): Read<Audience> {
	const name = fields.fixedName.trim() || textAt(body, fields.nameField);
	if (!name) {
		return {
			ok: false,
			field: fields.nameField,
			error: `Field "${fields.nameField}" must hold the audience name (the value written to Braze), or set Audience Name on the trigger`,
		};
	}
	// Checked here, in GrowthLoop's words and naming where the name came from (the shared cohort check says "Cohort Name").
	if (name.length > MAX_STRING_LENGTH) {
		const where = fields.fixedName.trim() ? 'Audience Name on the trigger' : `Field "${fields.nameField}"`;
		return {
			ok: false,
			field: fields.fixedName.trim() ? 'audienceName' : fields.nameField,
			error: `${where} holds an audience name of ${name.length} characters: Braze stores at most ${MAX_STRING_LENGTH}`,
		};
	}
	const id = textAt(body, fields.idField);
	return { ok: true, value: { name, ...(id ? { id } : {}) } };
}
