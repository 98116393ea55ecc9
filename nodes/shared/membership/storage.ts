import type { IDataObject } from 'n8n-workflow';

import type { IdentifierMapping, MatchBy } from './members';

/**
 * Previous membership kept in workflow static data: for small cohorts only. n8n saves static data
 * whole, as one JSON value, after every production run (never after a manual run in the editor),
 * and the last execution to finish wins; so we cap it and say what to use beyond.
 */
export const STATIC_DATA_MAX_MEMBERS = 10_000;

interface StoredCohort {
	/** Keys mean something only with the identifier that made them (see members.ts). */
	members: string[];
	matchBy: MatchBy;
	aliasLabel?: string;
	savedAt: string;
}

/** "external_id", or "user alias (label email)": what the stored keys are. */
function identifierLabel(matchBy: MatchBy, aliasLabel?: string): string {
	return matchBy === 'userAlias' ? `user alias (label ${aliasLabel ?? '?'})` : matchBy;
}

type CohortStore = Record<string, StoredCohort>;

function storeOf(staticData: IDataObject): CohortStore {
	const cohorts = staticData.cohorts;
	return cohorts && typeof cohorts === 'object' && !Array.isArray(cohorts) ? (cohorts as unknown as CohortStore) : {};
}

export function tooManyForStaticData(count: number, noun: string): string {
	return (
		`The ${noun} has ${count.toLocaleString('en-US')} members: Workflow Static Data keeps at most ` +
		`${STATIC_DATA_MAX_MEMBERS.toLocaleString('en-US')} (n8n saves it whole after every run). ` +
		'Set Previous Members Source to "Second Input" and feed the last snapshot (e.g. a warehouse table) into the second input'
	);
}

/** The members stored for a cohort, or why they cannot be used. */
export function readStoredMembers(
	staticData: IDataObject,
	cohortId: string,
	mapping: IdentifierMapping,
): { ok: true; members: string[]; savedAt?: string } | { ok: false; error: string } {
	const stored = storeOf(staticData)[cohortId];
	if (!stored || !Array.isArray(stored.members)) return { ok: true, members: [] };
	const then = identifierLabel(stored.matchBy, stored.aliasLabel);
	const now = identifierLabel(mapping.matchBy, mapping.aliasLabel);
	if (then !== now) {
		return {
			ok: false,
			error:
				`The stored members of cohort "${cohortId}" were matched by ${then}, and Match Users By is now ${now}: ` +
				'exits cannot be worked out across identifiers. Turn on the option "Start Over" for one run (everyone counts as entering), then turn it off',
		};
	}
	return { ok: true, members: stored.members.filter((m) => typeof m === 'string'), savedAt: stored.savedAt };
}

/** Replaces the stored members of a cohort (top-level reassignment, so n8n notices the change). */
export function writeStoredMembers(
	staticData: IDataObject,
	cohortId: string,
	mapping: IdentifierMapping,
	members: string[],
	now: Date,
): void {
	const entry: StoredCohort = {
		members,
		matchBy: mapping.matchBy,
		...(mapping.matchBy === 'userAlias' ? { aliasLabel: mapping.aliasLabel } : {}),
		savedAt: now.toISOString(),
	};
	const cohorts: CohortStore = { ...storeOf(staticData), [cohortId]: entry };
	staticData.cohorts = cohorts as unknown as IDataObject;
}
