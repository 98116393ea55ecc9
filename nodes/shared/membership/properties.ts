import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { type WriteMode, type WriteTarget, attributeNameFor, checkTarget } from './changes';
import type { IdentifierMapping, MatchBy } from './members';

/** What differs between the partners sharing the membership engine. */
export interface PartnerDefaults {
	/** Default array attribute, e.g. kubit_cohorts. */
	arrayAttribute: string;
	/** Prefix of the per-cohort boolean attribute, e.g. kubit_cohort_. */
	booleanPrefix: string;
	/** "cohort" or "audience", for texts. */
	noun: string;
	/** Whether the partner Cohort Import API (and so device ids) is offered. */
	cohortImport: boolean;
	/** Where the attribute modes are explained to the user (node-specific honesty). */
	attributeNotice: string;
	/** The "Attribute Name" of the array mode, declared by the node with its literal default. */
	arrayAttributeProperty: INodeProperties;
}

/** Description of the array attribute field, shared by the nodes' own declarations. */
export function arrayAttributeDescription(noun: string): string {
	return `The array custom attribute that gets the ${noun} name added on entry and removed on exit. Braze keeps at most 25 values in an array attribute unless you raise the limit in Braze.`;
}

export function writeProperties(d: PartnerDefaults): INodeProperties[] {
	const modes = [
		{
			name: `Array Attribute (Add or Remove the ${capitalize(d.noun)} Name)`,
			value: 'arrayAttribute',
			description: `One array attribute, e.g. ${d.arrayAttribute}, lists every ${d.noun} the user is in; segment with "includes value"`,
		},
		{
			name: `Boolean Attribute per ${capitalize(d.noun)}`,
			value: 'booleanAttribute',
			description: `One attribute per ${d.noun}, e.g. ${d.booleanPrefix}power_users, true while the user is in it and false after`,
		},
	];
	if (d.cohortImport) {
		modes.push({
			name: 'Partner Cohort Import (Partner Key Needed)',
			value: 'cohortImport',
			description: "Braze's partner Cohort Import API; Braze gives its partner key only to registered technology partners",
		});
	}
	return [
		{
			displayName: 'Write Mode',
			name: 'writeMode',
			type: 'options',
			noDataExpression: true,
			options: modes,
			default: 'arrayAttribute',
			description: `How ${d.noun} membership is written to Braze`,
		},
		{
			displayName: d.attributeNotice,
			name: 'attributeNotice',
			type: 'notice',
			default: '',
			displayOptions: { show: { writeMode: ['arrayAttribute', 'booleanAttribute'] } },
		},
		...(d.cohortImport
			? ([
					{
						displayName:
							'Braze gives the partner name and partner API key only to registered technology partners (Kubit holds its own; customers normally do not). With one, the Braze node sends these changes with a "Braze Cohort Import API" credential and the cohort appears under the partner\'s cohort filter. Cohort Import never creates users and matches anonymous users by device_id.',
						name: 'cohortImportNotice',
						type: 'notice',
						default: '',
						displayOptions: { show: { writeMode: ['cohortImport'] } },
					},
				] as INodeProperties[])
			: []),
		{ ...d.arrayAttributeProperty, displayOptions: { show: { writeMode: ['arrayAttribute'] } } },
		{
			displayName: 'Attribute Name',
			name: 'booleanAttributeName',
			type: 'string',
			default: '',
			placeholder: `e.g. ${d.booleanPrefix}power_users`,
			description: `The boolean custom attribute for this ${d.noun}. Empty: ${d.booleanPrefix} followed by the ${d.noun} name in lower case, e.g. ${d.booleanPrefix}power_users.`,
			displayOptions: { show: { writeMode: ['booleanAttribute'] } },
		},
		{
			displayName: 'Update Existing Users Only',
			name: 'updateExistingOnly',
			type: 'boolean',
			default: true,
			description: `Whether to leave users Braze does not know yet alone (as Braze's own ${d.noun} imports do) instead of creating them`,
			displayOptions: { show: { writeMode: ['arrayAttribute', 'booleanAttribute'] } },
		},
	];
}

function matchByOptions(d: PartnerDefaults) {
	const options = [
		{ name: 'External ID', value: 'externalId' },
		{ name: 'User Alias', value: 'userAlias', description: 'An alias with one label for every member, e.g. email' },
		{ name: 'Braze ID', value: 'brazeId' },
	];
	if (d.cohortImport) {
		options.push(
			{
				name: 'External ID, Else Device ID (Partner Cohort Import)',
				value: 'externalIdElseDeviceId',
				description:
					'Identified members by external_id, anonymous ones by device_id; without the partner Cohort Import, device-only members are skipped',
			},
			{
				name: 'Device ID (Partner Cohort Import Only)',
				value: 'deviceId',
				description: 'Anonymous users only; members that also have an external_id are skipped',
			},
		);
	}
	return options;
}

/**
 * Where each member's identifier is. `where` says what the paths are relative to, e.g. "each
 * member" (a Kubit row) or "each element of the member array" (a GrowthLoop call).
 */
export function identifierProperties(d: PartnerDefaults, where: string): INodeProperties[] {
	const showIf = (...matchBy: MatchBy[]) => ({ show: { matchBy } });
	return [
		{
			displayName: 'Match Users By',
			name: 'matchBy',
			type: 'options',
			noDataExpression: true,
			options: matchByOptions(d),
			default: 'externalId',
			description: 'Which Braze identifier finds each member',
		},
		...(d.cohortImport
			? ([
					{
						displayName:
							'Braze matches anonymous users by device_id only through the partner Cohort Import API, and never matches identified users by device_id, even those who started anonymous: match them by external_id or alias. Such members are skipped and counted in the summary.',
						name: 'deviceNotice',
						type: 'notice',
						default: '',
						displayOptions: showIf('deviceId', 'externalIdElseDeviceId'),
					},
				] as INodeProperties[])
			: []),
		{
			displayName: 'External ID Field',
			name: 'externalIdField',
			type: 'string',
			default: 'external_id',
			placeholder: 'e.g. user_id',
			description: `Field of ${where} holding the external_id (dot notation for nested fields). A member given as plain text is the identifier itself.`,
			displayOptions: showIf('externalId', 'externalIdElseDeviceId', 'deviceId'),
		},
		{
			displayName: 'Alias Name Field',
			name: 'aliasNameField',
			type: 'string',
			default: 'email',
			placeholder: 'e.g. email',
			description: `Field of ${where} holding the alias name`,
			displayOptions: showIf('userAlias'),
		},
		{
			displayName: 'Alias Label',
			name: 'aliasLabel',
			type: 'string',
			default: 'email',
			placeholder: 'e.g. email',
			description: 'The alias label every member shares',
			displayOptions: showIf('userAlias'),
		},
		{
			displayName: 'Braze ID Field',
			name: 'brazeIdField',
			type: 'string',
			default: 'braze_id',
			placeholder: 'e.g. braze_id',
			description: `Field of ${where} holding the braze_id`,
			displayOptions: showIf('brazeId'),
		},
		...(d.cohortImport
			? ([
					{
						displayName: 'Device ID Field',
						name: 'deviceIdField',
						type: 'string',
						default: 'device_id',
						placeholder: 'e.g. device_id',
						description: `Field of ${where} holding the device_id of anonymous users`,
						displayOptions: showIf('deviceId', 'externalIdElseDeviceId'),
					},
				] as INodeProperties[])
			: []),
	];
}

export type ParameterGetter = (name: string, fallback: unknown) => unknown;

export function readMapping(get: ParameterGetter): IdentifierMapping {
	const text = (name: string, fallback: string) => String(get(name, fallback) ?? fallback).trim();
	return {
		matchBy: get('matchBy', 'externalId') as MatchBy,
		externalIdField: text('externalIdField', 'external_id'),
		aliasNameField: text('aliasNameField', 'email'),
		aliasLabel: text('aliasLabel', 'email'),
		brazeIdField: text('brazeIdField', 'braze_id'),
		deviceIdField: text('deviceIdField', 'device_id'),
	};
}

const WRITE_MODES: WriteMode[] = ['arrayAttribute', 'booleanAttribute', 'cohortImport'];

export function readTarget(get: ParameterGetter, d: PartnerDefaults, cohortId: string, cohortName: string): WriteTarget {
	const mode = get('writeMode', 'arrayAttribute') as WriteMode;
	if (!WRITE_MODES.includes(mode)) {
		throw new Error(`Write Mode must be one of ${WRITE_MODES.join(', ')} (got ${JSON.stringify(mode)})`);
	}
	const given = mode === 'arrayAttribute' ? String(get('attributeName', d.arrayAttribute) ?? '') : String(get('booleanAttributeName', '') ?? '');
	return {
		mode,
		cohortId,
		cohortName,
		attributeName: attributeNameFor(mode, given, d.booleanPrefix, cohortName),
		updateExistingOnly: mode === 'cohortImport' ? true : get('updateExistingOnly', true) !== false,
	};
}

/** Why a mapping cannot work with a mode, naming the parameter; undefined when it can. */
export function checkMapping(mapping: IdentifierMapping, mode: WriteMode): string | undefined {
	if (mode === 'cohortImport' && mapping.matchBy === 'brazeId') {
		return 'Match Users By "Braze ID" does not work with the partner Cohort Import API: it takes external_id, user alias or device_id';
	}
	if (mode !== 'cohortImport' && mapping.matchBy === 'deviceId') {
		return 'Match Users By "Device ID" needs Write Mode "Partner Cohort Import": /users/track cannot find a user by device_id';
	}
	const fieldOf: Record<MatchBy, Array<keyof IdentifierMapping>> = {
		externalId: ['externalIdField'],
		userAlias: ['aliasNameField', 'aliasLabel'],
		brazeId: ['brazeIdField'],
		deviceId: ['deviceIdField'],
		externalIdElseDeviceId: ['externalIdField', 'deviceIdField'],
	};
	if (!(mapping.matchBy in fieldOf)) return `Match Users By "${String(mapping.matchBy)}" is not an option`;
	for (const field of fieldOf[mapping.matchBy]) {
		if (mapping[field] === '') return `${LABELS[field]} is empty: name the field, e.g. ${DEFAULT_FIELD[field]}`;
	}
	return undefined;
}

const LABELS: Partial<Record<keyof IdentifierMapping, string>> = {
	externalIdField: 'External ID Field',
	aliasNameField: 'Alias Name Field',
	aliasLabel: 'Alias Label',
	brazeIdField: 'Braze ID Field',
	deviceIdField: 'Device ID Field',
};

const DEFAULT_FIELD: Partial<Record<keyof IdentifierMapping, string>> = {
	externalIdField: 'external_id',
	aliasNameField: 'email',
	aliasLabel: 'email',
	brazeIdField: 'braze_id',
	deviceIdField: 'device_id',
};

function capitalize(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Where and how members are written, read from the parameters, with why it cannot work (if so). */
export function readWriteSetup(
	get: ParameterGetter,
	d: PartnerDefaults,
	cohortId: string,
	cohortName: string,
): { target: WriteTarget; mapping: IdentifierMapping; problem?: string } {
	const target = readTarget(get, d, cohortId, cohortName);
	const mapping = readMapping(get);
	const problem = checkTarget(target) ?? checkMapping(mapping, target.mode);
	return { target, mapping, ...(problem ? { problem } : {}) };
}

/** The "Changes per Item" option: a whole number from 1 to 10,000; 1,000 when unset or not a number. */
export function readChangesPerItem(options: IDataObject): number {
	return Math.max(1, Math.min(10000, Math.floor(Number(options.changesPerItem ?? 1000)) || 1000));
}
