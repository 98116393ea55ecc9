/** Braze REST endpoints per instance (braze.com "API and SDK endpoints"), keyed by dashboard name. */
export const BRAZE_INSTANCES: Array<{ name: string; url: string }> = [
	{ name: 'US-01 (dashboard-01.braze.com)', url: 'https://rest.iad-01.braze.com' },
	{ name: 'US-02 (dashboard-02.braze.com)', url: 'https://rest.iad-02.braze.com' },
	{ name: 'US-03 (dashboard-03.braze.com)', url: 'https://rest.iad-03.braze.com' },
	{ name: 'US-04 (dashboard-04.braze.com)', url: 'https://rest.iad-04.braze.com' },
	{ name: 'US-05 (dashboard-05.braze.com)', url: 'https://rest.iad-05.braze.com' },
	{ name: 'US-06 (dashboard-06.braze.com)', url: 'https://rest.iad-06.braze.com' },
	{ name: 'US-07 (dashboard-07.braze.com)', url: 'https://rest.iad-07.braze.com' },
	{ name: 'US-08 (dashboard-08.braze.com)', url: 'https://rest.iad-08.braze.com' },
	{ name: 'US-09 (dashboard.us-09.braze.com)', url: 'https://rest.us-09.braze.com' },
	// Braze's pages disagree on US-10's host; the newest one says rest.us-10 (use Custom URL otherwise).
	{ name: 'US-10 (dashboard.us-10.braze.com)', url: 'https://rest.us-10.braze.com' },
	{ name: 'EU-01 (dashboard-01.braze.eu)', url: 'https://rest.fra-01.braze.eu' },
	{ name: 'EU-02 (dashboard-02.braze.eu)', url: 'https://rest.fra-02.braze.eu' },
	{ name: 'AU-01 (dashboard.au-01.braze.com)', url: 'https://rest.au-01.braze.com' },
	{ name: 'ID-01 (dashboard.id-01.braze.com)', url: 'https://rest.id-01.braze.com' },
	{ name: 'JP-01 (dashboard.jp-01.braze.com)', url: 'https://rest.jp-01.braze.com' },
	{ name: 'KR-01 (dashboard.kr-01.braze.com)', url: 'https://rest.kr-01.braze.com' },
];

export const CUSTOM_INSTANCE = 'custom';

/** https anywhere; plain http only for this machine, so a local sandbox works and keys never cross a network in clear. */
export const ALLOWED_URL = /^(https:\/\/[^\s/]+|http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?)(\/[^\s]*)?$/i;

/** The REST base URL a credential points at, or an explanation of what to fix. */
export function resolveBaseUrl(credentials: { instance?: unknown; customUrl?: unknown }):
	| { ok: true; url: string }
	| { ok: false; error: string } {
	const instance = String(credentials.instance ?? '');
	if (instance !== CUSTOM_INSTANCE) {
		if (BRAZE_INSTANCES.some((i) => i.url === instance)) return { ok: true, url: instance };
		return { ok: false, error: `The credential's Instance "${instance}" is not a Braze REST endpoint: pick one from the list` };
	}
	const url = String(credentials.customUrl ?? '').trim().replace(/\/+$/, '');
	if (!ALLOWED_URL.test(url)) {
		return {
			ok: false,
			error:
				'The credential\'s Custom URL must start with https:// (http:// is allowed only for localhost or 127.0.0.1), e.g. https://rest.iad-01.braze.com',
		};
	}
	return { ok: true, url };
}
