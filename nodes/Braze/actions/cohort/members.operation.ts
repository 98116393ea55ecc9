import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ChangeOf } from '../../../shared/braze/changes';
import type { Presenter } from '../executeChanges';
import { cohortIdField, readList } from '../helpers';

const displayOptions = { show: { resource: ['cohort'], operation: ['updateMembers'] } };
const by = (value: string) => ({ show: { memberBy: [value] } });

const properties: INodeProperties[] = [
	cohortIdField,
	{
		displayName: 'Action',
		name: 'memberAction',
		type: 'options',
		options: [
			{ name: 'Add to Cohort', value: 'add' },
			{ name: 'Remove From Cohort', value: 'remove' },
		],
		default: 'add',
	},
	{
		displayName: 'Identify Members By',
		name: 'memberBy',
		type: 'options',
		options: [
			{ name: 'External ID', value: 'external_id' },
			{ name: 'Device ID', value: 'device_id', description: 'Anonymous users only: Braze ignores the device IDs of identified users' },
			{ name: 'User Alias', value: 'user_alias' },
		],
		default: 'external_id',
	},
	{
		displayName: 'External IDs',
		name: 'memberExternalIds',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. user-1, user-2',
		description: 'One or more, comma-separated, or an array from an expression',
		displayOptions: by('external_id'),
	},
	{
		displayName: 'Device IDs',
		name: 'memberDeviceIds',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 2f6c1f4e-device',
		description: 'One or more, comma-separated, or an array from an expression',
		displayOptions: by('device_id'),
	},
	{
		displayName: 'Alias Label',
		name: 'memberAliasLabel',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. kubit_id',
		displayOptions: by('user_alias'),
	},
	{
		displayName: 'Alias Names',
		name: 'memberAliasNames',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. k-1001, k-1002',
		description: 'One or more, comma-separated, or an array from an expression',
		displayOptions: by('user_alias'),
	},
];

export const description = updateDisplayOptions(displayOptions, properties);

export function buildChanges(this: IExecuteFunctions, i: number): unknown[] {
	const cohortId = String(this.getNodeParameter('cohortId', i, '')).trim();
	const action = this.getNodeParameter('memberAction', i) as string;
	const memberBy = this.getNodeParameter('memberBy', i) as string;
	let members: unknown[];
	if (memberBy === 'user_alias') {
		const label = String(this.getNodeParameter('memberAliasLabel', i, '')).trim();
		members = readList(this.getNodeParameter('memberAliasNames', i, '')).map((name) => ({ user_alias: { alias_name: name, alias_label: label } }));
	} else if (memberBy === 'device_id') {
		members = readList(this.getNodeParameter('memberDeviceIds', i, '')).map((id) => ({ device_id: id }));
	} else {
		members = readList(this.getNodeParameter('memberExternalIds', i, '')).map((id) => ({ external_id: id }));
	}
	if (!members.length) throw new Error('No members given: fill in at least one ID or alias name');
	const unique = [...new Map(members.map((m) => [JSON.stringify(m), m])).values()];
	return unique.map((member) => ({ type: 'cohortMembership', cohortId, member, action }));
}

export const present: Presenter = (_i, { changes }) => {
	const first = changes[0] as ChangeOf<'cohortMembership'>;
	return { success: true, cohort_id: first.cohortId, action: first.action, members: changes.length };
};
