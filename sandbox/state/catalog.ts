// Campaign, Canvas and segment fixtures that the list and send endpoints work against.

export interface Campaign {
	id: string;
	name: string;
	last_edited: string;
	is_api_campaign: boolean;
	tags: string[];
	archived: boolean;
	paused: boolean;
	transactional: boolean;
}

export interface Canvas {
	id: string;
	name: string;
	last_edited: string;
	tags: string[];
	archived: boolean;
	paused: boolean;
}

export interface Segment {
	id: string;
	name: string;
	analytics_tracking_enabled: boolean;
	tags: string[];
	created_at: string;
}

export const FIXTURE_IDS = {
	campaigns: {
		welcome: '8f1c2a10-0000-4000-8000-000000000001',
		receipt: '8f1c2a10-0000-4000-8000-000000000002',
		archived: '8f1c2a10-0000-4000-8000-000000000003',
	},
	canvases: {
		onboarding: '5c4e7b20-0000-4000-8000-000000000001',
		winback: '5c4e7b20-0000-4000-8000-000000000002',
	},
	segments: {
		all: '3a9d6e30-0000-4000-8000-000000000001',
		active: '3a9d6e30-0000-4000-8000-000000000002',
		vip: '3a9d6e30-0000-4000-8000-000000000003',
	},
};

function fixtureCampaigns(): Campaign[] {
	const c = FIXTURE_IDS.campaigns;
	return [
		{ id: c.welcome, name: 'Welcome email', last_edited: '2024-01-10T09:00:00+00:00', is_api_campaign: true, tags: ['onboarding'], archived: false, paused: false, transactional: false },
		{ id: c.receipt, name: 'Order receipt', last_edited: '2024-02-01T12:30:00+00:00', is_api_campaign: true, tags: ['transactional'], archived: false, paused: false, transactional: true },
		{ id: c.archived, name: 'Spring sale 2023', last_edited: '2023-04-01T08:00:00+00:00', is_api_campaign: true, tags: ['promo'], archived: true, paused: false, transactional: false },
	];
}

function fixtureCanvases(): Canvas[] {
	const c = FIXTURE_IDS.canvases;
	return [
		{ id: c.onboarding, name: 'Onboarding journey', last_edited: '2024-01-15T10:00:00+00:00', tags: ['onboarding'], archived: false, paused: false },
		{ id: c.winback, name: 'Win-back (stopped)', last_edited: '2023-11-20T16:45:00+00:00', tags: ['retention'], archived: false, paused: true },
	];
}

function fixtureSegments(): Segment[] {
	const s = FIXTURE_IDS.segments;
	return [
		{ id: s.all, name: 'All users', analytics_tracking_enabled: true, tags: [], created_at: '2023-01-01T00:00:00+00:00' },
		{ id: s.active, name: 'Active last 30 days', analytics_tracking_enabled: true, tags: ['engagement'], created_at: '2023-06-01T00:00:00+00:00' },
		{ id: s.vip, name: 'VIP customers', analytics_tracking_enabled: false, tags: ['revenue'], created_at: '2024-03-01T00:00:00+00:00' },
	];
}

export class Catalog {
	campaigns = fixtureCampaigns();
	canvases = fixtureCanvases();
	segments = fixtureSegments();

	reset(): void {
		this.campaigns = fixtureCampaigns();
		this.canvases = fixtureCanvases();
		this.segments = fixtureSegments();
	}

	campaign(id: string): Campaign | undefined {
		return this.campaigns.find((c) => c.id === id);
	}

	canvas(id: string): Canvas | undefined {
		return this.canvases.find((c) => c.id === id);
	}

	// Extra generated items, so paging past 100 can be exercised.
	seed(n: { campaigns?: number; canvases?: number; segments?: number }): void {
		const stamp = (i: number) => new Date(Date.UTC(2022, 0, 1) + i * 60_000).toISOString().replace('Z', '+00:00');
		const id = (prefix: string, i: number) => `${prefix}-0000-4000-9000-${String(i).padStart(12, '0')}`;
		for (let i = 0; i < (n.campaigns ?? 0); i++) {
			const k = this.campaigns.length;
			this.campaigns.push({ id: id('c0ffee00', k), name: `Generated campaign ${k}`, last_edited: stamp(k), is_api_campaign: true, tags: [], archived: false, paused: false, transactional: false });
		}
		for (let i = 0; i < (n.canvases ?? 0); i++) {
			const k = this.canvases.length;
			this.canvases.push({ id: id('cafe0000', k), name: `Generated canvas ${k}`, last_edited: stamp(k), tags: [], archived: false, paused: false });
		}
		for (let i = 0; i < (n.segments ?? 0); i++) {
			const k = this.segments.length;
			this.segments.push({ id: id('5e600000', k), name: `Generated segment ${k}`, analytics_tracking_enabled: false, tags: [], created_at: stamp(k) });
		}
	}
}
