import type { Handler } from '../http/context';
import { badRequest, success } from '../http/reply';
import { exportUser } from '../state/export-user';
import type { UserProfile } from '../state/user';
import { isValidEmail } from '../state/keys';
import { MAX_IDS, NOT_E164, TOO_MANY_IDS, isE164, isNonEmptyString, parseAlias, requireBody, stringList } from '../validate/common';

// POST /users/export/ids (braze-api.md §2.8; post_users_identifier.md@4a03d01).

// Braze documents the requirement but not its error text; this one is the sandbox's.
export const FIELDS_REQUIRED = "'fields_to_export' is required for workspaces onboarded on or after 2024-08-22";

function optionalString(v: unknown, field: string): string | undefined {
	if (v === undefined || v === null) return undefined;
	if (!isNonEmptyString(v)) badRequest(`'${field}' must be a string`);
	return v;
}

export const usersExportIds: Handler = (ctx) => {
	const body = requireBody(ctx.body);
	const externalIds = stringList(body.external_ids, 'external_ids') ?? [];
	const aliasesRaw = body.user_aliases ?? [];
	if (!Array.isArray(aliasesRaw)) badRequest("'user_aliases' must be an array");
	// "Up to 50 external_ids or user_aliases can be included in a single request": read as 50 in total.
	if (externalIds.length + aliasesRaw.length > MAX_IDS) badRequest(TOO_MANY_IDS);
	const aliases = aliasesRaw.map((a) => parseAlias(a) ?? badRequest("'user_aliases' items need string 'alias_name' and 'alias_label'"));
	const deviceId = optionalString(body.device_id, 'device_id');
	const brazeId = optionalString(body.braze_id, 'braze_id');
	const email = optionalString(body.email_address, 'email_address');
	const phone = optionalString(body.phone, 'phone');
	if ([deviceId, email, phone].filter((x) => x !== undefined).length > 1) badRequest("Only one of 'device_id', 'email_address' or 'phone' may be given");
	if (email !== undefined && !isValidEmail(email)) badRequest("'email_address' is not a valid email address");
	if (phone !== undefined && !isE164(phone)) badRequest(NOT_E164);
	if (!externalIds.length && !aliases.length && !deviceId && !brazeId && !email && !phone) badRequest('No user identifiers were provided');
	const fieldsRaw = stringList(body.fields_to_export, 'fields_to_export', Infinity);
	// Required means at least one field: an empty list would export nothing useful and is not what the page asks for.
	if (ctx.options.exportFieldsRequired && !fieldsRaw?.length) badRequest(FIELDS_REQUIRED);
	const fields = fieldsRaw ? new Set(fieldsRaw) : undefined;

	const { users } = ctx.state;
	const found = new Set<UserProfile>();
	const invalid: string[] = [];
	for (const id of externalIds) {
		const u = users.byExternalId(id);
		if (u) found.add(u);
		else invalid.push(id);
	}
	for (const a of aliases) {
		const u = users.byAliasOf(a);
		if (u) found.add(u);
	}
	if (brazeId) {
		const u = users.byBrazeId(brazeId);
		if (u) found.add(u);
		else invalid.push(brazeId);
	}
	for (const u of email ? users.withEmail(email) : []) found.add(u);
	for (const u of phone ? users.withPhone(phone) : []) found.add(u);

	const out: Record<string, unknown> = { users: [...found].map((u) => exportUser(u, ctx.state.catalog, fields)) };
	if (invalid.length) out.invalid_user_ids = invalid;
	return success(out);
};
