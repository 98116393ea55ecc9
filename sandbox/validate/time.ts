// Braze date formats (braze-api.md §4): ISO 8601 and a few others; no zone means UTC.

function pad(s: string): string {
	return s.length === 1 ? `0${s}` : s;
}

export function parseBrazeTime(input: string): number | undefined {
	let t = input.trim();
	const us = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(t);
	if (us) return Date.UTC(Number(us[3]), Number(us[1]) - 1, Number(us[2]));
	if (/^\d{4}-\d{2}-\d{2}/.test(t)) {
		// yyyy-MM-ddTHH:mm:ss:SSSZ uses a colon before the milliseconds.
		t = t.replace(/^(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}):(\d{3})/, '$1.$2').replace(' ', 'T');
		// Offsets written like +1:00 (seen in Braze's own examples).
		t = t.replace(/([+-])(\d{1,2}):?(\d{2})$/, (_m, sign: string, h: string, m: string) => `${sign}${pad(h)}:${m}`);
		if (t.length === 10) t += 'T00:00:00Z';
		else if (!/(Z|[+-]\d{2}:\d{2})$/i.test(t)) t += 'Z';
	}
	const ms = Date.parse(t);
	return Number.isNaN(ms) ? undefined : ms;
}

// Timestamps in the future become "now", as Braze does.
export function normaliseTime(ms: number, now: number): string {
	return new Date(Math.min(ms, now)).toISOString();
}
