import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ChangeOf } from '../../../shared/braze/changes';
import type { Presenter } from '../executeChanges';
import { prefixedIdentifierFields, readPrefixedIdentifier } from '../helpers';

const displayOptions = { show: { resource: ['user'], operation: ['merge'] } };

const properties: INodeProperties[] = [
	{
		displayName: 'Braze moves the first user\'s data into the second and then deletes the first. Merges run asynchronously.',
		name: 'mergeNotice',
		type: 'notice',
		default: '',
	},
	...prefixedIdentifierFields('merge', 'User to Merge'),
	...prefixedIdentifierFields('keep', 'User to Keep'),
	{
		displayName: 'Options',
		name: 'mergeOptions',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Match Email or Phone To',
				name: 'prioritization',
				type: 'options',
				options: [
					{ name: 'Least Recently Updated User', value: 'least_recently_updated' },
					{ name: 'Most Recently Updated Anonymous User', value: 'unidentified,most_recently_updated' },
					{ name: 'Most Recently Updated Identified User', value: 'identified,most_recently_updated' },
					{ name: 'Most Recently Updated User', value: 'most_recently_updated' },
				],
				default: 'identified,most_recently_updated',
				description: 'Which profile Braze picks when several share the email or phone',
			},
		],
	},
];

export const description = updateDisplayOptions(displayOptions, properties);

export function buildChanges(this: IExecuteFunctions, i: number): unknown[] {
	const { prioritization } = this.getNodeParameter('mergeOptions', i, {}) as { prioritization?: string };
	return [
		{
			type: 'merge',
			toMerge: readPrefixedIdentifier(this, 'merge', i),
			toKeep: readPrefixedIdentifier(this, 'keep', i),
			...(prioritization ? { prioritization: prioritization.split(',') } : {}),
		},
	];
}

export const present: Presenter = (_i, { changes }) => {
	const change = changes[0] as ChangeOf<'merge'>;
	return { success: true, merged: change.toMerge, kept: change.toKeep };
};
