import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { checkTarget } from '../shared/membership/changes';
import {
	type PartnerDefaults,
	arrayAttributeDescription,
	checkMapping,
	identifierProperties,
	readMapping,
	readTarget,
	writeProperties,
} from '../shared/membership/properties';
import { STATIC_DATA_MAX_MEMBERS, readStoredMembers, tooManyForStaticData, writeStoredMembers } from '../shared/membership/storage';
import { type MemberList, MemberCollector, planSnapshotSync, storedList } from '../shared/membership/sync';

const KUBIT: PartnerDefaults = {
	arrayAttribute: 'kubit_cohorts',
	booleanPrefix: 'kubit_cohort_',
	noun: 'cohort',
	cohortImport: true,
	attributeNotice:
		'Written as a custom attribute with /users/track: segment on it in Braze (e.g. kubit_cohorts includes value "Power Users"). It does not fill Braze\'s "Kubit cohorts" filter: only Kubit\'s own partner key can.',
	arrayAttributeProperty: {
		displayName: 'Attribute Name',
		name: 'attributeName',
		type: 'string',
		default: 'kubit_cohorts',
		placeholder: 'e.g. kubit_cohorts',
		description: arrayAttributeDescription('cohort'),
	},
};

type PreviousSource = 'staticData' | 'secondInput' | 'none';

const MAIN = NodeConnectionTypes.Main;

/** Two inputs while the previous members come from the second one, as Merge-style nodes do. */
const INPUTS: `={{${string}}}` = `={{ $parameter["previousSource"] === "secondInput" ? [{ "type": "${MAIN}", "displayName": "Current Members" }, { "type": "${MAIN}", "displayName": "Previous Members" }] : [{ "type": "${MAIN}" }] }}`;

const properties: INodeProperties[] = [
	{
		displayName:
			'Kubit sends no webhooks: feed this node the cohort members from any source (a warehouse query, a CSV or JSON file, an HTTP call). It works out who entered and who left since the last run and emits Braze changes for the Braze node (Change > Apply), plus one summary item per run.',
		name: 'intro',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Cohort ID',
		name: 'cohortId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 12345',
		description: 'The Kubit cohort ID. Keys the remembered membership and the partner Cohort Import. Read from the first item when it is an expression.',
	},
	{
		displayName: 'Cohort Name',
		name: 'cohortName',
		type: 'string',
		default: '',
		placeholder: 'e.g. Power Users',
		description: 'The name written to Braze (the array value, or the basis of the boolean attribute name). Kubit cohorts cannot be renamed; renaming here leaves the old name on users who do not change.',
	},
	...writeProperties(KUBIT),
	{
		displayName: 'Members Are',
		name: 'inputShape',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'One Item per Member', value: 'items', description: 'E.g. rows of a warehouse query or a CSV file.' },
			{ name: 'A List in Each Item', value: 'list', description: 'E.g. {"cohort_id": "12345", "users": [{"external_id": "u1"}]}.' },
		],
		default: 'items',
	},
	{
		displayName: 'Members Field',
		name: 'membersField',
		type: 'string',
		default: 'users',
		placeholder: 'e.g. users',
		description: 'The field holding the array of members (objects, or plain identifiers)',
		displayOptions: { show: { inputShape: ['list'] } },
	},
	...identifierProperties(KUBIT, 'each member'),
	{
		displayName: 'Previous Members Source',
		name: 'previousSource',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Workflow Static Data (Small Cohorts)',
				value: 'staticData',
				description: `The node remembers the members of the last production run; up to ${STATIC_DATA_MAX_MEMBERS.toLocaleString('en-US')} members`,
			},
			{
				name: 'Second Input (Scalable)',
				value: 'secondInput',
				description: 'Connect the last snapshot (e.g. a warehouse table) to the second input; safe in queue mode',
			},
			{
				name: 'None (One-Time Import)',
				value: 'none',
				description: 'Everyone in the input enters; nobody exits',
			},
		],
		default: 'staticData',
	},
	{
		displayName: `n8n saves static data only after production runs (schedule, active workflow, CLI), not after you click Execute in the editor. The members are kept before Braze answers: if the Braze node fails, run again with "Resend Unchanged Members" (removals of the failed run are not retried; the second input retries exactly). Up to ${STATIC_DATA_MAX_MEMBERS.toLocaleString('en-US')} members; beyond that use the second input.`,
		name: 'staticDataNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { previousSource: ['staticData'] } },
	},
	{
		displayName:
			'Connect the current members to input 1 and the previous snapshot to input 2, mapped with the same fields. Save the new snapshot only after the Braze node succeeds, so a failed run is retried next time.',
		name: 'secondInputNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { previousSource: ['secondInput'] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Changes per Item',
				name: 'changesPerItem',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 10000 },
				default: 1000,
				description: 'How many Braze changes one output item carries. The Braze node packs changes into requests across items, so this changes the item count, not the request count.',
			},
			{
				displayName: 'Resend Unchanged Members',
				name: 'resendUnchanged',
				type: 'boolean',
				default: false,
				description: 'Whether to write the members who did not change again (repairs drift after a failed run; costs one change per member)',
			},
			{
				displayName: 'Cohort Created At',
				name: 'cohortCreatedAt',
				type: 'dateTime',
				default: '',
				description: 'When the cohort was created, sent with its name to the partner Cohort Import API. Empty: the time of the run.',
				displayOptions: { show: { '/writeMode': ['cohortImport'] } },
			},
			{
				displayName: 'Start Over',
				name: 'startOver',
				type: 'boolean',
				default: false,
				description: 'Whether to forget the stored members for this cohort: everyone counts as entering and nobody exits. Turn it off again after one run.',
				displayOptions: { show: { '/previousSource': ['staticData'] } },
			},
		],
	},
];

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
		usableAsTool: true,
		inputs: INPUTS,
		outputs: [NodeConnectionTypes.Main],
		properties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const node = this.getNode();
		const fail = (message: string, itemIndex?: number) =>
			new NodeOperationError(node, itemIndex === undefined ? message : `[item ${itemIndex}] ${message}`, itemIndex === undefined ? {} : { itemIndex });

		const current = this.getInputData(0);
		const source = this.getNodeParameter('previousSource', 0) as PreviousSource;
		const previousItems = source === 'secondInput' ? this.getInputData(1) : [];
		const get = (name: string, fallback: unknown) => this.getNodeParameter(name, 0, fallback);

		const cohortId = String(get('cohortId', '') ?? '').trim();
		const cohortName = String(get('cohortName', '') ?? '').trim();
		if (cohortId === '') throw fail('Cohort ID is empty: give the Kubit cohort ID, e.g. 12345');
		const target = readTarget(get, KUBIT, cohortId, cohortName);
		const mapping = readMapping(get);
		const problem = checkTarget(target) ?? checkMapping(mapping, target.mode);
		if (problem) throw fail(problem);

		const options = get('options', {}) as IDataObject;
		const batchSize = Math.max(1, Math.min(10000, Math.floor(Number(options.changesPerItem ?? 1000)) || 1000));
		const membersField = get('inputShape', 'items') === 'list' ? String(get('membersField', 'users') ?? '').trim() : '';
		if (get('inputShape', 'items') === 'list' && membersField === '') throw fail('Members Field is empty: name the field holding the array of members, e.g. users');
		const allowDevice = target.mode === 'cohortImport';
		const createdAt = String(options.cohortCreatedAt ?? '').trim() || new Date().toISOString();
		if (Number.isNaN(Date.parse(createdAt))) throw fail(`Cohort Created At "${createdAt}" is not a date: e.g. 2026-01-31T12:00:00Z`);

		const collect = (items: INodeExecutionData[], input: number): MemberList => {
			const collector = new MemberCollector(mapping, allowDevice, input);
			for (let i = 0; i < items.length; i++) {
				const error = collector.addItem(items[i].json, i, membersField);
				if (error) throw fail(`${input === 1 ? 'Previous members: ' : ''}${error}`, i);
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
			if (distinct > STATIC_DATA_MAX_MEMBERS) throw fail(tooManyForStaticData(distinct, 'cohort'));
			if (options.startOver === true) {
				previousList = storedList([]);
				warnings.push('Start Over is on: the stored members were ignored. Turn it off for the next run.');
			} else {
				const stored = readStoredMembers(staticData, cohortId, mapping);
				if (!stored.ok) throw fail(stored.error);
				previousList = storedList(stored.members);
			}
			if (this.getMode() === 'manual') {
				warnings.push(
					'Started from the editor: n8n does not save workflow static data after manual runs, so this membership is not remembered. Production runs (schedule, active workflow) remember it.',
				);
			}
		}

		const plan = planSnapshotSync(currentList, previousList, target, mapping, {
			batchSize,
			resendUnchanged: options.resendUnchanged === true,
		});

		// The partner API wants the cohort's name before its members (and again after a rename):
		// the planner sends this create-or-rename before the memberships of the cohort.
		const upsert = target.mode === 'cohortImport' && plan.batches.length > 0;
		if (upsert) {
			plan.batches[0].changes.unshift({ type: 'cohortUpsert', cohortId, name: cohortName || cohortId, createdAt });
		}

		const fallbackPair = current.length > 0 ? { item: 0 } : { item: 0, input: 1 };
		const output: INodeExecutionData[] = plan.batches.map((batch, index) => ({
			json: {
				cohortId,
				cohortName,
				batch: index + 1,
				entered: batch.entered,
				exited: batch.exited,
				brazeChanges: batch.changes as unknown as IDataObject[],
			},
			pairedItem: batch.pairedItem.length ? batch.pairedItem : fallbackPair,
		}));
		const { counts } = plan;
		output.push({
			json: {
				summary: {
					partner: 'kubit',
					cohortId,
					cohortName,
					runAt: new Date().toISOString(),
					writeMode: target.mode,
					...(target.mode === 'cohortImport' ? {} : { attribute: target.attributeName }),
					matchBy: mapping.matchBy,
					previousSource: source,
					...counts,
					changeItems: plan.batches.length,
					...(target.mode === 'cohortImport' ? { cohortNameSent: upsert } : {}),
					warnings,
				} as unknown as IDataObject,
				brazeChanges: [],
			},
			pairedItem: fallbackPair,
		});
		// Last, once nothing can fail any more: n8n saves static data even after a failed run.
		if (staticData) writeStoredMembers(staticData, cohortId, mapping, plan.currentKeys(), new Date());
		return [output];
	}
}
