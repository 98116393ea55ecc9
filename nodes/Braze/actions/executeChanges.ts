import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { applyChanges } from '../../shared/braze/apply';
import { type BrazeChange, parseChange } from '../../shared/braze/changes';
import { credentialOf } from '../../shared/braze/endpoints';
import type { TrackBatchLimit } from '../../shared/braze/limits';
import type { ChangeOutcome } from '../../shared/braze/outcomes';
import type { PlanEntry } from '../../shared/braze/plan';
import { BrazeTransport } from '../../shared/braze/transport';
import { readSendingOptions } from './helpers';

/** Items built between two yields to the event loop. */
const YIELD_EVERY_ITEMS = 500;

export interface ItemResult {
	changes: BrazeChange[];
	outcomes: ChangeOutcome[];
}

/** Turns an item's changes and outcomes into its output JSON. */
export type Presenter = (itemIndex: number, result: ItemResult, item: INodeExecutionData) => IDataObject;

export const defaultPresenter: Presenter = (_itemIndex, { changes, outcomes }) => {
	const warnings = outcomes.flatMap((o) => o.warnings ?? []);
	const json: IDataObject = {
		success: true,
		results: outcomes.map((outcome, index) => ({
			type: changes[index].type,
			endpoint: outcome.endpoint,
			statusCode: outcome.statusCode,
			...(outcome.possibleDuplicate ? { possibleDuplicate: true } : {}),
		})),
	};
	if (warnings.length) json.warnings = [...new Set(warnings)];
	return json;
};

/**
 * The one path from input items to Braze for every writing operation: build each item's changes,
 * validate them, apply all items' changes together (fewest requests), and give every item exactly
 * one output with what Braze answered. A bad item fails alone; the others are still sent.
 */
export async function executeChanges(
	this: IExecuteFunctions,
	build: (itemIndex: number, item: INodeExecutionData) => unknown[],
	present: Presenter = defaultPresenter,
): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const itemErrors = new Map<number, string>();
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
			itemErrors.set(itemIndex, (error as Error).message);
			continue;
		}
		const problems: string[] = [];
		const valid: BrazeChange[] = [];
		raw.forEach((candidate, position) => {
			const parsed = parseChange(candidate);
			if (parsed.ok) valid.push(parsed.change);
			else problems.push(raw.length > 1 ? `change ${position + 1}: ${parsed.error}` : parsed.error);
		});
		// An item's changes go together or not at all, so a half-applied item never looks done.
		if (problems.length) {
			itemErrors.set(itemIndex, problems.join('; '));
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

	const outcomesOfItem: ChangeOutcome[][] = items.map(() => []);
	if (entries.length) {
		// The track limit is a setting of the REST API credential; cohort-only runs never read it.
		const needsRestKey = entries.some((e) => credentialOf(e.change) === 'brazeApi');
		const trackLimit = needsRestKey
			? (((await this.getCredentials('brazeApi')).trackBatchLimit as TrackBatchLimit | undefined) ?? 'combined50')
			: 'combined50';
		const transport = new BrazeTransport(this, readSendingOptions(this));
		const report = await applyChanges(transport, entries, trackLimit);
		for (const outcome of report.outcomes) outcomesOfItem[itemOfRef[outcome.ref]].push(outcome);
	}

	const output: INodeExecutionData[] = [];
	let firstFailure: NodeOperationError | undefined;
	items.forEach((item, itemIndex) => {
		const outcomes = outcomesOfItem[itemIndex];
		const failed = outcomes.filter((o) => !o.ok);
		const message =
			itemErrors.get(itemIndex) ??
			(failed.length ? [...new Set(failed.map((o) => `${o.endpoint}: ${o.error}`))].join('; ') : undefined);
		if (message === undefined) {
			output.push({ json: present(itemIndex, { changes: changesOfItem[itemIndex], outcomes }, item), pairedItem: { item: itemIndex } });
			return;
		}
		const error = new NodeOperationError(this.getNode(), `[item ${itemIndex}] ${message}`, {
			itemIndex,
			description: itemErrors.has(itemIndex)
				? 'Fix the field named above; the other items were sent.'
				: 'Braze refused it; the other items were sent. The message above is Braze\'s.',
		});
		firstFailure ??= error;
		if (this.continueOnFail()) {
			output.push({
				json: {
					error: error.message,
					...(outcomes.length ? { results: outcomes.map((o) => ({ endpoint: o.endpoint, ok: o.ok, error: o.error })) } : {}),
				},
				error,
				pairedItem: { item: itemIndex },
			});
		}
	});
	if (firstFailure && !this.continueOnFail()) throw firstFailure;
	return [output];
}
