import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { applyChanges, trackLimitHint } from '../../shared/braze/apply';
import { type BrazeChange, type ChangeIssue, parseChange } from '../../shared/braze/changes';
import { diffForRun, readDeltaSource, readDryRun, rememberAccepted, summaryText } from '../../shared/braze/delta/context';
import { dryRun } from '../../shared/braze/delta/dryRun';
import { credentialOf } from '../../shared/braze/endpoints';
import type { TrackBatchLimit } from '../../shared/braze/limits';
import type { ChangeOutcome } from '../../shared/braze/outcomes';
import type { PlanEntry } from '../../shared/braze/plan';
import { BrazeTransport } from '../../shared/braze/transport';
import { userOf, userOfRaw } from '../../shared/braze/userOf';
import { failureJson } from '../../shared/itemErrors';
import { fileReceipts } from '../../shared/webhook/receipts';
import { readSendingOptions } from './helpers';

/** Items built between two yields to the event loop. */
const YIELD_EVERY_ITEMS = 500;

export interface ItemResult {
	changes: BrazeChange[];
	outcomes: ChangeOutcome[];
}

/** Turns an item's changes and outcomes into its output JSON. */
export type Presenter = (itemIndex: number, result: ItemResult, item: INodeExecutionData) => IDataObject;

/** One result line per change, the same shape for every operation. */
function resultOf(change: BrazeChange | undefined, outcome: ChangeOutcome): IDataObject {
	return {
		...(change ? { type: change.type } : {}),
		endpoint: outcome.endpoint,
		ok: outcome.ok,
		...(outcome.statusCode !== undefined ? { statusCode: outcome.statusCode } : {}),
		...(outcome.error !== undefined ? { error: outcome.error } : {}),
		...(outcome.possibleDuplicate ? { possibleDuplicate: true } : {}),
	};
}

export const defaultPresenter: Presenter = (_itemIndex, { changes, outcomes }) => {
	const warnings = outcomes.flatMap((o) => o.warnings ?? []);
	const json: IDataObject = { success: true, results: outcomes.map((outcome, index) => resultOf(changes[index], outcome)) };
	if (warnings.length) json.warnings = [...new Set(warnings)];
	return json;
};

/** Whom an item is about: `user` for one identifier, `users` for several. */
function whoFields(identifiers: Array<IDataObject | undefined>): IDataObject {
	const unique = new Map<string, IDataObject>();
	for (const identifier of identifiers) if (identifier) unique.set(JSON.stringify(identifier), identifier);
	const list = [...unique.values()];
	if (list.length === 0) return {};
	return list.length === 1 ? { user: list[0] } : { users: list };
}

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

/**
 * The one path from input items to Braze for every writing operation: build each item's changes,
 * validate them, apply all items' changes together (fewest requests), and give every item exactly
 * one output with what Braze answered, naming its user. A bad item fails alone; the others are still sent.
 */
export async function executeChanges(
	this: IExecuteFunctions,
	build: (itemIndex: number, item: INodeExecutionData) => unknown[],
	present: Presenter = defaultPresenter,
): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const itemErrors = new Map<number, ItemFailure>();
	const usersOfItem: Array<IDataObject | undefined>[] = items.map(() => []);
	const changesOfItem: BrazeChange[][] = items.map(() => []);
	const entries: PlanEntry[] = [];
	const itemOfRef: number[] = [];

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const item = items[itemIndex];
		// Building is synchronous work per item: yield now and then so a queue-mode worker keeps its job lock.
		if (itemIndex > 0 && itemIndex % YIELD_EVERY_ITEMS === 0) await sleep(0);
		let raw: unknown[];
		try {
			raw = build(itemIndex, item);
		} catch (error) {
			itemErrors.set(itemIndex, { message: (error as Error).message });
			continue;
		}
		const issues: ChangeIssue[] = [];
		const valid: BrazeChange[] = [];
		const named = new Set(raw.map((candidate) => (candidate as { type?: unknown } | null)?.type)).size > 1;
		for (const candidate of raw) {
			const parsed = parseChange(candidate);
			if (parsed.ok) {
				valid.push(parsed.change);
				usersOfItem[itemIndex].push(userOf(parsed.change));
			} else {
				issues.push(...parsed.issues.map((issue) => issueOfChange(candidate, issue, named)));
				usersOfItem[itemIndex].push(userOfRaw(candidate));
			}
		}
		// An item's changes go together or not at all, so a half-applied item never looks done.
		if (issues.length) {
			const message = [...new Set(issues.map(({ field, message }) => (field ? `${field} ${message}` : message)))].join('; ');
			itemErrors.set(itemIndex, { message, issues });
			continue;
		}
		changesOfItem[itemIndex] = valid;
		// One item's changes keep their order even across endpoints and identifiers: Braze may link
		// an alias and the email it stands for, and a later change must not create a second profile.
		const orderKeys = valid.length > 1 ? [`item:${itemIndex}`] : undefined;
		for (const change of valid) {
			itemOfRef.push(itemIndex);
			entries.push({ change, ref: itemOfRef.length - 1, ...(orderKeys ? { orderKeys } : {}) });
		}
	}

	// Send Only Changes: attributes as last sent are dropped before planning; an item left with
	// nothing still gets its output (no results); events and purchases always go.
	const deltaSource = readDeltaSource(this);
	const delta = deltaSource === 'off' ? undefined : diffForRun(this, deltaSource, entries.map((e) => e.change));
	const unchangedOfItem = new Map<number, string[]>();
	let toSend = entries;
	if (delta) {
		toSend = [];
		entries.forEach((entry, position) => {
			const kept = delta.changes[position];
			if (entry.change.type === 'attributes') {
				const sent = kept?.type === 'attributes' ? kept.attributes : {};
				const unchanged = Object.keys(entry.change.attributes).filter((name) => !(name in sent));
				const itemIndex = itemOfRef[entry.ref];
				if (unchanged.length) unchangedOfItem.set(itemIndex, [...(unchangedOfItem.get(itemIndex) ?? []), ...unchanged]);
			}
			if (kept) toSend.push({ ...entry, change: kept });
		});
		for (const list of changesOfItem) list.length = 0;
		for (const entry of toSend) changesOfItem[itemOfRef[entry.ref]].push(entry.change);
		this.addExecutionHints({ message: summaryText(delta.summary), location: 'outputPane' });
	}

	// The track limit is a setting of the REST API credential; cohort-only runs never read it.
	const needsRestKey = toSend.some((e) => credentialOf(e.change) === 'brazeApi');
	const trackLimit = needsRestKey
		? (((await this.getCredentials('brazeApi')).trackBatchLimit as TrackBatchLimit | undefined) ?? 'auto')
		: 'combined50';

	// Dry Run: the same plan, described instead of sent; nothing is remembered either.
	if (readDryRun(this)) {
		const partner = toSend.some((e) => credentialOf(e.change) === 'brazeCohortApi')
			? ((await this.getCredentials('brazeCohortApi')).partnerName as string | undefined)
			: undefined;
		const report = dryRun(toSend, trackLimit, (ref) => itemOfRef[ref], partner);
		const json: IDataObject = { ...report, dataPoints: { ...report.dataPoints }, requests: report.requests.map((request) => ({ ...request })) };
		if (delta) json.sendOnlyChanges = { ...delta.summary };
		if (itemErrors.size) {
			json.invalidItems = [...itemErrors].map(([itemIndex, failure]) => ({ item: itemIndex, error: `[item ${itemIndex}] ${failure.message}` }));
		}
		return [[{ json, pairedItem: items.map((_item, itemIndex) => ({ item: itemIndex })) }]];
	}

	const outcomesOfItem: ChangeOutcome[][] = items.map(() => []);
	if (toSend.length) {
		const transport = new BrazeTransport(this, readSendingOptions(this));
		const report = await applyChanges(transport, toSend, trackLimit);
		// "Braze refused 75, the run sent 50": said on the output, since no item failed for it.
		const hint = trackLimitHint(report);
		if (hint) this.addExecutionHints(hint);
		for (const outcome of report.outcomes) outcomesOfItem[itemOfRef[outcome.ref]].push(outcome);
	}
	if (delta && deltaSource === 'memory') {
		// Only what Braze took is remembered: a refused change is compared afresh, and sent, next time.
		const refused = new Set(outcomesOfItem.flat().filter((outcome) => !outcome.ok).map((outcome) => outcome.ref));
		rememberAccepted(this, delta.previous, toSend.filter((entry) => !refused.has(entry.ref)).map((entry) => entry.change));
	}

	const failureOf = (itemIndex: number): ItemFailure | undefined => {
		const refused = itemErrors.get(itemIndex);
		if (refused) return refused;
		const failed = outcomesOfItem[itemIndex].filter((o) => !o.ok);
		return failed.length ? { message: [...new Set(failed.map((o) => `${o.endpoint}: ${o.error}`))].join('; ') } : undefined;
	};
	const failures = items.map((_item, itemIndex) => failureOf(itemIndex));
	// A partner delivery (an item with a deliveryReceipt) is remembered only once Braze has it all.
	fileReceipts(() => this.getWorkflowStaticData('global'), items, (itemIndex) => failures[itemIndex] === undefined, Date.now());
	const sent = failures.filter((failure) => failure === undefined).length;
	const othersSent = (itemIndex: number) => {
		const others = sent - (failures[itemIndex] === undefined ? 1 : 0);
		return items.length === 1 ? 'Nothing else was in this run.' : `${others} of the other ${items.length - 1} items went to Braze.`;
	};
	const includeInput = this.getNodeParameter('sendingOptions.includeInputFields', 0, false) === true;

	const output: INodeExecutionData[] = [];
	let firstFailure: NodeOperationError | undefined;
	items.forEach((item, itemIndex) => {
		const outcomes = outcomesOfItem[itemIndex];
		const who = whoFields(usersOfItem[itemIndex]);
		const input = includeInput ? item.json : {};
		const failure = failures[itemIndex];
		if (failure === undefined) {
			const json = present(itemIndex, { changes: changesOfItem[itemIndex], outcomes }, item);
			if (delta) json.unchangedAttributes = unchangedOfItem.get(itemIndex) ?? [];
			output.push({ json: { ...input, ...who, ...json }, pairedItem: { item: itemIndex } });
			return;
		}
		const refused = itemErrors.has(itemIndex);
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
				...(outcomes.length ? { results: outcomes.map((outcome, index) => resultOf(changesOfItem[itemIndex][index], outcome)) } : {}),
			};
			output.push({ json: failureJson(this, error.message, context, input), pairedItem: { item: itemIndex } });
		}
	});
	if (firstFailure && !this.continueOnFail()) throw firstFailure;
	return [output];
}
