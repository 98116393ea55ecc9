import type { IDataObject } from 'n8n-workflow';

import type { BrazeChange } from '../braze/changes';
import { MAX_STRING_LENGTH } from '../braze/dataRules';
import { IDENTIFIER_ATTRIBUTE_NAMES, STANDARD_ATTRIBUTE_NAMES, slugify } from '../values';
import { type IdentifierMapping, type MemberIdentity, identityOf } from './members';

/**
 * How membership lands in Braze:
 * - arrayAttribute: one array custom attribute per partner (e.g. kubit_cohorts) that gains the
 *   cohort name on entry and loses it on exit (Braze's add/remove array operations);
 * - booleanAttribute: one attribute per cohort (e.g. kubit_cohort_power_users), true or false;
 * - cohortImport: Braze's partner Cohort Import API (cohortMembership changes), for whoever holds
 *   a partner key. It never creates users.
 */
export type WriteMode = 'arrayAttribute' | 'booleanAttribute' | 'cohortImport';

export interface WriteTarget {
	mode: WriteMode;
	cohortId: string;
	cohortName: string;
	/** The attribute written in the attribute modes. */
	attributeName: string;
	/** Braze's _update_existing_only: true never creates a user, as the Cohort Import API. */
	updateExistingOnly: boolean;
}

/** The attribute a mode writes: the one given, or for booleans `<prefix><slug of the name>`. */
export function attributeNameFor(mode: WriteMode, given: string, booleanPrefix: string, cohortName: string): string {
	const name = given.trim();
	if (name !== '' || mode !== 'booleanAttribute') return name;
	const slug = slugify(cohortName);
	return slug ? `${booleanPrefix}${slug}` : '';
}

/** Why a write target cannot work, naming the parameter to fix; undefined when it can. */
export function checkTarget(target: WriteTarget): string | undefined {
	if (target.cohortId.trim() === '' && target.mode === 'cohortImport') {
		return 'Cohort ID is empty: give the id the partner Cohort Import API should use, e.g. 12345';
	}
	if (target.mode === 'cohortImport') return undefined;
	if (target.cohortName.trim() === '') return 'Cohort Name is empty: it is the value written to Braze, e.g. Power Users';
	if (target.mode === 'arrayAttribute' && target.cohortName.length > MAX_STRING_LENGTH) {
		return `Cohort Name is longer than Braze's ${MAX_STRING_LENGTH} characters`;
	}
	const attribute = target.attributeName;
	if (attribute === '') return 'Attribute Name is empty: e.g. kubit_cohorts';
	if (attribute.length > MAX_STRING_LENGTH) return `Attribute Name is longer than Braze's ${MAX_STRING_LENGTH} characters`;
	if (attribute.startsWith('_') || attribute.startsWith('$')) {
		return `Attribute Name "${attribute}" starts with "${attribute[0]}": Braze reserves those, pick e.g. kubit_cohorts`;
	}
	if (IDENTIFIER_ATTRIBUTE_NAMES.includes(attribute) || STANDARD_ATTRIBUTE_NAMES.includes(attribute)) {
		return `Attribute Name "${attribute}" is a Braze identifier or standard attribute: pick a custom name, e.g. kubit_cohorts`;
	}
	return undefined;
}

type MemberObject = Extract<BrazeChange, { type: 'cohortMembership' }>['member'];
type UserObject = Extract<BrazeChange, { type: 'attributes' }>['user'];

/** The identity as the object Braze takes (e.g. `{ external_id }`), when it is one of `kinds`. */
function identityObject(identity: MemberIdentity, kinds: ReadonlyArray<MemberIdentity['kind']>): Record<string, unknown> | undefined {
	if (!kinds.includes(identity.kind)) return undefined;
	if (identity.kind === 'user_alias') return { user_alias: { alias_name: identity.alias_name, alias_label: identity.alias_label } };
	return { [identity.kind]: identity.value };
}

/**
 * Builds the changes of one target. The attribute objects are shared by every change of the same
 * action (they are never mutated), so a million changes do not make a million copies of them.
 */
export function changeBuilder(
	target: WriteTarget,
	mapping: IdentifierMapping,
): (key: string, action: 'add' | 'remove') => BrazeChange {
	if (target.mode === 'cohortImport') {
		return (key, action) => {
			const member = identityObject(identityOf(key, mapping), ['external_id', 'device_id', 'user_alias']) as MemberObject | undefined;
			if (!member) throw new Error('The partner Cohort Import API takes external_id, device_id or user alias members, not braze_id');
			return { type: 'cohortMembership', cohortId: target.cohortId, member, action };
		};
	}
	const attribute = target.attributeName;
	const values: Record<'add' | 'remove', IDataObject> =
		target.mode === 'arrayAttribute'
			? { add: { [attribute]: { add: [target.cohortName] } }, remove: { [attribute]: { remove: [target.cohortName] } } }
			: { add: { [attribute]: true }, remove: { [attribute]: false } };
	return (key, action) => {
		const user = identityObject(identityOf(key, mapping), ['external_id', 'braze_id', 'user_alias']) as UserObject | undefined;
		if (!user) throw new Error('/users/track cannot find a user by device_id: use the partner Cohort Import write mode');
		return {
			type: 'attributes',
			user,
			attributes: values[action],
			updateExistingOnly: target.updateExistingOnly,
		};
	};
}
