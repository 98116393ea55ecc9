import type { IDataObject } from 'n8n-workflow';

import type { BrazeChange } from '../changes';
import type { Bucket, PlanOptions, PlannedRequest } from '../plan';
import type { CredentialKind, Slot } from '../request';

/**
 * Everything the road needs to know about one Braze endpoint, for the change types it carries.
 * The planner asks `requestKey`, `users`, `waitsFor` and `open`; the outcomes ask `slotOfError`,
 * `dataOf` and `appliesTwice`. Adding an endpoint is writing one of these (see docs/ARCHITECTURE.md).
 */
export interface EndpointSpec<C extends BrazeChange> {
	/** The Braze path as documented, e.g. `/users/track` (a `{placeholder}` where the path varies). */
	path: string;
	credential: CredentialKind;
	/** Changes with the same key may share a request: request-wide fields go in the key. */
	requestKey(change: C): string;
	/** The users the change touches, as stable keys: the planner keeps each key's changes in order. */
	users(change: C): string[];
	/** Keys the change waits for without holding them (e.g. a cohort's definition before its members). */
	waitsFor?(change: C): string[];
	/** Opens a request for this change; the planner fills it while changes fit. */
	open(change: C, options: PlanOptions): Bucket;
	/**
	 * The slot one of Braze's minor errors (a 2xx body's `errors`, `rename_errors`, ...) points at.
	 * Without it: Braze's `{ input_array, index }` shape.
	 */
	slotOfError?(error: unknown, request: PlannedRequest): Slot | undefined;
	/** Where a 2xx body keeps its minor errors (default: `errors`). */
	minorErrors?(body: IDataObject): unknown[];
	/** What Braze's answer says about this change, for its output item (e.g. the exported user). */
	dataOf?(change: C, body: IDataObject): IDataObject | undefined;
	/** Whether sending the change twice differs from sending it once: a retry after a lost connection can. */
	appliesTwice(change: C): boolean;
}

/** For endpoints that set a state: sending twice is the same as once. */
export const idempotent = (): boolean => false;
