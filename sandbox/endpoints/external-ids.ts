import type { Handler } from '../http/context';
import { badRequest, success } from '../http/reply';
import { MAX_IDS, TOO_MANY_IDS, isNonEmptyString, isRecord, requireBody } from '../validate/common';

// POST /users/external_ids/rename and /remove (braze-api.md §2.9).
// Item errors are [index, message] pairs, the index pointing into the request array.

type ItemError = [number, string];

function nonEmpty(v: unknown, field: string): unknown[] {
	if (!Array.isArray(v) || v.length === 0) badRequest(`'${field}' must be a non-empty array`);
	if (v.length > MAX_IDS) badRequest(TOO_MANY_IDS);
	return v;
}

export const externalIdsRename: Handler = (ctx) => {
	const list = nonEmpty(requireBody(ctx.body).external_id_renames, 'external_id_renames');
	const { users } = ctx.state;
	const renamed: string[] = [];
	const errors: ItemError[] = [];
	list.forEach((item, i) => {
		if (!isRecord(item) || !isNonEmptyString(item.current_external_id) || !isNonEmptyString(item.new_external_id)) {
			errors.push([i, "'current_external_id' and 'new_external_id' must be non-empty strings"]);
			return;
		}
		const current = item.current_external_id;
		const next = item.new_external_id;
		if (current === next) return void errors.push([i, "'current_external_id' and 'new_external_id' must differ"]);
		const u = users.primaryOwner(current);
		if (!u) {
			const deprecated = users.deprecatedOwner(current) !== undefined;
			return void errors.push([i, deprecated ? "'current_external_id' is a deprecated external_id, not a primary one" : "'current_external_id' does not exist"]);
		}
		if (users.primaryOwner(next) || users.deprecatedOwner(next)) return void errors.push([i, "'new_external_id' is already in use"]);
		users.renameExternalId(u, next);
		users.touch(u, ctx.now);
		renamed.push(current);
	});
	ctx.state.stats.apply('external_id_renames', renamed.length);
	return success({ external_ids: renamed, rename_errors: errors });
};

export const externalIdsRemove: Handler = (ctx) => {
	const list = nonEmpty(requireBody(ctx.body).external_ids, 'external_ids');
	const { users } = ctx.state;
	const removed: string[] = [];
	const errors: ItemError[] = [];
	list.forEach((id, i) => {
		if (!isNonEmptyString(id)) return void errors.push([i, "'external_ids' items must be non-empty strings"]);
		if (users.primaryOwner(id)) return void errors.push([i, `'${id}' is a primary external_id; only deprecated ids can be removed`]);
		if (!users.removeDeprecated(id)) return void errors.push([i, `'${id}' does not exist`]);
		removed.push(id);
	});
	ctx.state.stats.apply('external_id_removals', removed.length);
	return success({ removed_ids: removed, removal_errors: errors });
};
