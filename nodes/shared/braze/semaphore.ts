/** Bounds how many requests are in flight; waiters are served first come, first served. */
export class Semaphore {
	private available: number;
	private readonly waiters: Array<() => void> = [];

	constructor(size: number) {
		this.available = Math.max(1, Math.floor(size));
	}

	async acquire(): Promise<void> {
		if (this.available > 0) {
			this.available--;
			return;
		}
		await new Promise<void>((resolve) => this.waiters.push(resolve));
	}

	release(): void {
		const next = this.waiters.shift();
		if (next) next();
		else this.available++;
	}
}
