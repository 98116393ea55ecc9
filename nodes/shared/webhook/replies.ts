import type { IDataObject, INodeExecutionData, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

/**
 * Answers the caller directly and starts no execution: what every trigger does with a request
 * it refuses (bad token, bad body) or acknowledges without work (a retried delivery).
 */
export function replyWithoutRun(ctx: IWebhookFunctions, status: number, body?: IDataObject): IWebhookResponseData {
	const res = ctx.getResponseObject();
	res.status(status);
	if (body === undefined) res.end();
	else res.json(body);
	return { noWebhookResponse: true };
}

/** 401 with a message that never echoes what was received. */
export function replyUnauthorized(ctx: IWebhookFunctions, what: string): IWebhookResponseData {
	return replyWithoutRun(ctx, 401, { error: 'unauthorized', message: `Missing or wrong ${what}` });
}

/** 400 naming the field and what to do about it. */
export function replyBadRequest(ctx: IWebhookFunctions, message: string, extra: IDataObject = {}): IWebhookResponseData {
	return replyWithoutRun(ctx, 400, { error: 'bad_request', message, ...extra });
}

/**
 * Answers the caller, then starts the run with `items`. A trigger that wrote the workflow's static
 * data must answer this way: n8n 2.40 saves static data when the answer goes out, and with
 * responseMode onReceived it starts the run first, which resets the "changed" flag, so the write
 * would be lost (seen in test/security/webhooks.e2e.test.ts, "a replayed delivery").
 */
export function replyThenRun(ctx: IWebhookFunctions, status: number, body: IDataObject | undefined, items: INodeExecutionData[]): IWebhookResponseData {
	replyWithoutRun(ctx, status, body);
	return { noWebhookResponse: true, workflowData: [items] };
}
