import { randomBytes } from 'node:crypto';

// What /messages/send sent and what the scheduling endpoints hold (messages, campaigns, Canvases).

export type ScheduleKind = 'messages' | 'campaign' | 'canvas';

export interface ScheduleRecord {
	schedule_id: string;
	dispatch_id: string;
	kind: ScheduleKind;
	/** The campaign or Canvas it belongs to (messages schedules have none, or an analytics campaign). */
	target_id?: string;
	schedule: { time: string; in_local_time?: boolean; at_optimal_time?: boolean };
	body: Record<string, unknown>;
	created_at: string;
	updated_at: string;
}

export interface MessageSendRecord {
	dispatch_id: string;
	broadcast: boolean;
	segment_id?: string;
	external_user_ids: string[];
	user_aliases: unknown[];
	campaign_id?: string;
	send_id?: string;
	messages: Record<string, unknown>;
	at: string;
}

export class MessagingStore {
	sent: MessageSendRecord[] = [];
	readonly schedules = new Map<string, ScheduleRecord>();
	/** One running /users/export/segment per segment, as Braze allows; the sandbox finishes them at once. */
	exports: Array<{ segment_id: string; fields_to_export: string[]; object_prefix: string; callback_endpoint?: string; at: string }> = [];

	static newScheduleId(): string {
		return randomBytes(12).toString('hex');
	}

	clear(): void {
		this.sent = [];
		this.schedules.clear();
		this.exports = [];
	}
}
