import type { Handler } from '../http/context';
import { badRequest, success } from '../http/reply';
import { emailKey } from '../state/keys';
import { NOT_E164, isE164, requireBody, stringList, stringOrList } from '../validate/common';

// POST /email/bounce/remove, /email/spam/remove (`email`: a string or up to 50) and
// /sms/invalid_phone_numbers/remove (`phone_numbers`: up to 50 E.164 numbers).

export const emailBounceRemove: Handler = (ctx) => {
	const emails = stringOrList(requireBody(ctx.body).email, 'email');
	if (!emails?.length) badRequest("'email' is required");
	for (const email of emails) {
		const record = ctx.state.emails.get(email);
		if (record) record.hard_bounced_at = undefined;
	}
	return success();
};

export const emailSpamRemove: Handler = (ctx) => {
	const emails = stringOrList(requireBody(ctx.body).email, 'email');
	if (!emails?.length) badRequest("'email' is required");
	for (const email of emails) ctx.state.spam.delete(emailKey(email));
	return success();
};

export const smsInvalidRemove: Handler = (ctx) => {
	const phones = stringList(requireBody(ctx.body).phone_numbers, 'phone_numbers');
	if (!phones?.length) badRequest("'phone_numbers' is required");
	if (!phones.every(isE164)) badRequest(NOT_E164);
	for (const phone of phones) ctx.state.invalidPhones.delete(phone);
	return success();
};
