// Bounded log of API requests: a ring of metadata, with bodies kept only on the newest entries.

export interface RequestLogEntry {
	seq: number;
	time: string;
	method: string;
	path: string;
	query: Record<string, string | string[]>;
	body: unknown;
	status: number;
	fault?: '429' | '5xx' | 'drop';
	durationMs: number;
}

export class RequestLog {
	private ring: (RequestLogEntry | undefined)[];
	private next = 0;
	private seq = 0;

	constructor(
		private capacity = 10_000,
		// Bodies of a large /users/track run would otherwise pin hundreds of MB.
		private bodyCapacity = 1_000,
	) {
		this.ring = new Array(capacity);
	}

	add(entry: Omit<RequestLogEntry, 'seq'>): void {
		const full: RequestLogEntry = { seq: ++this.seq, ...entry };
		this.ring[this.next] = full;
		const stale = this.ring[(this.next - this.bodyCapacity + this.capacity) % this.capacity];
		if (stale && stale.seq <= full.seq - this.bodyCapacity) stale.body = undefined;
		this.next = (this.next + 1) % this.capacity;
	}

	// Oldest first.
	list(filter: { path?: string; method?: string; limit?: number } = {}): RequestLogEntry[] {
		const out: RequestLogEntry[] = [];
		for (let i = 0; i < this.capacity; i++) {
			const e = this.ring[(this.next + i) % this.capacity];
			if (!e) continue;
			if (filter.path !== undefined && e.path !== filter.path) continue;
			if (filter.method !== undefined && e.method !== filter.method.toUpperCase()) continue;
			out.push(e);
		}
		return filter.limit !== undefined ? out.slice(-filter.limit) : out;
	}

	get total(): number {
		return this.seq;
	}

	clear(): void {
		this.ring = new Array(this.capacity);
		this.next = 0;
		this.seq = 0;
	}
}
