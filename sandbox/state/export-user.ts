import type { Catalog } from './catalog';
import type { UserProfile } from './user';

// Braze's user export object (braze-api.md §2.8), built from the stored profile.

interface Summary {
	name: string;
	first: string;
	last: string;
	count: number;
}

function summarise<T>(items: T[], name: (x: T) => string, time: (x: T) => string, weight: (x: T) => number): Summary[] {
	const by = new Map<string, Summary>();
	for (const x of items) {
		const n = name(x);
		const t = time(x);
		const s = by.get(n);
		if (!s) by.set(n, { name: n, first: t, last: t, count: weight(x) });
		else {
			if (t < s.first) s.first = t;
			if (t > s.last) s.last = t;
			s.count += weight(x);
		}
	}
	return [...by.values()];
}

const STANDARD_EXPORT = ['first_name', 'last_name', 'dob', 'home_city', 'country', 'language', 'time_zone', 'gender'];

export function exportUser(u: UserProfile, catalog: Catalog, fields?: Set<string>): Record<string, unknown> {
	const full: Record<string, unknown> = {
		created_at: u.created_at,
		external_id: u.external_id,
		user_aliases: u.user_aliases,
		braze_id: u.braze_id,
		email: u.email,
		phone: u.phone,
		push_subscribe: u.push_subscribe,
		email_subscribe: u.email_subscribe,
		custom_attributes: u.custom_attributes,
		custom_events: summarise(u.custom_events, (e) => e.name, (e) => e.time, () => 1),
		purchases: summarise(u.purchases, (p) => p.product_id, (p) => p.time, (p) => p.quantity),
		total_revenue: u.purchases.reduce((sum, p) => sum + p.price * p.quantity, 0),
		devices: [],
		push_tokens: u.push_tokens,
		apps: [],
		campaigns_received: received(u, catalog, 'campaign'),
		canvases_received: received(u, catalog, 'canvas'),
		cards_clicked: [],
	};
	for (const k of STANDARD_EXPORT) full[k] = u.attributes[k];
	const loc = u.attributes.current_location as { longitude?: number; latitude?: number } | undefined;
	if (loc) full.last_coordinates = [loc.longitude, loc.latitude];
	const out: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(full)) {
		if (v !== undefined && (!fields || fields.has(k))) out[k] = v;
	}
	return out;
}

function received(u: UserProfile, catalog: Catalog, type: 'campaign' | 'canvas'): Record<string, unknown>[] {
	const last = new Map<string, string>();
	for (const m of u.messages_received) {
		const t = m.type === 'transactional' ? 'campaign' : m.type;
		if (t === type) last.set(m.id, m.at);
	}
	return [...last].map(([id, at]) =>
		type === 'campaign'
			? { name: catalog.campaign(id)?.name, api_campaign_id: id, last_received: at, engaged: {}, converted: false, in_control: false }
			: { name: catalog.canvas(id)?.name, api_canvas_id: id, last_received_message: at, last_entered: at, in_control: false },
	);
}
