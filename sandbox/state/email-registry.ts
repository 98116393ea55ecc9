import { emailKey } from './keys';
import type { ChannelState } from './user';

// Workspace-wide email state: it exists even for addresses no user has yet (braze-api.md §2.11).
export interface EmailRecord {
	email: string;
	subscription_state?: ChannelState;
	blocklisted: boolean;
	unsubscribed_at?: string;
	hard_bounced_at?: string;
	updated_at: string;
}

export class EmailRegistry {
	private map = new Map<string, EmailRecord>();

	get(email: string): EmailRecord | undefined {
		return this.map.get(emailKey(email));
	}

	setState(email: string, state: ChannelState, now: string): EmailRecord {
		const r = this.record(email, now);
		if (state === 'unsubscribed' && r.subscription_state !== 'unsubscribed') r.unsubscribed_at = now;
		if (state !== 'unsubscribed') r.unsubscribed_at = undefined;
		r.subscription_state = state;
		return r;
	}

	// Blocklisting unsubscribes the address and marks it hard-bounced.
	blocklist(email: string, now: string): EmailRecord {
		const r = this.setState(email, 'unsubscribed', now);
		r.blocklisted = true;
		r.hard_bounced_at = r.hard_bounced_at ?? now;
		return r;
	}

	all(): EmailRecord[] {
		return [...this.map.values()];
	}

	clear(): void {
		this.map.clear();
	}

	private record(email: string, now: string): EmailRecord {
		const key = emailKey(email);
		let r = this.map.get(key);
		if (!r) this.map.set(key, (r = { email: key, blocklisted: false, updated_at: now }));
		r.updated_at = now;
		return r;
	}
}
