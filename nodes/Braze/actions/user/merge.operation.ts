import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ChangeOf } from '../../../shared/braze/changes';
import type { Presenter } from '../executeChanges';
import { prefixedIdentifierFields, readPrefixedIdentifier } from '../helpers';

const displayOptions = { show: { resource: ['user'], operation: ['merge'] } };

/**
 * Which profile Braze picks when several share the email or phone, one choice per side: Braze's
 * merge page merges the unidentified profile into the identified one with the same email, which
 * one list for both sides cannot express (it would pick the same profile twice and merge nothing).
 */
function prioritizationField(prefix: 'merge' | 'keep', label: string, chosen: string): INodeProperties {
	return {
		displayName: `${label} Prioritization`,
		name: `${prefix}Prioritization`,
		type: 'options',
		options: [
			{ name: 'Least Recently Updated User', value: 'least_recently_updated' },
			{ name: 'Most Recently Updated Anonymous User', value: 'unidentified,most_recently_updated' },
			{ name: 'Most Recently Updated Identified User', value: 'identified,most_recently_updated' },
			{ name: 'Most Recently Updated User', value: 'most_recently_updated' },
		],
		default: chosen,
		description: `Which profile is the ${label.toLowerCase()} when several share the email or phone (Braze's prioritization)`,
		displayOptions: { show: { [`${prefix}By`]: ['email', 'phone'] } },
	};
}

const properties: INodeProperties[] = [
	{
		displayName: 'Braze moves the first user\'s data into the second and then deletes the first. Merges run asynchronously.',
		name: 'mergeNotice',
		type: 'notice',
		default: '',
	},
	...prefixedIdentifierFields('merge', 'User to Merge'),
	prioritizationField('merge', 'User to Merge', 'unidentified,most_recently_updated'),
	...prefixedIdentifierFields('keep', 'User to Keep'),
	prioritizationField('keep', 'User to Keep', 'identified,most_recently_updated'),
];

export const description = updateDisplayOptions(displayOptions, properties);

/** A side's prioritization, sent only for an email or phone (Braze ignores it for other identifiers). */
function prioritizationOf(ctx: IExecuteFunctions, prefix: 'merge' | 'keep', user: object, i: number, fallback: string): string[] | undefined {
	if (!('email' in user) && !('phone' in user)) return undefined;
	return String(ctx.getNodeParameter(`${prefix}Prioritization`, i, fallback)).split(',');
}

export function buildChanges(this: IExecuteFunctions, i: number): unknown[] {
	const toMerge = readPrefixedIdentifier(this, 'merge', i, 'User to Merge');
	const toKeep = readPrefixedIdentifier(this, 'keep', i, 'User to Keep');
	const toMergePrioritization = prioritizationOf(this, 'merge', toMerge, i, 'unidentified,most_recently_updated');
	const toKeepPrioritization = prioritizationOf(this, 'keep', toKeep, i, 'identified,most_recently_updated');
	return [
		{
			type: 'merge',
			toMerge,
			toKeep,
			...(toMergePrioritization ? { toMergePrioritization } : {}),
			...(toKeepPrioritization ? { toKeepPrioritization } : {}),
		},
	];
}

export const present: Presenter = (_i, { changes }) => {
	const change = changes[0] as ChangeOf<'merge'>;
	return { success: true, merged: change.toMerge, kept: change.toKeep };
};
