import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import type { WriteTarget } from '../shared/membership/changes';
import type { IdentifierMapping } from '../shared/membership/members';
import {
	type ParameterGetter,
	type PartnerDefaults,
	arrayAttributeDescription,
	identifierProperties,
	readChangesPerItem,
	readWriteSetup,
	writeProperties,
} from '../shared/membership/properties';
import { STATIC_DATA_MAX_MEMBERS } from '../shared/membership/storage';

export const KUBIT: PartnerDefaults = {
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

export type PreviousSource = 'staticData' | 'secondInput' | 'none';

const MAIN = NodeConnectionTypes.Main;

/** Two inputs while the previous members come from the second one, as Merge-style nodes do. */
export const INPUTS: `={{${string}}}` = `={{ $parameter["previousSource"] === "secondInput" ? [{ "type": "${MAIN}", "displayName": "Current Members" }, { "type": "${MAIN}", "displayName": "Previous Members" }] : [{ "type": "${MAIN}" }] }}`;

export const properties: INodeProperties[] = [
	{
		displayName:
			'Kubit sends no webhooks: feed this node the cohort members from any source (a warehouse query, a CSV or JSON file, an HTTP call). It works out who entered and who left since the last run and emits Braze changes for the Braze node (Partner Change > Send to Braze), plus one summary item per run.',
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

export interface KubitSettings {
	cohortId: string;
	cohortName: string;
	target: WriteTarget;
	mapping: IdentifierMapping;
	previousSource: PreviousSource;
	/** Empty: one item per member; else the field holding each item's member list. */
	membersField: string;
	batchSize: number;
	resendUnchanged: boolean;
	startOver: boolean;
	/** When the cohort was created (ISO), for the partner Cohort Import API. */
	createdAt: string;
}

/** The node's parameters (of the first item), checked: the error names the parameter to fix. */
export function readKubitSettings(get: ParameterGetter, now: Date): KubitSettings {
	const cohortId = String(get('cohortId', '') ?? '').trim();
	const cohortName = String(get('cohortName', '') ?? '').trim();
	if (cohortId === '') throw new Error('Cohort ID is empty: give the Kubit cohort ID, e.g. 12345');
	const { target, mapping, problem } = readWriteSetup(get, KUBIT, cohortId, cohortName);
	if (problem) throw new Error(problem);

	const options = get('options', {}) as IDataObject;
	const list = get('inputShape', 'items') === 'list';
	const membersField = list ? String(get('membersField', 'users') ?? '').trim() : '';
	if (list && membersField === '') throw new Error('Members Field is empty: name the field holding the array of members, e.g. users');
	const createdAt = String(options.cohortCreatedAt ?? '').trim() || now.toISOString();
	if (Number.isNaN(Date.parse(createdAt))) throw new Error(`Cohort Created At "${createdAt}" is not a date: e.g. 2026-01-31T12:00:00Z`);
	return {
		cohortId,
		cohortName,
		target,
		mapping,
		previousSource: get('previousSource', 'staticData') as PreviousSource,
		membersField,
		batchSize: readChangesPerItem(options),
		resendUnchanged: options.resendUnchanged === true,
		startOver: options.startOver === true,
		createdAt,
	};
}
