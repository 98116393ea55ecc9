import type { IDataObject, IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { itemError } from '../shared/itemErrors';
import { SEALED_HEADERS_HEADER } from '../shared/ketch/seal';
import { isRecord } from '../shared/values';
import { type RequestRef, checkCallbackUrl } from './mapping';

export interface CallbackResult {
	url: string;
	statusCode: number;
}

function ketchMessage(body: unknown): string {
	if (isRecord(body)) {
		const error = body.error;
		if (isRecord(error) && typeof error.message === 'string') return error.message;
		if (typeof body.message === 'string') return body.message;
	}
	return typeof body === 'string' ? body.slice(0, 300) : '';
}

/**
 * POSTs the event to every callback. The callback headers travel sealed to the Ketch credential,
 * which opens them (credentials/KetchApi.credentials.ts): they never appear in items or errors.
 */
export async function sendToCallbacks(ctx: IExecuteFunctions, i: number, ref: RequestRef, event: IDataObject): Promise<CallbackResult[]> {
	if (ref.callbacks.length === 0) {
		throw itemError(ctx.getNode(), 'The request has no callbacks: Ketch gave no URL to report its status to', i);
	}
	// Every URL is checked before anything is sent, so a bad one never leaves a partial report.
	for (const callback of ref.callbacks) checkCallbackUrl(callback.url);
	const results: CallbackResult[] = [];
	const failures: string[] = [];
	for (const callback of ref.callbacks) {
		const request: IHttpRequestOptions = {
			method: 'POST',
			url: callback.url,
			body: event,
			json: true,
			headers: {
				Accept: 'application/json',
				'Content-Type': 'application/json',
				...(callback.sealedHeaders ? { [SEALED_HEADERS_HEADER]: callback.sealedHeaders } : {}),
			},
			ignoreHttpStatusErrors: true,
			returnFullResponse: true,
		};
		let response: { statusCode: number; body: unknown };
		try {
			response = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, 'ketchApi', request)) as { statusCode: number; body: unknown };
		} catch (error) {
			throw itemError(ctx.getNode(), `Sending the ${String(event.kind)} to ${new URL(callback.url).origin} failed: ${(error as Error).message}`, i);
		}
		results.push({ url: callback.url, statusCode: response.statusCode });
		if (response.statusCode >= 300) {
			const message = ketchMessage(response.body);
			failures.push(`${new URL(callback.url).origin} answered HTTP ${response.statusCode}${message ? `: ${message}` : ''}`);
		}
	}
	if (failures.length) {
		throw itemError(
			ctx.getNode(),
			`Ketch refused the ${String(event.kind)}: ${failures.join('; ')}`,
			i,
			'Once a request is completed, cancelled or denied, Ketch accepts no further events.',
		);
	}
	return results;
}
