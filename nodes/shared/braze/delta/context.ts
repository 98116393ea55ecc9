import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { BrazeChange } from '../changes';
import { type DeltaResult, type DeltaSummary, type Snapshot, advanceSnapshot, sendOnlyChanges } from './sendOnlyChanges';
import { type SnapshotKey, memoryTooSmall, readMemory, snapshotFromRows, writeMemory } from './snapshot';

/** Send Only Changes as a node runs it: the source of the snapshot, the diff, and what is remembered after. */

export type DeltaSource = 'off' | 'secondInput' | 'memory';

export function readDeltaSource(ctx: IExecuteFunctions): DeltaSource {
	return ctx.getNodeParameter('sendOnlyChanges', 0, 'off') as DeltaSource;
}

export function readDryRun(ctx: IExecuteFunctions): boolean {
	return (ctx.getNodeParameter('sendingOptions.dryRun', 0, false) as boolean) === true;
}

/** The previous snapshot: the second input's rows, or the node's memory. */
export function previousSnapshot(ctx: IExecuteFunctions, source: Exclude<DeltaSource, 'off'>): Snapshot {
	if (source === 'memory') return readMemory(ctx.getWorkflowStaticData('node'));
	const field = String(ctx.getNodeParameter('snapshotIdentifierField', 0, 'external_id')).trim();
	const kind = ctx.getNodeParameter('snapshotIdentifierType', 0, 'external_id') as SnapshotKey;
	// A database node set to always output data hands over one empty item when the table is empty.
	const rows = ctx
		.getInputData(1)
		.map((item) => item.json)
		.filter((row: IDataObject) => Object.keys(row).length > 0);
	const read = snapshotFromRows(rows, field, kind);
	if (!read.ok) throw new NodeOperationError(ctx.getNode(), read.error);
	return read.snapshot;
}

/** Diffs the changes; in memory mode, refuses a snapshot too large to keep before anything is sent. */
export function diffForRun(ctx: IExecuteFunctions, source: Exclude<DeltaSource, 'off'>, changes: BrazeChange[]): DeltaResult & { previous: Snapshot } {
	const previous = previousSnapshot(ctx, source);
	const result = sendOnlyChanges(changes, previous);
	const tooMany = source === 'memory' ? memoryTooSmall(result.next) : undefined;
	if (tooMany) throw new NodeOperationError(ctx.getNode(), tooMany);
	return { ...result, previous };
}

/** Remembers what Braze accepted (memory mode): a change Braze refused is sent again next time. */
export function rememberAccepted(ctx: IExecuteFunctions, previous: Snapshot, accepted: BrazeChange[]): void {
	writeMemory(ctx.getWorkflowStaticData('node'), advanceSnapshot(previous, accepted), new Date());
}

export function summaryText(summary: DeltaSummary): string {
	const n = (value: number) => value.toLocaleString('en-US');
	return (
		`Send Only Changes: ${n(summary.usersSeen)} users seen, ${n(summary.usersUnchanged)} unchanged, ` +
		`${n(summary.attributesSent)} attributes sent, ${n(summary.dataPointsSaved)} data points saved`
	);
}
