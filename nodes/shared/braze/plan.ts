import type { BrazeChange } from './changes';
import type { TrackBatchLimit } from './limits';
import type { BuiltRequest } from './request';

/** The planner's vocabulary, in one home: what goes in (entries), what is filled (buckets), what comes out. */

export interface PlanEntry {
	change: BrazeChange;
	/** The caller's handle for the change (e.g. its position in the input). */
	ref: number;
	/**
	 * More keys whose changes must stay in order, beside the users the change names: e.g. one input
	 * item's changes, whose users Braze may link (an alias and the email it stands for).
	 */
	orderKeys?: string[];
	/** The change's user keys (`userKeysOf`), when the caller has them already: the planner then does not build them again. */
	users?: string[];
}

export interface PlanOptions {
	trackLimit: TrackBatchLimit;
}

/** An open request being filled with changes for one endpoint. */
export interface Bucket {
	/** Whether the change can join without breaking a limit or the order of one user's updates. */
	fits(entry: PlanEntry, users: string[]): boolean;
	add(entry: PlanEntry, users: string[]): void;
	build(): BuiltRequest;
	/**
	 * The request without its body, and how to build the body later: a bucket that has it lets the
	 * plan hold no bodies (built when the request is about to be sent, released once answered).
	 */
	lazy?(): { request: Omit<BuiltRequest, 'body'>; body: (entries: PlanEntry[]) => BuiltRequest['body'] };
	hasUser(user: string): boolean;
	entries: PlanEntry[];
}

export interface PlannedRequest extends BuiltRequest {
	/** Position in the plan; requests are built in this order. */
	id: number;
	/** Requests that must finish before this one starts: earlier requests touching the same users. */
	after: number[];
	/** The changes inside, so a request can be split again if Braze refuses it as a whole. */
	entries: PlanEntry[];
}
