import type { IDataObject } from 'n8n-workflow';

import { appliesTwice, specOf } from './endpoints';
import { slotNamingId } from './endpoints/shapes';
import type { PlannedRequest } from './plan';
import type { Slot } from './request';
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

/** Braze's usual minor error names its object: `{ type, input_array, index }` (e.g. on /users/track). */
function slotOfInputArray(error: unknown, slots: Slot[]): Slot | undefined {
	if (!error || typeof error !== 'object' || Array.isArray(error)) return undefined;
	const { input_array: array, index } = error as IDataObject;
	if (typeof array !== 'string' || typeof index !== 'number') return undefined;
	return slots.find((slot) => slot.array === array && slot.index === index);
}

/**
 * Reads Braze's answer to one request back onto each change it carried. One small object per
 * change, built as a literal of one shape (a spread of shared fields costs an extra property store
 * per object): fields that are absent are left out, as before.
 */
export function outcomesOf(request: PlannedRequest, result: HttpOutcome): ChangeOutcome[] {
	const { endpoint, slots } = request;
	const { statusCode, attempts } = result;
	const outcomes: ChangeOutcome[] = new Array<ChangeOutcome>(slots.length);
	if (!result.ok) {
		// A lost connection before the failure: Braze may hold the request; say so, and flag what counts twice.
		const maybeApplied = result.lostConnection === true;
		const error = maybeApplied ? `${result.error} (a connection was lost after sending: Braze may have applied it)` : result.error;
		for (let position = 0; position < slots.length; position++) {
			const outcome: ChangeOutcome = { endpoint, statusCode, attempts, ref: slots[position].ref, ok: false, error };
			if (maybeApplied && appliesTwice(request.entries[position].change)) outcome.possibleDuplicate = true;
			outcomes[position] = outcome;
		}
		return outcomes;
	}
	const body = result.body ?? {};
	let failed: Map<number, string> | undefined;
	let unmapped: string[] | undefined;

	// One request holds changes of one endpoint: its spec reads the answer.
	const spec = specOf(request.entries[0].change);
	const minorErrors = spec.minorErrors ? spec.minorErrors(body) : ((body.errors as unknown[] | undefined) ?? []);
	for (const error of minorErrors) {
		const slot =
			slotOfInputArray(error, slots) ??
			(spec.slotOfError
				? spec.slotOfError(error, request)
				: Array.isArray(error)
					? slotNamingId(error, slots, () => [])
					: undefined);
		if (slot) (failed ??= new Map()).set(slot.ref, describeMinorError(Array.isArray(error) ? error.filter((p) => typeof p === 'string').join(': ') : error));
		else (unmapped ??= []).push(describeMinorError(error));
	}

	const resent = result.resentAfterNetworkFailure;
	for (let position = 0; position < slots.length; position++) {
		const { ref } = slots[position];
		const change = request.entries[position].change;
		const error = failed?.get(ref);
		if (error !== undefined) {
			outcomes[position] = { endpoint, statusCode, attempts, ref, ok: false, error: `Braze refused this change: ${error}` };
			continue;
		}
		const outcome: ChangeOutcome = { endpoint, statusCode, attempts, ref, ok: true };
		// The request went out again after a connection dropped: Braze may have applied it twice.
		if (resent && appliesTwice(change)) outcome.possibleDuplicate = true;
		if (unmapped) outcome.warnings = unmapped;
		const data = spec.dataOf?.(change, body);
		if (data !== undefined) outcome.data = data;
		outcomes[position] = outcome;
	}
	return outcomes;
}
