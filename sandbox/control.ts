import { badRequest, json, success, type Reply } from './http/reply';
import type { FaultOptions, SandboxOptions } from './options';
import type { Runtime } from './runtime';
import { isRecord } from './validate/common';

// /_sandbox/* : inspection and control, no auth, never rate limited or faulted.

const TRACK_LIMITS = ['legacy', 'combined75', 'combined50'];

function checkFaults(v: unknown): FaultOptions {
	if (!isRecord(v)) badRequest('Body must be a JSON object');
	for (const k of ['rate429', 'rate5xx', 'rateDrop']) {
		const r = v[k];
		if (r !== undefined && (typeof r !== 'number' || r < 0 || r > 1)) badRequest(`'${k}' must be a number between 0 and 1`);
	}
	if (v.dropAfterApply !== undefined && typeof v.dropAfterApply !== 'boolean') badRequest("'dropAfterApply' must be a boolean");
	return v as FaultOptions;
}

function checkOptions(v: unknown): Partial<SandboxOptions> {
	if (!isRecord(v)) badRequest('Body must be a JSON object');
	if (v.latencyMs !== undefined && (typeof v.latencyMs !== 'number' || v.latencyMs < 0)) badRequest("'latencyMs' must be a number >= 0");
	if (v.trackLimit !== undefined && !TRACK_LIMITS.includes(v.trackLimit as string)) badRequest(`'trackLimit' must be one of ${TRACK_LIMITS.join(', ')}`);
	if (v.rateLimit !== undefined && v.rateLimit !== null) {
		const r = v.rateLimit;
		if (!isRecord(r) || !(Number(r.limit) > 0) || !(Number(r.windowMs) > 0)) badRequest("'rateLimit' must be null or {limit, windowMs} with positive numbers");
	}
	if (v.permissions !== undefined && v.permissions !== null && !(Array.isArray(v.permissions) && v.permissions.every((p) => typeof p === 'string'))) {
		badRequest("'permissions' must be null or an array of strings");
	}
	if (v.faults !== undefined) checkFaults(v.faults);
	const out = { ...v } as Partial<SandboxOptions> & Record<string, unknown>;
	if (v.permissions === null) out.permissions = undefined;
	delete out.port;
	delete out.host;
	return out;
}

function publicOptions(rt: Runtime): Record<string, unknown> {
	const o = rt.options;
	return { ...o, apiKey: undefined, partner: { name: o.partner.name }, permissions: o.permissions ? [...o.permissions] : null };
}

function seed(rt: Runtime, v: unknown): void {
	if (!isRecord(v)) badRequest('Body must be a JSON object');
	const count = (k: string) => (typeof v[k] === 'number' ? (v[k] as number) : 0);
	rt.state.catalog.seed({ campaigns: count('campaigns'), canvases: count('canvases'), segments: count('segments') });
	const phones = Array.isArray(v.invalid_phone_numbers) ? v.invalid_phone_numbers : [];
	const at = new Date().toISOString();
	for (const p of phones) if (typeof p === 'string') rt.state.invalidPhones.set(p, at);
}

export function handleControl(rt: Runtime, method: string, path: string, query: URLSearchParams, body: unknown): Reply {
	const route = `${method} ${path}`;
	const userMatch = /^\/_sandbox\/users\/(.+)$/.exec(path);
	if (method === 'GET' && userMatch) {
		const u = rt.state.user(decodeURIComponent(userMatch[1]));
		return u ? json(u) : json({ message: 'Not found' }, 404);
	}
	switch (route) {
		case 'GET /_sandbox/state':
			return json(rt.state);
		case 'GET /_sandbox/stats':
			return json(rt.state.stats);
		case 'GET /_sandbox/requests': {
			const limit = query.get('limit');
			const requests = rt.state.requests.list({ path: query.get('path') ?? undefined, method: query.get('method') ?? undefined, limit: limit ? Number(limit) : undefined });
			return json({ requests });
		}
		case 'GET /_sandbox/options':
			return json(publicOptions(rt));
		case 'POST /_sandbox/reset':
			rt.reset();
			return success({}, 200);
		case 'POST /_sandbox/faults':
			rt.setFaults(checkFaults(body));
			return json({ message: 'success', faults: rt.options.faults });
		case 'POST /_sandbox/options':
			rt.setOptions(checkOptions(body));
			return json({ message: 'success', options: publicOptions(rt) });
		case 'POST /_sandbox/seed':
			seed(rt, body);
			return success({}, 200);
	}
	return json({ message: 'Not found' }, 404);
}
