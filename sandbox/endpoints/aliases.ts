import type { Handler } from '../http/context';
import { badRequest, success } from '../http/reply';
import { MAX_IDS, TOO_MANY_ALIASES, isNonEmptyString, isRecord, parseAlias, requireBody } from '../validate/common';

// POST /users/alias/new and /users/alias/update (braze-api.md §2.4, §2.5).

function items(v: unknown, field: string): unknown[] {
	if (!Array.isArray(v) || v.length === 0) badRequest(`'${field}' must be a non-empty array of objects`);
	if (v.length > MAX_IDS) badRequest(TOO_MANY_ALIASES);
	return v;
}

export const aliasNew: Handler = (ctx) => {
	const list = items(requireBody(ctx.body).user_aliases, 'user_aliases');
	const parsed = list.map((x) => {
		const alias = parseAlias(x);
		if (!isRecord(x) || !alias) badRequest("'user_aliases' items need string 'alias_name' and 'alias_label'");
		if (x.external_id !== undefined && !isNonEmptyString(x.external_id)) badRequest("'external_id' must be a non-empty string");
		return { alias, externalId: x.external_id as string | undefined };
	});
	const { users, stats } = ctx.state;
	for (const { alias, externalId } of parsed) {
		// An alias key names one user; a taken alias is left alone rather than duplicated.
		if (users.byAliasOf(alias)) continue;
		if (externalId === undefined) {
			users.addAlias(users.create(ctx.now), alias);
			stats.apply('aliases');
			continue;
		}
		const u = users.byExternalId(externalId);
		// One alias per label per user; with no such user nothing is added.
		if (!u || u.user_aliases.some((a) => a.alias_label === alias.alias_label)) continue;
		users.addAlias(u, alias);
		users.touch(u, ctx.now);
		stats.apply('aliases');
	}
	return success({ aliases_processed: parsed.length });
};

export const aliasUpdate: Handler = (ctx) => {
	const list = items(requireBody(ctx.body).alias_updates, 'alias_updates');
	const parsed = list.map((x) => {
		if (!isRecord(x) || !isNonEmptyString(x.alias_label) || !isNonEmptyString(x.old_alias_name) || !isNonEmptyString(x.new_alias_name)) {
			badRequest("'alias_updates' items need string 'alias_label', 'old_alias_name' and 'new_alias_name'");
		}
		return { label: x.alias_label, from: x.old_alias_name, to: x.new_alias_name };
	});
	const { users, stats } = ctx.state;
	for (const { label, from, to } of parsed) {
		const u = users.byAliasOf({ alias_label: label, alias_name: from });
		if (!u || users.byAliasOf({ alias_label: label, alias_name: to })) continue;
		users.removeAlias(u, { alias_label: label, alias_name: from });
		users.addAlias(u, { alias_label: label, alias_name: to });
		users.touch(u, ctx.now);
		stats.apply('alias_updates');
	}
	return success();
};
