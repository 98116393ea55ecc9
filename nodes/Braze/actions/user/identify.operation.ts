import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

const displayOptions = { show: { resource: ['user'], operation: ['identify'] } };

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
	{
		displayName: 'Anonymous Profile By',
		name: 'identifyBy',
		type: 'options',
		options: [
			{ name: 'User Alias', value: 'user_alias' },
			{ name: 'Email', value: 'email' },
			{ name: 'Phone', value: 'phone' },
		],
		default: 'user_alias',
	},
	{
		displayName: 'Alias Name',
		name: 'aliasName',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show: { identifyBy: ['user_alias'] } },
	},
	{
		displayName: 'Alias Label',
		name: 'aliasLabel',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show: { identifyBy: ['user_alias'] } },
	},
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'e.g. ann@example.com',
		default: '',
		required: true,
		displayOptions: { show: { identifyBy: ['email'] } },
	},
	{
		displayName: 'Phone',
		name: 'phone',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. +14155550123',
		displayOptions: { show: { identifyBy: ['phone'] } },
	},
];

export const description = updateDisplayOptions(displayOptions, properties);

export function buildChanges(this: IExecuteFunctions, i: number): unknown[] {
	const externalId = String(this.getNodeParameter('identifyExternalId', i)).trim();
	const by = this.getNodeParameter('identifyBy', i) as string;
	const text = (name: string) => String(this.getNodeParameter(name, i, '')).trim();
	if (by === 'email') return [{ type: 'identify', externalId, email: text('email') }];
	if (by === 'phone') return [{ type: 'identify', externalId, phone: text('phone') }];
	return [{ type: 'identify', externalId, alias: { alias_name: text('aliasName'), alias_label: text('aliasLabel') } }];
}
