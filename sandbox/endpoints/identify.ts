import type { Handler } from '../http/context';
import { badRequest, success } from '../http/reply';
import { isValidEmail } from '../state/keys';
import { mergeInto } from '../state/merge-users';
import { pick, type UserRef } from '../state/resolve';
import type { SandboxState } from '../state/state';
import { MAX_IDS, TOO_MANY_ALIASES, isE164, isNonEmptyString, isRecord, parseAlias, parsePrioritization, requireBody } from '../validate/common';

// POST /users/identify (braze-api.md §2.3).

interface Item {
	externalId: string;
	ref: UserRef;
}

function list(v: unknown, field: string): unknown[] {
	if (v === undefined || v === null) return [];
	if (!Array.isArray(v)) badRequest(`'${field}' must be an array of objects`);
	return v;
}

// Older pages (post_user_identify.md before e8b4c99) document "merge_behavior": "one of 'none' or
// 'merge' is expected"; since 2023-08-07 Braze always merges, so either value merges here.
export const BAD_MERGE_BEHAVIOR = "merge_behavior must be one of 'none' or 'merge'";

function parseItems(body: Record<string, unknown>): Item[] {
	if (body.merge_behavior !== undefined && body.merge_behavior !== 'none' && body.merge_behavior !== 'merge') badRequest(BAD_MERGE_BEHAVIOR);
	const aliases = list(body.aliases_to_identify, 'aliases_to_identify');
	const emails = list(body.emails_to_identify, 'emails_to_identify');
	const phones = list(body.phone_numbers_to_identify, 'phone_numbers_to_identify');
	if (aliases.length + emails.length + phones.length === 0) {
		badRequest("One of 'aliases_to_identify', 'emails_to_identify' or 'phone_numbers_to_identify' is required");
	}
	if (aliases.length + emails.length + phones.length > MAX_IDS) badRequest(TOO_MANY_ALIASES);
	const items: Item[] = [];
	for (const a of aliases) {
		const alias = isRecord(a) ? parseAlias(a.user_alias) : undefined;
		if (!isRecord(a) || !isNonEmptyString(a.external_id) || !alias) badRequest("'aliases_to_identify' items need a string 'external_id' and a 'user_alias' object");
		items.push({ externalId: a.external_id, ref: { kind: 'user_alias', alias } });
	}
	for (const e of emails) {
		if (!isRecord(e) || !isNonEmptyString(e.external_id) || typeof e.email !== 'string' || !isValidEmail(e.email)) {
			badRequest("'emails_to_identify' items need a string 'external_id' and a valid 'email'");
		}
		items.push({ externalId: e.external_id, ref: { kind: 'email', value: e.email, prioritization: parsePrioritization(e.prioritization, 'prioritization', true) } });
	}
	for (const p of phones) {
		if (!isRecord(p) || !isNonEmptyString(p.external_id) || !isE164(p.phone)) {
			badRequest("'phone_numbers_to_identify' items need a string 'external_id' and a 'phone' in E.164 format");
		}
		items.push({ externalId: p.external_id, ref: { kind: 'phone', value: p.phone, prioritization: parsePrioritization(p.prioritization, 'prioritization', true) } });
	}
	return items;
}

// The unidentified profile is merged into the identified one, or simply gets the external_id.
function identifyOne(state: SandboxState, item: Item, now: number): boolean {
	const source =
		item.ref.kind === 'user_alias'
			? state.users.byAliasOf(item.ref.alias)
			: pick(
					(item.ref.kind === 'email' ? state.users.withEmail(item.ref.value) : state.users.withPhone(item.ref.value)).filter((u) => u.external_id === undefined),
					item.ref.kind === 'email' || item.ref.kind === 'phone' ? item.ref.prioritization : undefined,
				);
	if (!source || source.external_id !== undefined) return false;
	const target = state.users.byExternalId(item.externalId);
	if (!target) {
		state.users.setExternalId(source, item.externalId);
		state.users.touch(source, now);
		return true;
	}
	// A target that already has an alias with the same label is not combined.
	if (item.ref.kind === 'user_alias') {
		const label = item.ref.alias.alias_label;
		if (target.user_aliases.some((a) => a.alias_label === label)) return false;
	}
	mergeInto(state, source, target, now);
	return true;
}

export const usersIdentify: Handler = (ctx) => {
	const items = parseItems(requireBody(ctx.body));
	for (const item of items) {
		if (identifyOne(ctx.state, item, ctx.now)) ctx.state.stats.apply('identified');
	}
	return success({ aliases_processed: items.length });
};
