import type { IDataObject } from 'n8n-workflow';

import type { BrazeChange, ChangeOf } from './changes';
import type { PlannedRequest, Slot } from './planner';
import type { HttpOutcome } from './transport';

/** What happened to one change: the unit mapped back to the input item that asked for it. */
export interface ChangeOutcome {
	ref: number;
	ok: boolean;
	endpoint: string;
	statusCode?: number;
	error?: string;
	/** Braze's minor errors that it did not tie to one object: the change may be fine, read them. */
	warnings?: string[];
	/** What Braze returned for this change, e.g. the exported user. */
	data?: IDataObject;
	attempts: number;
	/** Sent again after a network failure: an event or purchase may now exist twice in Braze. */
	possibleDuplicate?: boolean;
}

function describeMinorError(error: unknown): string {
	if (typeof error === 'string') return error;
	if (error && typeof error === 'object') {
		const e = error as IDataObject;
		if (typeof e.type === 'string') return e.type;
		if (typeof e.message === 'string') return e.message;
	}
	return JSON.stringify(error);
}

/** Finds the slot a minor error points at: Braze sends { type, input_array, index } on /users/track. */
function slotOfError(error: unknown, slots: Slot[]): Slot | undefined {
	if (!error || typeof error !== 'object' || Array.isArray(error)) return undefined;
	const { input_array: array, index } = error as IDataObject;
	if (typeof array !== 'string' || typeof index !== 'number') return undefined;
	return slots.find((slot) => slot.array === array && slot.index === index);
}

/** Rename/remove errors are arrays or objects naming the id or its index: match what we can. */
function slotOfIdError(error: unknown, request: PlannedRequest): Slot | undefined {
	const parts: unknown[] = Array.isArray(error) ? error : error && typeof error === 'object' ? Object.values(error) : [error];
	const byIndex = parts.find((p) => typeof p === 'number') as number | undefined;
	if (byIndex !== undefined) return request.slots.find((slot) => slot.index === byIndex);
	const ids = new Set(parts.filter((p) => typeof p === 'string'));
	return request.slots.find((slot, position) => {
		const change = request.entries[position].change;
		if (change.type === 'renameExternalId') return ids.has(change.currentExternalId) || ids.has(change.newExternalId);
		if (change.type === 'removeExternalId') return ids.has(change.externalId);
		return false;
	});
}

function exportedUserFor(change: ChangeOf<'export'>, users: IDataObject[]): IDataObject | undefined {
	const { user } = change;
	return users.find((candidate) => {
		if (user.external_id !== undefined) return candidate.external_id === user.external_id;
		if (user.braze_id !== undefined) return candidate.braze_id === user.braze_id;
		if (user.email !== undefined) return String(candidate.email ?? '').toLowerCase() === user.email.toLowerCase();
		if (user.phone !== undefined) return candidate.phone === user.phone;
		const aliases = (candidate.user_aliases as IDataObject[] | undefined) ?? [];
		return aliases.some((a) => a.alias_name === user.user_alias!.alias_name && a.alias_label === user.user_alias!.alias_label);
	});
}

/** Changes Braze records again when a request is sent twice (transactional sends dedupe on external_send_id). */
const NOT_IDEMPOTENT = new Set<string>(['event', 'purchase', 'campaignSend', 'canvasSend']);

/** Whether applying the change twice differs from applying it once: `inc` counts twice, `$add` appends twice. */
function appliesTwice(change: BrazeChange): boolean {
	if (NOT_IDEMPOTENT.has(change.type)) return true;
	if (change.type !== 'attributes') return false;
	return Object.values(change.attributes).some(
		(value) => value !== null && typeof value === 'object' && !Array.isArray(value) && ('inc' in value || '$add' in value),
	);
}

/** What a send answered: the dispatch id (one per request) and any notice, e.g. a paused Canvas. */
function sendData(body: IDataObject): IDataObject {
	const data: IDataObject = {};
	for (const key of ['dispatch_id', 'status', 'notice']) if (body[key] !== undefined) data[key] = body[key];
	return data;
}

/** Reads Braze's answer to one request back onto each change it carried. */
export function outcomesOf(request: PlannedRequest, result: HttpOutcome): ChangeOutcome[] {
	const base = {
		endpoint: request.endpoint,
		statusCode: result.statusCode,
		attempts: result.attempts,
	};
	if (!result.ok) {
		// A lost connection before the failure: Braze may hold the request; say so, and flag what counts twice.
		const maybeApplied = result.lostConnection === true;
		const error = maybeApplied ? `${result.error} (a connection was lost after sending: Braze may have applied it)` : result.error;
		return request.slots.map((slot, position) => ({
			...base,
			ref: slot.ref,
			ok: false,
			error,
			...(maybeApplied && appliesTwice(request.entries[position].change) ? { possibleDuplicate: true } : {}),
		}));
	}
	const body = result.body ?? {};
	const failed = new Map<number, string>();
	const unmapped: string[] = [];

	const minorErrors = [
		...((body.errors as unknown[] | undefined) ?? []),
		...((body.rename_errors as unknown[] | undefined) ?? []),
		...((body.removal_errors as unknown[] | undefined) ?? []),
	];
	for (const error of minorErrors) {
		const slot = slotOfError(error, request.slots) ?? (Array.isArray(error) || body.rename_errors || body.removal_errors ? slotOfIdError(error, request) : undefined);
		if (slot) failed.set(slot.ref, describeMinorError(Array.isArray(error) ? error.filter((p) => typeof p === 'string').join(': ') : error));
		else unmapped.push(describeMinorError(error));
	}

	const exportedUsers = (body.users as IDataObject[] | undefined) ?? [];
	return request.slots.map((slot, position) => {
		const change = request.entries[position].change;
		const error = failed.get(slot.ref);
		if (error !== undefined) return { ...base, ref: slot.ref, ok: false, error: `Braze refused this change: ${error}` };
		const outcome: ChangeOutcome = { ...base, ref: slot.ref, ok: true };
		// The request went out again after a connection dropped: Braze may have applied it twice.
		if (result.resentAfterNetworkFailure && appliesTwice(change)) outcome.possibleDuplicate = true;
		if (unmapped.length) outcome.warnings = unmapped;
		if (change.type === 'export') {
			const user = exportedUserFor(change, exportedUsers);
			outcome.data = user ? { found: true, user } : { found: false };
		}
		if (change.type === 'campaignSend' || change.type === 'canvasSend' || change.type === 'transactionalSend') {
			outcome.data = sendData(body);
		}
		return outcome;
	});
}
