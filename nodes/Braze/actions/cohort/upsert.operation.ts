import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ChangeOf } from '../../../shared/braze/changes';
import type { Presenter } from '../executeChanges';
import { cohortIdField } from '../helpers';

const displayOptions = { show: { resource: ['cohort'], operation: ['createOrRename'] } };

const properties: INodeProperties[] = [
	cohortIdField,
	{
		displayName: 'Cohort Name',
		name: 'cohortName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. Weekly active buyers',
		description: 'The name Braze shows in segment filters; sending a new name renames the cohort',
	},
	{
		displayName: 'Options',
		name: 'cohortOptions',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Created At',
				name: 'createdAt',
				type: 'dateTime',
				default: '',
				description: 'When the cohort was created in your system; empty means now',
			},
		],
	},
];

export const description = updateDisplayOptions(displayOptions, properties);

export function buildChanges(this: IExecuteFunctions, i: number): unknown[] {
	const { createdAt } = this.getNodeParameter('cohortOptions', i, {}) as { createdAt?: string };
	const given = String(createdAt ?? '').trim();
	const time = given ? Date.parse(given) : Date.now();
	if (Number.isNaN(time)) throw new Error(`Created At must be a date and time, e.g. 2026-01-31T12:00:00Z, got "${given}"`);
	return [
		{
			type: 'cohortUpsert',
			cohortId: String(this.getNodeParameter('cohortId', i, '')).trim(),
			name: String(this.getNodeParameter('cohortName', i, '')).trim(),
			createdAt: new Date(time).toISOString(),
		},
	];
}

export const present: Presenter = (_i, { changes }) => {
	const change = changes[0] as ChangeOf<'cohortUpsert'>;
	return { success: true, cohort_id: change.cohortId, name: change.name, created_at: change.createdAt };
};
