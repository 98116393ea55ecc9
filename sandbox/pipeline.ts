/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/require-node-api-error, no-console */
// The sandbox is a dev/test server, not part of the published node: Node built-ins and console are its job.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { bearerError } from './auth';
import { handleControl } from './control';
import { checkPartner } from './endpoints/cohorts';
import { parseJson, readBody } from './http/body';
import { ApiError, type Reply } from './http/reply';
import { Router } from './http/router';
import { decideFault } from './faults';
import { rateLimitHeaders } from './rate-limit';
import { ROUTES, type Route } from './routes';
import type { Runtime } from './runtime';

// One request, in Braze's order: route, key, permission, body, rate limit, fault, apply.

interface Outcome extends Reply {
	headers: Record<string, string>;
	drop?: boolean;
	fault?: '429' | '5xx' | 'drop';
}

const router = new Router<Route>(ROUTES);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function serverError(status: number, headers: Record<string, string>): Outcome {
	return { status, body: { message: 'Internal Server Error' }, headers, fault: '5xx' };
}

function answer(rt: Runtime, method: string, path: string, query: URLSearchParams, raw: string, auth: string | undefined, now: number, parsed: { body: unknown }): Outcome {
	const { state, limiter } = rt;
	const o = rt.options;
	const match = router.match(method, path);
	if (!match) {
		state.stats.countRequest('(not found)');
		return { status: 404, body: { message: 'Not found' }, headers: rateLimitHeaders(limiter.peek('default', now)) };
	}
	const route = match.route;
	state.stats.countRequest(route.path);
	const bucketOf = () => (typeof route.bucket === 'function' ? route.bucket(parsed.body) : route.bucket);
	const refuse = (status: number, body: Record<string, unknown>): Outcome => ({ status, body, headers: rateLimitHeaders(limiter.peek(bucketOf(), now)) });

	if (route.auth === 'bearer') {
		const authError = bearerError(auth, o.apiKey);
		if (authError) return refuse(401, { message: authError });
		if (route.permission && o.permissions && !o.permissions.has(route.permission)) return refuse(403, { message: 'Access Denied' });
	}
	// POST, PATCH, PUT and DELETE carry JSON (the catalog item endpoints use all four).
	if (method !== 'GET') {
		const p = parseJson(raw);
		if (!p.ok) return refuse(400, { message: 'Invalid JSON' });
		parsed.body = p.value;
	}
	if (route.auth === 'partner') {
		try {
			checkPartner(parsed.body, match.params.partner, o.partner);
		} catch (e) {
			if (e instanceof ApiError) return refuse(e.status, e.body);
			throw e;
		}
	}

	const rl = limiter.take(bucketOf(), now);
	const headers = rateLimitHeaders(rl);
	if (!rl.allowed) {
		state.stats.rateLimited429++;
		return { status: 429, body: { message: 'Rate Limit Exceeded' }, headers };
	}
	const fault = decideFault(o.faults, rt.prng);
	if (fault.kind === '429') {
		state.stats.fault429++;
		return { status: 429, body: { message: 'Rate Limit Exceeded' }, headers: { ...headers, 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': String(Math.ceil((now + 1000) / 1000)) }, fault: '429' };
	}
	if (fault.kind === '5xx') {
		state.stats.fault5xx++;
		return serverError(fault.status, headers);
	}
	if (fault.kind === 'drop' && !fault.afterApply) {
		state.stats.drops++;
		return { status: 0, body: undefined, headers, drop: true, fault: 'drop' };
	}

	let result: Reply;
	try {
		result = route.handler({ state, options: o, body: parsed.body, query, params: match.params, now });
	} catch (e) {
		if (!(e instanceof ApiError)) throw e;
		result = { status: e.status, body: e.body };
	}
	// "Braze had the request but the answer was lost": applied, then the socket dies.
	if (fault.kind === 'drop') {
		state.stats.drops++;
		state.stats.dropsAfterApply++;
		return { status: result.status, body: undefined, headers, drop: true, fault: 'drop' };
	}
	return { ...result, headers: { ...headers, ...result.headers } };
}

function queryObject(q: URLSearchParams): Record<string, string | string[]> {
	const out: Record<string, string | string[]> = {};
	for (const k of new Set(q.keys())) {
		const all = q.getAll(k);
		out[k] = all.length === 1 ? all[0] : all;
	}
	return out;
}

function write(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
	if (res.destroyed) return;
	res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
	res.end(JSON.stringify(body));
}

export async function handleRequest(rt: Runtime, req: IncomingMessage, res: ServerResponse): Promise<void> {
	const started = Date.now();
	const url = new URL(req.url ?? '/', 'http://sandbox');
	const method = (req.method ?? 'GET').toUpperCase();
	const raw = await readBody(req);

	if (url.pathname === '/_sandbox' || url.pathname.startsWith('/_sandbox/')) {
		const p = raw.trim() ? parseJson(raw) : { ok: true as const, value: {} };
		if (!p.ok) return write(res, 400, { message: 'Invalid JSON' });
		try {
			const r = handleControl(rt, method, url.pathname, url.searchParams, p.value);
			return write(res, r.status, r.body);
		} catch (e) {
			if (e instanceof ApiError) return write(res, e.status, e.body);
			throw e;
		}
	}

	const parsed: { body: unknown } = { body: undefined };
	let outcome: Outcome;
	try {
		outcome = answer(rt, method, url.pathname, url.searchParams, raw, req.headers.authorization, started, parsed);
	} catch (e) {
		// A sandbox bug, not a Braze behaviour: say so loudly, answer 500.
		console.error('sandbox handler error', e);
		outcome = serverError(500, {});
		outcome.fault = undefined;
	}
	// Latency delays the answer only; the change above is already applied.
	if (rt.options.latencyMs > 0) await sleep(rt.options.latencyMs);

	rt.state.stats.countStatus(outcome.drop ? 0 : outcome.status);
	rt.state.requests.add({
		time: new Date(started).toISOString(),
		method,
		path: url.pathname,
		query: queryObject(url.searchParams),
		body: parsed.body !== undefined ? parsed.body : raw.length ? raw.slice(0, 1000) : undefined,
		status: outcome.drop ? 0 : outcome.status,
		fault: outcome.fault,
		durationMs: Date.now() - started,
	});
	if (outcome.drop) {
		req.socket.destroy();
		return;
	}
	write(res, outcome.status, outcome.body, outcome.headers);
}
