import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

/** The JSON object a webhook received, or why it is not one (content type, syntax, shape). */
export function readJsonObject(ctx: IWebhookFunctions): { ok: true; body: IDataObject } | { ok: false; error: string } {
	const contentType = String(ctx.getHeaderData()['content-type'] ?? '');
	if (!/^application\/([\w.+-]+\+)?json\b/i.test(contentType)) {
		return { ok: false, error: `Content-Type must be application/json, got "${contentType.slice(0, 60) || 'none'}"` };
	}
	const body = ctx.getBodyData() as unknown;
	// n8n parses JSON before the node runs; when it could not, the raw text or nothing arrives.
	if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body) || Buffer.isBuffer(body)) {
		return { ok: false, error: 'The body must be a JSON object' };
	}
	if (Object.keys(body).length === 0) {
		const raw = (ctx.getRequestObject() as { rawBody?: Buffer }).rawBody;
		if (raw && raw.length > 0) {
			try {
				const parsed = JSON.parse(raw.toString('utf8')) as unknown;
				if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return { ok: true, body: parsed as IDataObject };
			} catch {
				return { ok: false, error: 'The body is not valid JSON' };
			}
			return { ok: false, error: 'The body must be a JSON object' };
		}
	}
	return { ok: true, body: body as IDataObject };
}
