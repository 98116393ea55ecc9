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

	// One request holds changes of one endpoint: its spec reads the answer.
	const spec = specOf(request.entries[0].change);
	const minorErrors = spec.minorErrors ? spec.minorErrors(body) : ((body.errors as unknown[] | undefined) ?? []);
	for (const error of minorErrors) {
		const slot =
			slotOfInputArray(error, request.slots) ??
			(spec.slotOfError
				? spec.slotOfError(error, request)
				: Array.isArray(error)
					? slotNamingId(error, request.slots, () => [])
					: undefined);
		if (slot) failed.set(slot.ref, describeMinorError(Array.isArray(error) ? error.filter((p) => typeof p === 'string').join(': ') : error));
		else unmapped.push(describeMinorError(error));
	}

	return request.slots.map((slot, position) => {
		const change = request.entries[position].change;
		const error = failed.get(slot.ref);
		if (error !== undefined) return { ...base, ref: slot.ref, ok: false, error: `Braze refused this change: ${error}` };
		const outcome: ChangeOutcome = { ...base, ref: slot.ref, ok: true };
		// The request went out again after a connection dropped: Braze may have applied it twice.
		if (result.resentAfterNetworkFailure && appliesTwice(change)) outcome.possibleDuplicate = true;
		if (unmapped.length) outcome.warnings = unmapped;
		const data = spec.dataOf?.(change, body);
		if (data !== undefined) outcome.data = data;
		return outcome;
	});
}
