import type { IDataObject, INodeExecutionData, IPairedItemData } from 'n8n-workflow';

import type { SyncPlan } from '../../shared/membership/sync';
import type { KubitSettings } from '../description';

/** The cohort definitions this node sent, by cohort ID, kept in the node's static data. */
export type SentDefinitions = Record<string, { name: string; createdAt: string }>;

/**
 * Braze's Cohort Import wants the cohort's name on first export and on rename only: the planner
 * sends this create-or-rename before the cohort's memberships, and only when the name differs from
 * the one last sent (or none was). A rename keeps the first created_at. Whether it was added.
 */
export function addCohortUpsert(plan: SyncPlan, settings: KubitSettings, sent?: SentDefinitions): boolean {
	if (settings.target.mode !== 'cohortImport' || plan.batches.length === 0) return false;
	const { cohortId, cohortName } = settings;
	const name = cohortName || cohortId;
	const previous = sent?.[cohortId];
	if (previous?.name === name && !settings.startOver) return false;
	const createdAt = previous?.createdAt ?? settings.createdAt;
	plan.batches[0].changes.unshift({ type: 'cohortUpsert', cohortId, name, createdAt });
	if (sent) sent[cohortId] = { name, createdAt };
	return true;
}

/**
 * One item per batch of changes (paired with the members' input items), then the run's summary item.
 * Every item has the same top-level keys (null where a key means nothing), so n8n's Table view shows
 * no "undefined" cells.
 */
export function outputItems(
	plan: SyncPlan,
	settings: KubitSettings,
	run: { fallbackPair: IPairedItemData; upsert: boolean; warnings: string[]; runAt: Date },
): INodeExecutionData[] {
	const { cohortId, cohortName, target, mapping } = settings;
	const output: INodeExecutionData[] = plan.batches.map((batch, index) => ({
		json: {
			cohortId,
			cohortName,
			batch: index + 1,
			entered: batch.entered,
			exited: batch.exited,
			brazeChanges: batch.changes as unknown as IDataObject[],
			summary: null,
		},
		pairedItem: batch.pairedItem.length ? batch.pairedItem : run.fallbackPair,
	}));
	const cohortImport = target.mode === 'cohortImport';
	output.push({
		json: {
			cohortId,
			cohortName,
			batch: null,
			entered: null,
			exited: null,
			summary: {
				partner: 'kubit',
				cohortId,
				cohortName,
				runAt: run.runAt.toISOString(),
				writeMode: target.mode,
				...(cohortImport ? {} : { attribute: target.attributeName }),
				matchBy: mapping.matchBy,
				previousSource: settings.previousSource,
				...plan.counts,
				changeItems: plan.batches.length,
				...(cohortImport ? { cohortNameSent: run.upsert } : {}),
				warnings: run.warnings,
			} as unknown as IDataObject,
			brazeChanges: [],
		},
		pairedItem: run.fallbackPair,
	});
	return output;
}
