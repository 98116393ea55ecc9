import type { IDataObject } from 'n8n-workflow';

import type { CurrentsEvent } from './schemas';

/** The "Any Event Type" choice of the Event Types filter. */
export const ANY_EVENT_TYPE = '*';

/**
 * Whether `type` is one of `allowed`: an exact name, "*" for any, or a prefix ending in ".*"
 * (e.g. `users.messages.email.*`). Names are case-sensitive, as Braze spells them.
 */
export function eventTypeAllowed(type: string, allowed: string[]): boolean {
	if (allowed.length === 0) return true;
	return allowed.some((entry) => entry === ANY_EVENT_TYPE || entry === type || (entry.endsWith('.*') && type.startsWith(entry.slice(0, -1))));
}

export interface BatchSelection {
	/** Events to output, in batch order. */
	selected: CurrentsEvent[];
	duplicates: number;
	ignored: number;
}

/**
 * Picks the events of a batch that start the run: of a chosen type and not seen before (Braze
 * resends whole batches on errors, and a batch can repeat an event). `seen` and `remember` are
 * the delivery memory; only selected events are remembered.
 */
export function selectEvents(
	events: CurrentsEvent[],
	allowed: string[],
	memory?: { seen: (id: string) => boolean; remember: (id: string) => void },
): BatchSelection {
	const selected: CurrentsEvent[] = [];
	let duplicates = 0;
	let ignored = 0;
	for (const event of events) {
		if (!eventTypeAllowed(event.event_type, allowed)) {
			ignored++;
			continue;
		}
		if (memory) {
			if (memory.seen(event.id)) {
				duplicates++;
				continue;
			}
			memory.remember(event.id);
		}
		selected.push(event);
	}
	return { selected, duplicates, ignored };
}

/** The reply to Braze: how many events came, how many started the run and why the others did not. */
export function batchReply(received: number, selection: BatchSelection): IDataObject {
	return { received: true, events: received, accepted: selection.selected.length, duplicates: selection.duplicates, ignored: selection.ignored };
}

/**
 * The body we recommend for a webhook campaign or Canvas webhook step (Compose > Request Body >
 * Raw Text, Liquid). docs/braze-trigger.md explains each key; delivery_id makes resends detectable.
 */
export const WEBHOOK_BODY_TEMPLATE = [
	'{',
	'  "external_id": "{{${user_id}}}",',
	'  "braze_id": "{{${braze_id}}}",',
	'  "email": "{{${email_address}}}",',
	'  "first_name": "{{${first_name}}}",',
	'  "campaign_id": "{{campaign.${api_id}}}",',
	'  "canvas_id": "{{canvas.${api_id}}}",',
	'  "delivery_id": "{{campaign.${dispatch_id}}}-{{${user_id}}}"',
	'}',
].join('\n');
