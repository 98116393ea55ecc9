import type { UserAlias } from './user';

// Every trigger or transactional send, and the 24 h external_send_id memory.

export interface SendRecipient {
	external_user_id?: string;
	user_alias?: UserAlias;
	email?: string;
	braze_id?: string;
	// False when the named user does not exist and send_to_existing_only kept it from being created.
	matched: boolean;
	trigger_properties?: unknown;
	context?: unknown;
}

export interface SendRecord {
	dispatch_id: string;
	type: 'campaign' | 'canvas' | 'transactional';
	campaign_id?: string;
	canvas_id?: string;
	send_id?: string;
	external_send_id?: string;
	broadcast: boolean;
	audience?: unknown;
	recipients: SendRecipient[];
	trigger_properties?: unknown;
	context?: unknown;
	notice?: string;
	at: string;
}

const DEDUPE_MS = 24 * 3_600_000;

export class SendLog {
	records: SendRecord[] = [];
	private seen = new Map<string, { dispatchId: string; at: number }>();

	add(r: SendRecord): void {
		this.records.push(r);
	}

	recall(key: string, now: number): string | undefined {
		const hit = this.seen.get(key);
		if (!hit) return undefined;
		if (now - hit.at >= DEDUPE_MS) {
			this.seen.delete(key);
			return undefined;
		}
		return hit.dispatchId;
	}

	remember(key: string, dispatchId: string, now: number): void {
		this.seen.set(key, { dispatchId, at: now });
	}

	clear(): void {
		this.records = [];
		this.seen.clear();
	}
}
