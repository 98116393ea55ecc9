/** Braze's X-RateLimit-* headers, read case-insensitively (HTTP/2 sends them in lower case). */
export interface RateLimitInfo {
	limit?: number;
	remaining?: number;
	/** Absolute time the window resets, in ms since the epoch (Braze sends epoch seconds). */
	resetAtMs?: number;
}

export function readRateLimit(headers: Record<string, unknown> | undefined): RateLimitInfo {
	const info: RateLimitInfo = {};
	if (!headers) return info;
	for (const [name, raw] of Object.entries(headers)) {
		const value = Number(Array.isArray(raw) ? raw[0] : raw);
		if (!Number.isFinite(value)) continue;
		switch (name.toLowerCase()) {
			case 'x-ratelimit-limit':
				info.limit = value;
				break;
			case 'x-ratelimit-remaining':
				info.remaining = value;
				break;
			case 'x-ratelimit-reset':
				// Epoch seconds per Braze's docs; tolerate a server that sends milliseconds.
				info.resetAtMs = value > 1e12 ? value : value * 1000;
				break;
		}
	}
	return info;
}
