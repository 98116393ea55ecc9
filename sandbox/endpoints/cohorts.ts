import type { Handler } from '../http/context';
import { badRequest, fail, success } from '../http/reply';
import type { PartnerOptions } from '../options';
import type { CohortChange } from '../state/cohorts';
import type { UserAlias } from '../state/user';
import { isNonEmptyString, isRecord, parseAlias } from '../validate/common';

// Partner cohort import (braze-api.md §2.14): keys in the body, documented 400/401 texts.

const MAX_MEMBERS = 1000;
const BAD_CHANGES = 'cohort_changes must be an array of objects with `user_ids` and/or `device_ids` mapping to an array of strings, or an `aliases` object';
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

// Runs before the rate limit and the body checks: a wrong key learns nothing else.
export function checkPartner(body: unknown, partnerInPath: string, partner: PartnerOptions): void {
	const b = isRecord(body) ? body : {};
	if (b.partner_api_key !== partner.partnerApiKey || partnerInPath !== partner.name) fail(401, 'Invalid Partner API key');
	if (b.client_secret !== partner.dataImportKey) fail(401, 'Invalid client secret');
}

function cohortId(body: Record<string, unknown>): string {
	if (!isNonEmptyString(body.cohort_id)) badRequest('cohort_id must be a valid string');
	return body.cohort_id;
}

export const cohortUpsert: Handler = (ctx) => {
	const body = isRecord(ctx.body) ? ctx.body : {};
	const id = cohortId(body);
	if (typeof body.name !== 'string' || body.name.trim() === '') badRequest('name must be a non-empty string');
	if (typeof body.created_at !== 'string' || !ISO_8601.test(body.created_at) || Number.isNaN(Date.parse(body.created_at))) {
		badRequest('created_at must be a valid time as an ISO-8601 string');
	}
	ctx.state.cohorts.upsert(id, body.name, body.created_at, new Date(ctx.now).toISOString());
	return success();
};

function stringsOrUndefined(v: unknown): string[] | undefined {
	if (v === undefined) return undefined;
	if (!Array.isArray(v) || !v.every(isNonEmptyString)) badRequest(BAD_CHANGES);
	return v;
}

function parseChange(c: unknown): CohortChange {
	if (!isRecord(c)) badRequest(BAD_CHANGES);
	let aliases: UserAlias[] | undefined;
	if (c.aliases !== undefined) {
		if (!Array.isArray(c.aliases)) badRequest(BAD_CHANGES);
		aliases = c.aliases.map((a) => parseAlias(a) ?? badRequest(BAD_CHANGES));
	}
	if (c.should_remove !== undefined && typeof c.should_remove !== 'boolean') badRequest(BAD_CHANGES);
	return { user_ids: stringsOrUndefined(c.user_ids), device_ids: stringsOrUndefined(c.device_ids), aliases, should_remove: c.should_remove === true };
}

export const cohortUsers: Handler = (ctx) => {
	const body = isRecord(ctx.body) ? ctx.body : {};
	const id = cohortId(body);
	if (!Array.isArray(body.cohort_changes)) badRequest(BAD_CHANGES);
	const changes = body.cohort_changes.map(parseChange);
	const total = changes.reduce((n, c) => n + (c.user_ids?.length ?? 0) + (c.device_ids?.length ?? 0) + (c.aliases?.length ?? 0), 0);
	if (total > MAX_MEMBERS) badRequest('Only 1,000 user_ids, device_ids, and aliases are allowed per request');
	// An empty change list is how partners test credentials, even for an unknown cohort.
	if (changes.length === 0) return success();
	const at = new Date(ctx.now).toISOString();
	for (const c of changes) ctx.state.stats.apply('cohort_member_changes', ctx.state.cohorts.apply(id, c, at));
	return success();
};
