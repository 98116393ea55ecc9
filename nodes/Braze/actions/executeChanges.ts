import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { ApplyStream, trackLimitHint } from '../../shared/braze/apply';
import { type BrazeChange, type ChangeIssue, parseChange } from '../../shared/braze/changes';
import { diffForRun, readDeltaSource, readDryRun, rememberAccepted, summaryText } from '../../shared/braze/delta/context';
import { dryRun } from '../../shared/braze/delta/dryRun';
import { credentialOf } from '../../shared/braze/endpoints';
import type { TrackBatchLimit } from '../../shared/braze/limits';
import type { ChangeOutcome } from '../../shared/braze/outcomes';
import type { PlanEntry } from '../../shared/braze/plan';
import { itemKeys } from '../../shared/braze/planner';
import { BrazeTransport } from '../../shared/braze/transport';
import { userOf, userOfRaw, whoOf } from '../../shared/braze/userOf';
import { failureJson } from '../../shared/itemErrors';
import { fileReceipts } from '../../shared/webhook/receipts';
import { readSendingOptions } from './helpers';

/** Longest stretch of building (ms) before a yield to the event loop's timers. */
const YIELD_EVERY_MS = 50;

export interface ItemResult {
	changes: BrazeChange[];
	outcomes: ChangeOutcome[];
}

/** Turns an item's changes and outcomes into its output JSON. */
export type Presenter = (itemIndex: number, result: ItemResult, item: INodeExecutionData) => IDataObject;

/**
 * One result line per change, the same shape for every operation: type, endpoint, ok, then
 * statusCode, error and possibleDuplicate where they apply. Written as one literal in the usual
 * case (no spreads of small objects: this runs once per change of every run).
 */
function resultOf(change: BrazeChange | undefined, outcome: ChangeOutcome): IDataObject {
	const { endpoint, ok, statusCode, error } = outcome;
	let result: IDataObject;
	if (change && statusCode !== undefined) result = { type: change.type, endpoint, ok, statusCode };
	else if (change) result = { type: change.type, endpoint, ok };
	else if (statusCode !== undefined) result = { endpoint, ok, statusCode };
	else result = { endpoint, ok };
	if (error !== undefined) result.error = error;
	if (outcome.possibleDuplicate) result.possibleDuplicate = true;
	return result;
}

export const defaultPresenter: Presenter = (_itemIndex, { changes, outcomes }) => {
	const results: IDataObject[] = new Array<IDataObject>(outcomes.length);
	let warnings: string[] | undefined;
	for (let index = 0; index < outcomes.length; index++) {
		const outcome = outcomes[index];
		results[index] = resultOf(changes[index], outcome);
		if (outcome.warnings?.length) (warnings ??= []).push(...outcome.warnings);
	}
	const json: IDataObject = { success: true, results };
	if (warnings) json.warnings = [...new Set(warnings)];
	return json;
};

/** `external_id "u2"` for messages: the identifier as a reader would look for it. */
function whoText(who: IDataObject): string {
	const identifier = (who.user ?? (who.users as IDataObject[] | undefined)?.[0]) as IDataObject | undefined;
	if (!identifier) return '';
	const [key, value] = Object.entries(identifier)[0] ?? [];
	if (key === undefined) return '';
	const shown = typeof value === 'object' ? JSON.stringify(value) : JSON.stringify(String(value));
	return `${key} ${shown}${who.users ? ` (and ${(who.users as unknown[]).length - 1} more)` : ''}: `;
}

/** Fields that identify the user: their refusal already shows the value. */
const IDENTIFIER_FIELD = /^(user|recipient|member|to_merge|to_keep|toMerge|toKeep|email|external_id|current_external_id|alias|user_alias|phone)(\.|$)/;

interface ItemFailure {
	message: string;
	issues?: ChangeIssue[];
}

/** The change's type before its field when an item holds several changes of different types, e.g. "event.time". */
function issueOfChange(candidate: unknown, issue: ChangeIssue, named: boolean): ChangeIssue {
	const type = (candidate as { type?: unknown } | null)?.type;
	// Events and purchases always say which they are: "time" alone could be either.
	const says = named || type === 'event' || type === 'purchase';
	if (!says || typeof type !== 'string' || issue.field === type || issue.field.startsWith(`${type}.`)) return issue;
	return { ...issue, field: issue.field ? `${type}.${issue.field}` : type };
}

/** What one item holds between its changes being read and Braze answering the last of them. */
interface OpenItem {
	changes: BrazeChange[];
	outcomes: ChangeOutcome[];
	/** Changes still waiting for Braze's answer. */
	left: number;
	who: IDataObject;
	/** The ref of the item's first change when its refs are consecutive (-1 after Send Only Changes dropped some). */
	firstRef: number;
}

/** What a failed item keeps until the end of the run, when its error is written. */
interface FailedItem extends ItemFailure {
	who: IDataObject;
	results?: IDataObject[];
}

/** n empty slots in a fast (packed) array: `new Array(n)` of a large n makes a slow dictionary array. */
function emptySlots<T>(n: number): Array<T | undefined> {
	const slots: Array<T | undefined> = [];
	for (let i = 0; i < n; i++) slots.push(undefined);
	return slots;
}

/**
 * The one path from input items to Braze for every writing operation: build each item's changes,
 * validate them, apply all items' changes together (fewest requests), and give every item exactly
 * one output with what Braze answered, naming its user. A bad item fails alone; the others are still sent.
 *
 * Requests go out while items are still being read (the plan is the same as if all were read
 * first), and an item's changes and outcomes are let go of as soon as its output is written: what
 * the run holds per item is its output and one planner number per user. Send Only Changes and Dry
 * Run read every item first, as they compare or describe the whole run.
 */
export async function executeChanges(
	this: IExecuteFunctions,
	build: (itemIndex: number, item: INodeExecutionData) => unknown[],
	present: Presenter = defaultPresenter,
): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const deltaSource = readDeltaSource(this);
	const dryRunOnly = readDryRun(this);
	const streaming = deltaSource === 'off' && !dryRunOnly;
	const includeInput = this.getNodeParameter('sendingOptions.includeInputFields', 0, false) === true;

	const failed = new Map<number, FailedItem>();
	const open = emptySlots<OpenItem>(items.length);
	const written = emptySlots<INodeExecutionData>(items.length);
	const itemOfRef: number[] = [];
	/** Send Only Changes: the attributes left out per item; refs Braze refused (not remembered). */
	const unchangedOfItem = new Map<number, string[]>();
	const refusedRefs = new Set<number>();
	let delta: ReturnType<typeof diffForRun> | undefined;

	/** Every answer is in: the item's output is written now, and its changes and outcomes let go. */
	const close = (itemIndex: number, state: OpenItem) => {
		open[itemIndex] = undefined;
		const { changes, outcomes, who } = state;
		let refused = false;
		for (const outcome of outcomes) if (!outcome.ok) refused = true;
		if (refused) {
			const reasons = outcomes.filter((o) => !o.ok).map((o) => `${o.endpoint}: ${o.error}`);
			failed.set(itemIndex, {
				message: [...new Set(reasons)].join('; '),
				who,
				results: outcomes.map((outcome, index) => resultOf(changes[index], outcome)),
			});
			return;
		}
		const json = present(itemIndex, { changes, outcomes }, items[itemIndex]);
		if (delta) json.unchangedAttributes = unchangedOfItem.get(itemIndex) ?? [];
		// Spread from a fresh {} (as with the input's fields): the item gets room for its fields in the object itself.
		const input = includeInput ? items[itemIndex].json : {};
		written[itemIndex] = { json: { ...input, ...who, ...json }, pairedItem: { item: itemIndex } };
	};

	const answered = (outcomes: ChangeOutcome[]) => {
		for (const outcome of outcomes) {
			if (delta && !outcome.ok) refusedRefs.add(outcome.ref);
			const itemIndex = itemOfRef[outcome.ref];
			const state = open[itemIndex]!;
			// Outcomes arrive per request: each goes to its change's position (an item's refs are consecutive).
			if (state.firstRef >= 0) state.outcomes[outcome.ref - state.firstRef] = outcome;
			else state.outcomes.push(outcome);
			if (--state.left === 0) {
				if (state.firstRef < 0) state.outcomes.sort((a, b) => a.ref - b.ref);
				close(itemIndex, state);
			}
		}
	};

	let stream: ApplyStream | undefined;
	let transport: BrazeTransport | undefined;
	let restKeyRead = false;
	let maxBacklog = 0;
	/** The sender, made with the first change (the track limit is the REST credential's; cohort-only runs never read it). */
	const streamFor = async (change: BrazeChange): Promise<ApplyStream> => {
		if (!stream || !transport) {
			transport = new BrazeTransport(this, readSendingOptions(this));
			stream = new ApplyStream(transport, 'combined50', answered);
			maxBacklog = transport.settings.concurrency + 2;
		}
		if (!restKeyRead && credentialOf(change) === 'brazeApi') {
			restKeyRead = true;
			stream.setTrackLimit((((await transport.credential('brazeApi')).trackBatchLimit as TrackBatchLimit | undefined) ?? 'auto'));
		}
		return stream;
	};

	const entries: PlanEntry[] = [];
	let lastYield = Date.now();
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const item = items[itemIndex];
		// Building is synchronous work per item: yield now and then so a queue-mode worker keeps its job lock.
		// By the clock, not every n items: each yield costs a timer tick (about 1 ms) of idle time.
		if (itemIndex % 64 === 63 && Date.now() - lastYield >= YIELD_EVERY_MS) {
			await sleep(0);
			lastYield = Date.now();
		}
		let raw: unknown[];
		try {
			raw = build(itemIndex, item);
		} catch (error) {
			failed.set(itemIndex, { message: (error as Error).message, who: {} });
			continue;
		}
		let issues: ChangeIssue[] | undefined;
		// Sized once: most items hold one or two changes, and a grown array would reserve room for 17.
		const valid: BrazeChange[] = new Array<BrazeChange>(raw.length);
		const users: Array<IDataObject | undefined> = new Array<IDataObject | undefined>(raw.length);
		let named: boolean | undefined;
		for (let position = 0; position < raw.length; position++) {
			const candidate = raw[position];
			const parsed = parseChange(candidate);
			if (parsed.ok) {
				valid[position] = parsed.change;
				users[position] = userOf(parsed.change);
			} else {
				named ??= new Set(raw.map((c) => (c as { type?: unknown } | null)?.type)).size > 1;
				(issues ??= []).push(...parsed.issues.map((issue) => issueOfChange(candidate, issue, named!)));
				users[position] = userOfRaw(candidate);
			}
		}
		const who = whoOf(users);
		// An item's changes go together or not at all, so a half-applied item never looks done.
		if (issues) {
			const message = [...new Set(issues.map(({ field, message }) => (field ? `${field} ${message}` : message)))].join('; ');
			failed.set(itemIndex, { message, issues, who });
			continue;
		}
		const firstRef = itemOfRef.length;
		const state: OpenItem = { changes: valid, outcomes: streaming ? new Array<ChangeOutcome>(valid.length) : [], left: valid.length, who, firstRef: streaming ? firstRef : -1 };
		open[itemIndex] = state;
		// One item's changes keep their order even across endpoints and identifiers: Braze may link
		// an alias and the email it stands for, and a later change must not create a second profile.
		const keys = itemKeys(itemIndex, valid);
		for (let position = 0; position < valid.length; position++) {
			const change = valid[position];
			const entry: PlanEntry = keys.orderKeys
				? { change, ref: itemOfRef.length, orderKeys: keys.orderKeys, users: keys.users[position] }
				: { change, ref: itemOfRef.length, users: keys.users[position] };
			itemOfRef.push(itemIndex);
			if (streaming) (stream !== undefined && (restKeyRead || credentialOf(change) !== 'brazeApi') ? stream : await streamFor(change)).push(entry);
			else entries.push(entry);
		}
		if (valid.length === 0 && streaming) close(itemIndex, state);
		// Braze answers while items are read; past a few requests' worth, wait for it rather than hold more.
		if (stream && stream.backlog > maxBacklog) await stream.drain(maxBacklog);
	}

	let toSend = entries;
	if (!streaming) {
		// Send Only Changes: attributes as last sent are dropped before planning; an item left with
		// nothing still gets its output (no results); events and purchases always go.
		delta = deltaSource === 'off' ? undefined : diffForRun(this, deltaSource, entries.map((e) => e.change));
		if (delta) {
			toSend = [];
			for (const state of open) if (state) { state.changes = []; state.outcomes = []; }
			entries.forEach((entry, position) => {
				const kept = delta!.changes[position];
				const itemIndex = itemOfRef[entry.ref];
				if (entry.change.type === 'attributes') {
					const sent = kept?.type === 'attributes' ? kept.attributes : {};
					const unchanged = Object.keys(entry.change.attributes).filter((name) => !(name in sent));
					if (unchanged.length) unchangedOfItem.set(itemIndex, [...(unchangedOfItem.get(itemIndex) ?? []), ...unchanged]);
				}
				if (kept) {
					toSend.push({ ...entry, change: kept, users: undefined });
					open[itemIndex]!.changes.push(kept);
				}
			});
			for (const state of open) if (state) state.left = state.changes.length;
			this.addExecutionHints({ message: summaryText(delta.summary), location: 'outputPane' });
		}

		// The track limit is a setting of the REST API credential; cohort-only runs never read it. The
		// transport reads each credential once, for the limit and for every request it then sends.
		const sender = new BrazeTransport(this, readSendingOptions(this));
		const needsRestKey = toSend.some((e) => credentialOf(e.change) === 'brazeApi');
		const trackLimit = needsRestKey
			? (((await sender.credential('brazeApi')).trackBatchLimit as TrackBatchLimit | undefined) ?? 'auto')
			: 'combined50';

		// Dry Run: the same plan, described instead of sent; nothing is remembered either.
		if (dryRunOnly) {
			const partner = toSend.some((e) => credentialOf(e.change) === 'brazeCohortApi')
				? ((await sender.credential('brazeCohortApi')).partnerName as string | undefined)
				: undefined;
			const report = dryRun(toSend, trackLimit, (ref) => itemOfRef[ref], partner);
			const json: IDataObject = { ...report, dataPoints: { ...report.dataPoints }, requests: report.requests.map((request) => ({ ...request })) };
			if (delta) json.sendOnlyChanges = { ...delta.summary };
			if (failed.size) {
				json.invalidItems = [...failed].map(([itemIndex, failure]) => ({ item: itemIndex, error: `[item ${itemIndex}] ${failure.message}` }));
			}
			return [[{ json, pairedItem: items.map((_item, itemIndex) => ({ item: itemIndex })) }]];
		}

		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			const state = open[itemIndex];
			if (state && state.left === 0) close(itemIndex, state);
		}
		if (toSend.length) {
			stream = new ApplyStream(sender, trackLimit, answered);
			for (const entry of toSend) stream.push(entry);
		}
	}

	if (stream) {
		const report = await stream.finish();
		// "Braze refused 75, the run sent 50": said on the output, since no item failed for it.
		const hint = trackLimitHint(report);
		if (hint) this.addExecutionHints(hint);
	}
	if (delta && deltaSource === 'memory') {
		// Only what Braze took is remembered: a refused change is compared afresh, and sent, next time.
		rememberAccepted(this, delta.previous, toSend.filter((entry) => !refusedRefs.has(entry.ref)).map((entry) => entry.change));
	}

	// Every item has its output or its failure: a missing one would be a bug here, said plainly rather than dropped.
	const missing = written.findIndex((done, itemIndex) => done === undefined && !failed.has(itemIndex));
	if (missing >= 0) throw new NodeOperationError(this.getNode(), `[item ${missing}] no answer was recorded for this item's changes`, { itemIndex: missing });
	// A partner delivery (an item with a deliveryReceipt) is remembered only once Braze has it all.
	fileReceipts(() => this.getWorkflowStaticData('global'), items, (itemIndex) => !failed.has(itemIndex), Date.now());
	if (!failed.size) return [written as INodeExecutionData[]];

	const sent = items.length - failed.size;
	const othersSent = (itemIndex: number) => {
		const others = sent - (failed.has(itemIndex) ? 0 : 1);
		return items.length === 1 ? 'Nothing else was in this run.' : `${others} of the other ${items.length - 1} items went to Braze.`;
	};
	const output: INodeExecutionData[] = [];
	let firstFailure: NodeOperationError | undefined;
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const done = written[itemIndex];
		if (done) {
			output.push(done);
			continue;
		}
		const failure = failed.get(itemIndex)!;
		const { who } = failure;
		const refused = failure.results === undefined;
		// A refused identifier names itself in the message; any other failure says whose it is.
		const identifierRefused = failure.issues?.some((issue) => IDENTIFIER_FIELD.test(issue.field)) === true;
		const error = new NodeOperationError(this.getNode(), `[item ${itemIndex}] ${identifierRefused ? '' : whoText(who)}${failure.message}`, {
			itemIndex,
			description: refused
				? `Nothing of this item was sent: fix the field named above. ${othersSent(itemIndex)}`
				: `Braze refused it; the message above is Braze's. ${othersSent(itemIndex)}`,
		});
		firstFailure ??= error;
		if (this.continueOnFail()) {
			const [first] = failure.issues ?? [];
			const context: IDataObject = {
				...who,
				...(first ? { field: first.field, problems: failure.issues!.map((issue) => ({ ...issue })) } : {}),
				...(failure.results?.length ? { results: failure.results } : {}),
			};
			output.push({ json: failureJson(this, error.message, context, includeInput ? items[itemIndex].json : {}), pairedItem: { item: itemIndex } });
		}
	}
	if (firstFailure && !this.continueOnFail()) throw firstFailure;
	return [output];
}
