import type { Handler, HandlerContext } from '../http/context';
import { ApiError } from '../http/reply';
import type { TrackLimit } from '../options';
import { trackAttributes, trackEvent, trackPurchase, userForTrack, type TrackInput } from '../state/track-apply';
import { isRecord } from '../validate/common';
import { checkAttributes, checkEvent, checkPurchase, type Checked } from '../validate/track-objects';

// POST /users/track (braze-api.md §2.1).

export interface MinorError {
	type: string;
	input_array: TrackInput;
	index: number;
}

const INPUTS: TrackInput[] = ['attributes', 'events', 'purchases'];

function fatal(message: string, detail: string): never {
	throw new ApiError(400, { message, errors: [detail] });
}

function checkBatchSize(lists: Partial<Record<TrackInput, unknown[]>>, rule: TrackLimit): void {
	const sizes = INPUTS.map((k) => lists[k]?.length ?? 0);
	const total = sizes.reduce((a, b) => a + b, 0);
	if (rule === 'legacy') {
		INPUTS.forEach((k, i) => {
			if (sizes[i] > 75) fatal('Max Input Length Exceeded', `'${k}' has ${sizes[i]} objects; at most 75 per array are allowed`);
		});
		return;
	}
	const max = rule === 'combined50' ? 50 : 75;
	if (total > max) fatal('Max Input Length Exceeded', `${total} objects given; at most ${max} attributes, events and purchases combined are allowed per request`);
}

export const usersTrack: Handler = (ctx) => {
	if (!isRecord(ctx.body)) fatal('Bad Request', 'request body must be a JSON object');
	const body = ctx.body;
	const lists: Partial<Record<TrackInput, unknown[]>> = {};
	for (const k of INPUTS) {
		const v = body[k];
		if (v === undefined || v === null) continue;
		if (!Array.isArray(v)) fatal('Bad Request', `'${k}' must be an array of objects`);
		lists[k] = v;
	}
	checkBatchSize(lists, ctx.options.trackLimit);

	const out: Record<string, unknown> = { message: 'success' };
	const errors: MinorError[] = [];
	// Attributes first, then events, then purchases, each in array order.
	if (lists.attributes?.length) {
		out.attributes_processed = run(ctx, 'attributes', lists.attributes, checkAttributes, errors, (u, v) => trackAttributes(ctx.state, u, v, ctx.now));
	}
	if (lists.events?.length) {
		out.events_processed = run(ctx, 'events', lists.events, checkEvent, errors, (u, v) => trackEvent(ctx.state, u, v, ctx.now));
	}
	if (lists.purchases?.length) {
		out.purchases_processed = run(ctx, 'purchases', lists.purchases, checkPurchase, errors, (u, v) => trackPurchase(ctx.state, u, v, ctx.now));
	}
	if (errors.length) out.errors = errors;
	return { status: 201, body: out };
};

// Returns how many objects were accepted (queued, in Braze's words), including
// update-only objects whose user does not exist: Braze cannot know that synchronously.
function run<T>(
	ctx: HandlerContext,
	input: TrackInput,
	list: unknown[],
	check: (o: unknown) => Checked<T>,
	errors: MinorError[],
	apply: (u: NonNullable<ReturnType<typeof userForTrack>>, v: T) => void,
): number {
	let accepted = 0;
	for (let i = 0; i < list.length; i++) {
		const c = check(list[i]);
		if (!c.ok) {
			errors.push({ type: c.error, input_array: input, index: i });
			continue;
		}
		accepted++;
		const u = userForTrack(ctx.state, c.ref, list[i] as Record<string, unknown>, input, ctx.now);
		if (!u) {
			ctx.state.stats.apply('skipped_no_user');
			continue;
		}
		apply(u, c.value);
		ctx.state.stats.apply(input);
	}
	return accepted;
}
