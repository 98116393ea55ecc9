import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { Presenter } from '../executeChanges';
import { readJsonParameter } from '../helpers';

const displayOptions = { show: { resource: ['change'], operation: ['apply'] } };

/** Changes sent with the partner Cohort Import credential instead of the REST API key. */
const COHORT_TYPES = ['cohortMembership', 'cohortUpsert'];

const properties: INodeProperties[] = [
	{
		displayName: 'Changes Source',
		name: 'changesSource',
		type: 'options',
		options: [
			{ name: 'Field of Input Item', value: 'field', description: 'Read the changes a partner node or Code node put on each item' },
			{ name: 'JSON', value: 'json', description: 'Give the changes as a JSON array (expressions allowed)' },
		],
		default: 'field',
	},
	{
		displayName: 'Changes Field',
		name: 'changesField',
		type: 'string',
		default: 'brazeChanges',
		description: 'The item field holding an array of Braze changes, e.g. as emitted by the Komo Trigger',
		displayOptions: { show: { changesSource: ['field'] } },
	},
	{
		displayName: 'Changes (JSON)',
		name: 'changesJson',
		type: 'json',
		default: '[]',
		description: 'E.g. [{"type": "attributes", "user": {"external_id": "u1"}, "attributes": {"plan": "pro"}}].',
		displayOptions: { show: { changesSource: ['json'] } },
	},
	{
		displayName: 'Use Cohort Import Credential',
		name: 'useCohortImport',
		type: 'boolean',
		default: false,
		description:
			'Whether the changes include partner cohort membership (cohortMembership, cohortUpsert), sent with a Braze Cohort Import API credential. Braze issues its partner key only to registered partners.',
	},
	{
		displayName: 'Output',
		name: 'applyOutput',
		type: 'options',
		options: [
			{ name: 'Input Item With Results', value: 'merge', description: 'Keep the item and add a "braze" field with the results' },
			{ name: 'Results Only', value: 'results' },
		],
		default: 'merge',
	},
];

export const description = updateDisplayOptions(displayOptions, properties);

export function buildChanges(this: IExecuteFunctions, i: number, item: INodeExecutionData): unknown[] {
	let changes: unknown;
	if (this.getNodeParameter('changesSource', i) === 'json') {
		changes = readJsonParameter(this, 'changesJson', i, []);
	} else {
		const field = String(this.getNodeParameter('changesField', i, 'brazeChanges'));
		changes = field.split('.').reduce<unknown>((value, key) => (value as IDataObject | undefined)?.[key], item.json);
		if (changes === undefined) throw new Error(`Field "${field}" is missing on the input item: point Changes Field at the array of Braze changes`);
	}
	if (!Array.isArray(changes)) throw new Error('The changes must be an array of Braze change objects');
	const cohortChange = changes.find((change) => COHORT_TYPES.includes((change as IDataObject | null)?.type as string));
	if (cohortChange && !this.getNodeParameter('useCohortImport', i, false)) {
		throw new Error(
			`This item holds a ${String((cohortChange as IDataObject).type)} change: turn on Use Cohort Import Credential and select a Braze Cohort Import API credential`,
		);
	}
	return changes;
}

export function presenter(ctx: IExecuteFunctions): Presenter {
	return (i, { changes, outcomes }, item) => {
		const results = outcomes.map((outcome, index) => ({
			type: changes[index].type,
			endpoint: outcome.endpoint,
			ok: outcome.ok,
			...(outcome.data ? { data: outcome.data } : {}),
			...(outcome.warnings ? { warnings: outcome.warnings } : {}),
			...(outcome.possibleDuplicate ? { possibleDuplicate: true } : {}),
		}));
		const braze = { success: true, applied: changes.length, results };
		if (ctx.getNodeParameter('applyOutput', i, 'merge') === 'results') return braze;
		return { ...item.json, braze };
	};
}
