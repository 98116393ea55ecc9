import type { IAdditionalCredentialOptions, ICredentialDataDecryptedObject, IDataObject, IExecuteFunctions, IHttpRequestOptions, ILoadOptionsFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { CredentialKind, WriteMethod } from './request';
import { resolveBaseUrl } from './instances';
import { WindowPacer } from './pacing';
import { readRateLimit } from './rateLimit';

export interface TransportSettings {
	/** Requests in flight at once. */
	concurrency: number;
	/** Tries per request for 5xx answers and network failures (the first try included). */
	maxAttempts: number;
	/** 429 answers one request may receive before it fails. */
	maxRateLimitRetries: number;
	/** First backoff delay; doubled on every retry, with jitter. */
	baseDelayMs: number;
	maxDelayMs: number;
	/** Longest single wait for a rate-limit window to reset. */
	maxRateLimitWaitMs: number;
	/** Per-request timeout. */
	timeoutMs: number;
}

export const DEFAULT_TRANSPORT_SETTINGS: TransportSettings = {
	// Enough in flight for Braze's 1,000 requests/s at round trips up to 64 ms; the pacer, not this, keeps runs under the limit.
	concurrency: 64,
	maxAttempts: 5,
	maxRateLimitRetries: 20,
	baseDelayMs: 500,
	maxDelayMs: 30_000,
	maxRateLimitWaitMs: 60_000,
	timeoutMs: 60_000,
};

export interface HttpCall {
	method: 'GET' | WriteMethod;
	endpoint: string;
	credential: CredentialKind;
	body?: IDataObject;
	qs?: IDataObject;
}

export interface HttpOutcome {
	/** 2xx and, where the body has a message, the message is "success". */
	ok: boolean;
	statusCode?: number;
	body?: IDataObject;
	/** The answer's headers (e.g. the catalog items' `Link` for the next page). */
	headers?: Record<string, unknown>;
	/** What went wrong, in words fit for a user; never holds a secret. */
	error?: string;
	attempts: number;
	rateLimited: number;
	/** A try failed on the network after Braze may have received it, and the request was sent again. */
	resentAfterNetworkFailure: boolean;
	/** Some try lost its connection after sending: Braze may hold the request even if this failed. */
	lostConnection?: boolean;
}

export interface Clock {
	now(): number;
	sleep(ms: number): Promise<void>;
	random(): number;
}

const systemClock: Clock = { now: () => Date.now(), sleep: async (ms) => await sleep(ms), random: () => Math.random() };

type Context = IExecuteFunctions | ILoadOptionsFunctions;

/** Where a credential's requests go, and the credential itself, read once per run. */
interface Target {
	url: string;
	partner?: string;
	credential: IAdditionalCredentialOptions;
}

const NETWORK_CODES = ['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'ECONNABORTED', 'EPIPE', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH'];
const RETRYABLE_STATUS = new Set([500, 502, 503, 504]);

function networkCode(error: unknown): string | undefined {
	const seen = new Set<unknown>();
	let current: unknown = error;
	// n8n wraps the socket error; walk the cause chain for its code.
	while (current && typeof current === 'object' && !seen.has(current)) {
		seen.add(current);
		const candidate = current as { code?: unknown; message?: unknown; cause?: unknown };
		if (typeof candidate.code === 'string' && NETWORK_CODES.includes(candidate.code)) return candidate.code;
		if (typeof candidate.message === 'string') {
			const match = NETWORK_CODES.find((code) => (candidate.message as string).includes(code));
			if (match) return match;
			if (/socket hang up|aborted|timeout/i.test(candidate.message)) return 'ECONNRESET';
		}
		current = candidate.cause;
	}
	return undefined;
}

function catalogErrors(body: unknown): string | undefined {
	const errors = body && typeof body === 'object' ? (body as IDataObject).errors : undefined;
	if (!Array.isArray(errors) || !errors.length) return undefined;
	const named = errors.filter((e): e is IDataObject => !!e && typeof e === 'object' && typeof (e as IDataObject).id === 'string');
	if (named.length !== errors.length) return undefined;
	return named
		.map((e) => {
			const values = Array.isArray(e.parameter_values) && e.parameter_values.length ? ` [${e.parameter_values.map(String).join(', ')}]` : '';
			return `${String(e.id)}${typeof e.message === 'string' ? `: ${e.message}` : ''}${values}`;
		})
		.join('; ');
}

/** A message that names what happened without echoing request options (which carry the key). */
export function describeBrazeError(statusCode: number | undefined, body: unknown): string {
	const message =
		body && typeof body === 'object' && typeof (body as IDataObject).message === 'string'
			? ((body as IDataObject).message as string)
			: undefined;
	// The catalog endpoints name what is wrong in `errors: [{id, message, parameter_values}]`: keep it.
	const details = catalogErrors(body);
	if (details && statusCode !== 401 && statusCode !== 403) {
		return `Braze answered ${statusCode ?? 'nothing'}${message ? `: ${message}` : ''} (${details})`;
	}
	if (statusCode === 401) {
		return `Braze refused the API key (401${message ? `: ${message}` : ''}). Check the key, and that the credential's instance matches your dashboard: a key only works on its own instance`;
	}
	if (statusCode === 403) {
		return `Braze refused the request (403${message ? `: ${message}` : ''}). The API key lacks the permission this endpoint needs: add it to the key in Braze under Settings > APIs and Identifiers`;
	}
	// Some endpoints answer 404 about the resource (e.g. "Campaign does not exist"): keep their words.
	if (statusCode === 404 && message && !/^not found$/i.test(message.trim())) return `Braze answered 404: ${message}`;
	if (statusCode === 404) return `Braze has no such endpoint (404). Check the credential's instance or Custom URL`;
	if (statusCode === 429) return `Braze rate limit reached (429) and retries ran out`;
	if (statusCode !== undefined && statusCode >= 200 && statusCode < 300) {
		return `Braze answered "${message}" instead of "success"`;
	}
	return `Braze answered ${statusCode ?? 'nothing'}${message ? `: ${message}` : ''}`;
}

/**
 * The only code that talks to Braze. Every call goes through httpRequestWithAuthentication;
 * it honours X-RateLimit-* and retries 429, 5xx and network failures with exponential backoff and
 * jitter, a bounded number of times.
 *
 * Braze's limit is per workspace, shared by every execution that uses the key (n8n queue mode runs
 * several at once): each endpoint's requests start when its `WindowPacer` (pacing.ts) lets them, so
 * parallel executions spread what Remaining leaves over the time to Reset instead of colliding.
 */
export class BrazeTransport {
	private pausedUntil = 0;
	private readonly paces = new Map<string, WindowPacer>();
	private readonly credentials = new Map<CredentialKind, Promise<ICredentialDataDecryptedObject>>();
	private readonly targets = new Map<CredentialKind, Promise<Target>>();
	readonly settings: TransportSettings;

	constructor(
		private readonly ctx: Context,
		settings: Partial<TransportSettings> = {},
		private readonly clock: Clock = systemClock,
	) {
		this.settings = { ...DEFAULT_TRANSPORT_SETTINGS, ...settings };
	}

	/**
	 * The credential is read and decrypted once per run and handed to httpRequestWithAuthentication
	 * with every request (its `credentialsDecrypted` option). Without it n8n looks the credential up
	 * in its database and decrypts it again for each request: a third of n8n's own work per request
	 * at 4,000 requests (node --cpu-prof inside n8n, docs/benchmark.md).
	 */
	async credential(kind: CredentialKind): Promise<ICredentialDataDecryptedObject> {
		let data = this.credentials.get(kind);
		if (!data) {
			data = this.ctx.getCredentials(kind);
			this.credentials.set(kind, data);
		}
		return await data;
	}

	private async target(kind: CredentialKind): Promise<Target> {
		let target = this.targets.get(kind);
		if (!target) {
			target = this.credential(kind).then((data) => {
				const resolved = resolveBaseUrl(data);
				if (!resolved.ok) throw new Error(resolved.error);
				const stored = this.ctx.getNode().credentials?.[kind];
				return {
					url: resolved.url,
					partner: data.partnerName as string | undefined,
					credential: { credentialsDecrypted: { id: stored?.id ?? '', name: stored?.name ?? kind, type: kind, data } },
				};
			});
			this.targets.set(kind, target);
		}
		return await target;
	}

	private backoff(attempt: number): number {
		const ceiling = Math.min(this.settings.maxDelayMs, this.settings.baseDelayMs * 2 ** (attempt - 1));
		return ceiling / 2 + this.clock.random() * (ceiling / 2);
	}

	private paceOf(endpoint: string): WindowPacer {
		let pace = this.paces.get(endpoint);
		if (!pace) {
			pace = new WindowPacer(this.clock, () => this.pausedUntil);
			this.paces.set(endpoint, pace);
		}
		return pace;
	}

	private pauseUntil(resetAtMs: number | undefined, fallbackMs: number) {
		const now = this.clock.now();
		const jitter = this.clock.random() * 250;
		const until = resetAtMs !== undefined && resetAtMs > now ? resetAtMs + jitter : now + fallbackMs;
		this.pausedUntil = Math.max(this.pausedUntil, Math.min(until, now + this.settings.maxRateLimitWaitMs));
	}

	async call(call: HttpCall): Promise<HttpOutcome> {
		let target: Target;
		try {
			target = await this.target(call.credential);
		} catch (error) {
			return { ok: false, error: (error as Error).message, attempts: 0, rateLimited: 0, resentAfterNetworkFailure: false };
		}
		const endpoint = call.endpoint.replace('{partner}', encodeURIComponent(target.partner ?? ''));
		const options: IHttpRequestOptions = {
			method: call.method,
			url: `${target.url}${endpoint}`,
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: this.settings.timeoutMs,
			...(call.body !== undefined ? { body: call.body } : {}),
			...(call.qs !== undefined ? { qs: call.qs, arrayFormat: 'brackets' as const } : {}),
		};

		let attempts = 0;
		let failures = 0;
		let rateLimited = 0;
		let resent = false;
		let networkFailed = false;
		const pace = this.paceOf(call.endpoint);
		for (;;) {
			await pace.start();
			attempts++;
			if (networkFailed) resent = true;
			let response: { statusCode: number; body: unknown; headers: Record<string, unknown> };
			try {
				response = (await this.ctx.helpers.httpRequestWithAuthentication.call(this.ctx, call.credential, options, target.credential)) as typeof response;
			} catch (error) {
				pace.settle(undefined);
				const code = networkCode(error);
				failures++;
				if (code === undefined || failures >= this.settings.maxAttempts) {
					return {
						ok: false,
						error: code
							? `Could not reach Braze (${code}) after ${attempts} tries`
							: `Could not call Braze: ${(error as Error).message ?? 'unknown error'}`,
						attempts,
						rateLimited,
						resentAfterNetworkFailure: resent,
						lostConnection: networkFailed || code !== undefined,
					};
				}
				networkFailed = true;
				await this.clock.sleep(this.backoff(failures));
				continue;
			}

			const { statusCode } = response;
			const body = (typeof response.body === 'object' && response.body !== null ? response.body : { raw: response.body }) as IDataObject;
			const rate = readRateLimit(response.headers);
			pace.settle(rate, statusCode !== 429);
			if (statusCode === 429) {
				rateLimited++;
				if (rateLimited > this.settings.maxRateLimitRetries) {
					return { ok: false, statusCode, body, error: describeBrazeError(429, body), attempts, rateLimited, resentAfterNetworkFailure: resent, lostConnection: networkFailed };
				}
				this.pauseUntil(rate.resetAtMs, this.backoff(Math.min(rateLimited, 6)));
				continue;
			}
			if (RETRYABLE_STATUS.has(statusCode)) {
				failures++;
				if (failures >= this.settings.maxAttempts) {
					return { ok: false, statusCode, body, error: `${describeBrazeError(statusCode, body)} after ${attempts} tries`, attempts, rateLimited, resentAfterNetworkFailure: resent, lostConnection: networkFailed };
				}
				await this.clock.sleep(this.backoff(failures));
				continue;
			}
			const success = statusCode >= 200 && statusCode < 300 && (body.message === undefined || body.message === 'success');
			return {
				ok: success,
				statusCode,
				body,
				headers: response.headers,
				...(success ? {} : { error: describeBrazeError(statusCode, body) }),
				attempts,
				rateLimited,
				resentAfterNetworkFailure: resent,
				lostConnection: networkFailed,
			};
		}
	}
}
