import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { UserIdentifier } from '../../shared/braze/identifiers';

type Show = NonNullable<INodeProperties['displayOptions']>['show'];

/** "Identify User By" and its value fields, shown for the given resource/operation. */
export function userIdentifierFields(
	show: Show,
	allowed = ['external_id', 'braze_id', 'user_alias', 'email', 'phone'],
	/** When the value fields are not needed, e.g. Track's Map Automatically reads the value from the item. */
	hideValues?: NonNullable<INodeProperties['displayOptions']>['hide'],
): INodeProperties[] {
	const options = [
		{ name: 'External ID', value: 'external_id', description: 'Your own user ID' },
		{ name: 'Braze ID', value: 'braze_id', description: 'The ID Braze gave the user' },
		{ name: 'User Alias', value: 'user_alias', description: 'An alias name and label, e.g. an email under label "email"' },
		{ name: 'Email', value: 'email' },
		{ name: 'Phone', value: 'phone', description: 'In E.164 format, e.g. +14155550123' },
	].filter((option) => allowed.includes(option.value));
	const by = (value: string) => ({ show: { ...show, identifyBy: [value] }, ...(hideValues ? { hide: hideValues } : {}) });
	return [
		{
			displayName: 'Identify User By',
			name: 'identifyBy',
			type: 'options',
			options,
			default: 'external_id',
			displayOptions: { show },
		},
		{
			displayName: 'External ID',
			name: 'externalId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. user-123',
			displayOptions: by('external_id'),
		},
		{
			displayName: 'Braze ID',
			name: 'brazeId',
			type: 'string',
			default: '',
			required: true,
			displayOptions: by('braze_id'),
		},
		{
			displayName: 'Alias Name',
			name: 'aliasName',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. ann@example.com',
			displayOptions: by('user_alias'),
		},
		{
			displayName: 'Alias Label',
			name: 'aliasLabel',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. email',
			displayOptions: by('user_alias'),
		},
		{
			displayName: 'Email',
			name: 'email',
			type: 'string',
			placeholder: 'e.g. ann@example.com',
			default: '',
			required: true,
			displayOptions: by('email'),
		},
		{
			displayName: 'Phone',
			name: 'phone',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. +14155550123',
			displayOptions: by('phone'),
		},
	];
}

/** The identifier the user filled in; validation (exactly one, formats) happens in the change schema. */
export function readUserIdentifier(ctx: IExecuteFunctions, itemIndex: number): UserIdentifier {
	const by = ctx.getNodeParameter('identifyBy', itemIndex) as string;
	const text = (name: string) => String(ctx.getNodeParameter(name, itemIndex, '') ?? '').trim();
	switch (by) {
		case 'braze_id':
			return { braze_id: text('brazeId') };
		case 'user_alias':
			return { user_alias: { alias_name: text('aliasName'), alias_label: text('aliasLabel') } };
		case 'email':
			return { email: text('email') };
		case 'phone':
			return { phone: text('phone') };
		default:
			return { external_id: text('externalId') };
	}
}

/** Parses a JSON parameter that n8n may hand over as text or as an already parsed object. */
export function readJsonParameter(ctx: IExecuteFunctions, name: string, itemIndex: number, fallback: unknown): unknown {
	const raw = ctx.getNodeParameter(name, itemIndex, fallback) as unknown;
	if (typeof raw !== 'string') return raw ?? fallback;
	if (raw.trim() === '') return fallback;
	try {
		return JSON.parse(raw) as IDataObject;
	} catch {
		throw new NodeOperationError(ctx.getNode(), `${name} is not valid JSON: check quotes and commas`, { itemIndex });
	}
}

/** "<Label> By" and its value fields under a prefix, for operations that name two users (e.g. Merge). */
export function prefixedIdentifierFields(
	prefix: string,
	label: string,
	show: Show,
	allowed = ['external_id', 'user_alias', 'email', 'phone'],
): INodeProperties[] {
	const options = [
		{ name: 'External ID', value: 'external_id' },
		{ name: 'User Alias', value: 'user_alias' },
		{ name: 'Email', value: 'email' },
		{ name: 'Phone', value: 'phone' },
	].filter((option) => allowed.includes(option.value));
	const by = (value: string) => ({ show: { ...show, [`${prefix}By`]: [value] } });
	return [
		{ displayName: `${label} By`, name: `${prefix}By`, type: 'options', options, default: 'external_id', displayOptions: { show } },
		{
			displayName: `${label} External ID`,
			name: `${prefix}ExternalId`,
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. user-123',
			displayOptions: by('external_id'),
		},
		{
			displayName: `${label} Alias Name`,
			name: `${prefix}AliasName`,
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. ann@example.com',
			displayOptions: by('user_alias'),
		},
		{
			displayName: `${label} Alias Label`,
			name: `${prefix}AliasLabel`,
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. email',
			displayOptions: by('user_alias'),
		},
		{
			displayName: `${label} Email`,
			name: `${prefix}Email`,
			type: 'string',
			placeholder: 'e.g. ann@example.com',
			default: '',
			required: true,
			displayOptions: by('email'),
		},
		{
			displayName: `${label} Phone`,
			name: `${prefix}Phone`,
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. +14155550123',
			displayOptions: by('phone'),
		},
	];
}

export function readPrefixedIdentifier(ctx: IExecuteFunctions, prefix: string, itemIndex: number): UserIdentifier {
	const text = (name: string) => String(ctx.getNodeParameter(`${prefix}${name}`, itemIndex, '') ?? '').trim();
	switch (ctx.getNodeParameter(`${prefix}By`, itemIndex) as string) {
		case 'user_alias':
			return { user_alias: { alias_name: text('AliasName'), alias_label: text('AliasLabel') } };
		case 'email':
			return { email: text('Email') };
		case 'phone':
			return { phone: text('Phone') };
		default:
			return { external_id: text('ExternalId') };
	}
}

/** One or more values from a field: an array (from an expression) or comma-separated text. */
export function readList(value: unknown): string[] {
	const parts = Array.isArray(value) ? value : String(value ?? '').split(',');
	return parts.map((part) => String(part ?? '').trim()).filter((part) => part !== '');
}
