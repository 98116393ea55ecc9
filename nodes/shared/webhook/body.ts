import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

/**
 * No partner body is nested this deep (Ketch envelopes reach about 6 levels). Deeper bodies are
 * refused before a run starts: n8n parses them, but cannot store or read back an execution that
 * holds 100,000 levels.
 */
export const MAX_BODY_DEPTH = 32;

/** The path where `value` first goes deeper than `max` levels, or undefined. Iterative: no stack overflow. */
export function tooDeepAt(value: unknown, max = MAX_BODY_DEPTH): string | undefined {
	const stack: Array<{ value: unknown; depth: number; path: string }> = [{ value, depth: 0, path: '' }];
	while (stack.length) {
		const next = stack.pop()!;
		if (next.value === null || typeof next.value !== 'object') continue;
		if (next.depth >= max) return next.path;
		const entries = Array.isArray(next.value) ? next.value.map((v, i) => [String(i), v] as const) : Object.entries(next.value);
		for (const [key, child] of entries) {
			stack.push({ value: child, depth: next.depth + 1, path: next.path ? `${next.path}.${key}` : key });
		}
	}
	return undefined;
}

function checkedDepth(body: IDataObject): { ok: true; body: IDataObject } | { ok: false; error: string } {
	const at = tooDeepAt(body);
	if (at === undefined) return { ok: true, body };
	return { ok: false, error: `The body is nested deeper than ${MAX_BODY_DEPTH} levels (at "${at.slice(0, 120)}"): send flatter JSON` };
}

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
				if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return checkedDepth(parsed as IDataObject);
			} catch {
				return { ok: false, error: 'The body is not valid JSON' };
			}
			return { ok: false, error: 'The body must be a JSON object' };
		}
	}
	return checkedDepth(body as IDataObject);
}
