import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { WriteTarget } from '../../shared/membership/changes';
import type { DeltaAction } from '../../shared/membership/diff';
import type { IdentifierMapping } from '../../shared/membership/members';
import type { SyncPlan } from '../../shared/membership/sync';
import type { Audience } from './body';

/** One item per batch of changes, then a summary item (with no changes) that counts them. */
export function outputItems(
	plan: SyncPlan,
	call: { action: DeltaAction; audience: Audience; received: number; receivedAt: Date },
	target: WriteTarget,
	mapping: IdentifierMapping,
): INodeExecutionData[] {
	const { action, audience } = call;
	const context = { action, ...(audience.id ? { audienceId: audience.id } : {}), audienceName: audience.name };
	const items: INodeExecutionData[] = plan.batches.map((batch, index) => ({
		json: { ...context, batch: index + 1, brazeChanges: batch.changes as unknown as IDataObject[] },
	}));
	items.push({
		json: {
			summary: {
				partner: 'growthloop',
				...context,
				receivedAt: call.receivedAt.toISOString(),
				writeMode: target.mode,
				attribute: target.attributeName,
				matchBy: mapping.matchBy,
				received: call.received,
				...plan.counts,
				changeItems: plan.batches.length,
			} as unknown as IDataObject,
			brazeChanges: [],
		},
	});
	return items;
}
