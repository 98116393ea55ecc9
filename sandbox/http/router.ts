// Exact paths hit a Map; the few paths with parameters are matched segment by segment.

export interface Match<T> {
	route: T;
	params: Record<string, string>;
}

export class Router<T extends { method: string; path: string }> {
	private exact = new Map<string, T>();
	private patterns: { route: T; parts: string[] }[] = [];

	constructor(routes: T[]) {
		for (const r of routes) {
			if (r.path.includes(':')) this.patterns.push({ route: r, parts: r.path.split('/') });
			else this.exact.set(`${r.method} ${r.path}`, r);
		}
	}

	match(method: string, path: string): Match<T> | undefined {
		const hit = this.exact.get(`${method} ${path}`);
		if (hit) return { route: hit, params: {} };
		const parts = path.split('/');
		for (const p of this.patterns) {
			if (p.route.method !== method || p.parts.length !== parts.length) continue;
			const params: Record<string, string> = {};
			const ok = p.parts.every((seg, i) => {
				if (seg.startsWith(':')) {
					if (!parts[i]) return false;
					params[seg.slice(1)] = decodeURIComponent(parts[i]);
					return true;
				}
				return seg === parts[i];
			});
			if (ok) return { route: p.route, params };
		}
		return undefined;
	}
}
