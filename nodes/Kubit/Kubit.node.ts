import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { itemError } from '../shared/itemErrors';
import { STATIC_DATA_MAX_MEMBERS, readStoredMembers, tooManyForStaticData, writeStoredMembers } from '../shared/membership/storage';
import { type MemberList, MemberCollector, planSnapshotSync, storedList } from '../shared/membership/sync';
import { INPUTS, type KubitSettings, properties, readKubitSettings } from './description';
import { type SentDefinitions, addCohortUpsert, outputItems } from './mapping';

function settingsOf(ctx: IExecuteFunctions): KubitSettings {
	try {
		return readKubitSettings((name, fallback) => ctx.getNodeParameter(name, 0, fallback), new Date());
	} catch (error) {
		throw itemError(ctx.getNode(), (error as Error).message);
	}
}

export class Kubit implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Kubit',
		name: 'kubit',
		icon: { light: 'file:../../icons/kubit.svg', dark: 'file:../../icons/kubit.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{"Cohort " + ($parameter["cohortName"] || $parameter["cohortId"])}}',
		description: 'Mirror a Kubit cohort (or any member list) into Braze: who entered, who left',
		defaults: { name: 'Kubit' },
		// Not an AI tool: it diffs a whole member list against the last run's, so an agent's call
		// (one item, no list) would count every member as having left and overwrite what the next
		// real run compares with. README "AI agents" says so.
		usableAsTool: undefined,
		inputs: INPUTS,
		outputs: [NodeConnectionTypes.Main],
		properties,
	};

	/**
	 * One run: read the current (and, from the second input, previous) members, diff them against
	 * what the last run left, and emit the changes plus a summary. Static data is written last.
	 */
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const node = this.getNode();
		const settings = settingsOf(this);
		const { cohortId, target, mapping, previousSource: source } = settings;
		const current = this.getInputData(0);
		const previousItems = source === 'secondInput' ? this.getInputData(1) : [];
		const allowDevice = target.mode === 'cohortImport';

		const collect = (items: INodeExecutionData[], input: number): MemberList => {
			const collector = new MemberCollector(mapping, allowDevice, input);
			for (let i = 0; i < items.length; i++) {
				const error = collector.addItem(items[i].json, i, settings.membersField);
				if (error) throw itemError(node, `${input === 1 ? 'Previous members: ' : ''}${error}`, i);
			}
			return collector.result();
		};

		const currentList = collect(current, 0);
		const warnings: string[] = [];
		let previousList: MemberList | undefined;
		const staticData = source === 'staticData' ? this.getWorkflowStaticData('node') : undefined;
		if (source === 'secondInput') {
			previousList = collect(previousItems, 1);
			if (previousItems.length === 0) {
				warnings.push('The second input brought no previous members: everyone counts as entering (expected on a first run).');
			}
		} else if (staticData) {
			const distinct = new Set(currentList.keys).size;
			if (distinct > STATIC_DATA_MAX_MEMBERS) throw itemError(node, tooManyForStaticData(distinct, 'cohort'));
			if (settings.startOver) {
				previousList = storedList([]);
				warnings.push('Start Over is on: the stored members were ignored. Turn it off for the next run.');
			} else {
				const stored = readStoredMembers(staticData, cohortId, mapping);
				if (!stored.ok) throw itemError(node, stored.error);
				previousList = storedList(stored.members);
			}
			if (this.getMode() === 'manual') {
				warnings.push(
					'Started from the editor: n8n does not save workflow static data after manual runs, so this membership is not remembered. Production runs (schedule, active workflow) remember it.',
				);
			}
		}

		const plan = planSnapshotSync(currentList, previousList, target, mapping, {
			batchSize: settings.batchSize,
			resendUnchanged: settings.resendUnchanged,
		});
		// What was last sent as the cohort's name, kept in any source mode: one small entry per cohort.
		const definitions = settings.target.mode === 'cohortImport' ? sentDefinitions(this.getWorkflowStaticData('node')) : undefined;
		const upsert = addCohortUpsert(plan, settings, definitions);
		const fallbackPair = current.length > 0 ? { item: 0 } : { item: 0, input: 1 };
		const output = outputItems(plan, settings, { fallbackPair, upsert, warnings, runAt: new Date() });
		// Last, once nothing can fail any more: n8n saves static data even after a failed run.
		if (staticData) writeStoredMembers(staticData, cohortId, mapping, plan.currentKeys(), new Date());
		return [output];
	}
}

/** The node's memory of the cohort definitions it sent (created on first use). */
function sentDefinitions(staticData: IDataObject): SentDefinitions {
	if (typeof staticData.cohortDefinitions !== 'object' || staticData.cohortDefinitions === null) staticData.cohortDefinitions = {};
	return staticData.cohortDefinitions as unknown as SentDefinitions;
}
