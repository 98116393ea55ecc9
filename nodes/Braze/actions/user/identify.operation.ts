import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { readUserIdentifier, userIdentifierFields } from '../helpers';

const displayOptions = { show: { resource: ['user'], operation: ['identify'] } };

/** The anonymous profile is found by one of these. */
const ANONYMOUS_KINDS = ['user_alias', 'email', 'phone'];

const [identifyBy, ...valueFields] = userIdentifierFields(ANONYMOUS_KINDS);

const properties: INodeProperties[] = [
	{
		displayName: 'External ID',
		name: 'identifyExternalId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. user-123',
		description: 'The identified user the anonymous profile is merged into',
	},
	{ ...identifyBy, displayName: 'Anonymous Profile By', default: 'user_alias' },
	...valueFields,
	{
		displayName: 'Options',
		name: 'identifyOptions',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Merge Behavior',
				name: 'mergeBehavior',
				type: 'options',
				options: [
					{ name: 'Merge', value: 'merge', description: 'Move the anonymous profile\'s data into the identified user' },
					{ name: 'None', value: 'none', description: 'Only link the identity; keep the data where it is' },
				],
				default: 'merge',
				description: 'Braze\'s merge_behavior for the whole request; not sent unless set',
			},
		],
	},
];

export const description = updateDisplayOptions(displayOptions, properties);

export function buildChanges(this: IExecuteFunctions, i: number): unknown[] {
	const externalId = String(this.getNodeParameter('identifyExternalId', i)).trim();
	const { mergeBehavior } = this.getNodeParameter('identifyOptions', i, {}) as { mergeBehavior?: string };
	const anonymous = readUserIdentifier(this, i, ANONYMOUS_KINDS);
	const merge = mergeBehavior ? { mergeBehavior } : {};
	if (anonymous.email !== undefined) return [{ type: 'identify', externalId, email: anonymous.email, ...merge }];
	if (anonymous.phone !== undefined) return [{ type: 'identify', externalId, phone: anonymous.phone, ...merge }];
	return [{ type: 'identify', externalId, alias: anonymous.user_alias, ...merge }];
}
