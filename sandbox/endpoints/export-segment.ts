import { randomUUID } from 'node:crypto';

import type { Handler } from '../http/context';
import { badRequest, success } from '../http/reply';
import { isNonEmptyString, requireBody } from '../validate/common';

// POST /users/export/segment (braze-docs export/user_data/post_users_segment.md): starts an export
// and answers where it will land: `object_prefix`, and `url` when the workspace has no S3 or Azure
// credentials (the sandbox has none). fields_to_export has been required since December 2021.

export const usersExportSegment: Handler = (ctx) => {
	const body = requireBody(ctx.body);
	if (!isNonEmptyString(body.segment_id)) badRequest("'segment_id' is required");
	if (!ctx.state.catalog.segments.some((s) => s.id === body.segment_id)) badRequest('Invalid Segment ID');
	const fields = body.fields_to_export;
	if (!Array.isArray(fields) || !fields.length || !fields.every(isNonEmptyString)) badRequest("'fields_to_export' is required: an array of field names");
	if (body.callback_endpoint !== undefined && !isNonEmptyString(body.callback_endpoint)) badRequest("'callback_endpoint' must be a string");
	if (body.output_format !== undefined && body.output_format !== 'zip' && body.output_format !== 'gzip') badRequest("'output_format' must be 'zip' or 'gzip'");
	const startedSeconds = Math.floor((ctx.now - Date.UTC(2017, 0, 1)) / 1000);
	const objectPrefix = `${randomUUID()}-${startedSeconds}`;
	ctx.state.messaging.exports.push({ segment_id: body.segment_id, fields_to_export: fields, object_prefix: objectPrefix, callback_endpoint: body.callback_endpoint as string | undefined, at: new Date(ctx.now).toISOString() });
	const day = new Date(ctx.now).toISOString().slice(0, 10);
	const extension = body.output_format === 'gzip' ? 'gz' : 'zip';
	return success({ object_prefix: objectPrefix, url: `https://sandbox-exports.braze.invalid/segment-export/${body.segment_id}/${day}/${objectPrefix}.${extension}` });
};
