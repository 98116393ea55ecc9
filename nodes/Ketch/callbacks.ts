import type { IDataObject, IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { itemError } from '../shared/itemErrors';
import { SEALED_HEADERS_HEADER } from '../shared/ketch/seal';
import { isRecord } from '../shared/values';
import { type RequestRef, checkCallbackUrl } from './mapping';

/** A hung callback must not hold the execution: each try gets this long. */
export const CALLBACK_TIMEOUT_MS = 30_000;
/** Tries after the first, for 5xx answers and network errors; waits of 1 s, then 2 s. */
export const CALLBACK_RETRIES = 2;
const RETRY_WAIT_MS = 1000;

type Sent = { statusCode: number; body: unknown };

const TRANSIENT_CODES = ['ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ERR_CANCELED'];

/** A network failure or timeout is worth another try; a refused credential or URL is not. */
function isTransient(error: unknown): boolean {
	const codeOf = (value: unknown) => (value && typeof value === 'object' ? (value as { code?: unknown }).code : undefined);
	const code = codeOf(error) ?? codeOf((error as { cause?: unknown })?.cause);
	return (typeof code === 'string' && TRANSIENT_CODES.includes(code)) || /timeout|timed out|socket hang up/i.test(String((error as Error)?.message));
}

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
	const credentials = await ctx.getCredentials('ketchApi');
	const allowLocal = credentials.allowLocalCallbacks === true;
	// Every URL is checked before anything is sent, so a bad one never leaves a partial report.
	for (const callback of ref.callbacks) checkCallbackUrl(callback.url, allowLocal);
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
			// A redirect would re-send the callback's Authorization to another host, or turn the POST
			// into a body-less GET reported as success: a 3xx is a failure here.
			disableFollowRedirect: true,
			timeout: CALLBACK_TIMEOUT_MS,
			ignoreHttpStatusErrors: true,
			returnFullResponse: true,
		};
		const origin = new URL(callback.url).origin;
		let response: Sent | undefined;
		let lastError = '';
		for (let attempt = 0; attempt <= CALLBACK_RETRIES; attempt++) {
			if (attempt > 0) await sleep(RETRY_WAIT_MS * 2 ** (attempt - 1));
			try {
				response = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, 'ketchApi', request)) as Sent;
				lastError = '';
			} catch (error) {
				if (!isTransient(error)) throw itemError(ctx.getNode(), `Sending the ${String(event.kind)} to ${origin} failed: ${(error as Error).message}`, i);
				response = undefined;
				lastError = (error as Error).message;
				continue;
			}
			if (response.statusCode < 500) break;
		}
		if (response === undefined) {
			throw itemError(ctx.getNode(), `Sending the ${String(event.kind)} to ${origin} failed after ${CALLBACK_RETRIES + 1} tries: ${lastError}`, i);
		}
		results.push({ url: callback.url, statusCode: response.statusCode });
		if (response.statusCode >= 300 && response.statusCode < 400) {
			failures.push(`${origin} answered HTTP ${response.statusCode} (a redirect, not followed: give Ketch's final callback URL)`);
		} else if (response.statusCode >= 300) {
			const message = ketchMessage(response.body);
			const tries = response.statusCode >= 500 ? ` after ${CALLBACK_RETRIES + 1} tries` : '';
			failures.push(`${origin} answered HTTP ${response.statusCode}${tries}${message ? `: ${message}` : ''}`);
		}
	}
	if (failures.length) {
		throw itemError(
			ctx.getNode(),
			`Ketch refused the ${String(event.kind)}: ${failures.join('; ')}`,
			i,
			'Once a request is completed, Ketch accepts no further events.',
		);
	}
	return results;
}
