/* eslint-disable @n8n/community-nodes/no-restricted-imports */
// Benchmark tooling: it runs beside n8n, never inside it, so the community-node rules do not apply.
/**
 * Is the sandbox's final state exactly what N items should leave? Every user bench-0 .. bench-(N-1)
 * exists with exactly the 3 custom attributes of its item (and nothing else set) and exactly one
 * custom event; no other user exists. A fast run that loses or duplicates a record fails here.
 */
import { isDeepStrictEqual } from 'node:util';

import type { Sandbox } from '../../sandbox/server';
import { EVENT_NAME, ID_PREFIX, expectedAttributes } from './workflows';

export interface StateCheck {
	ok: boolean;
	users: number;
	/** Users the run should have made but did not. */
	missing: number;
	/** Users whose attributes differ from their item (missing, extra or wrong values). */
	wrongAttributes: number;
	/** Users with no custom event (lost). */
	lostEvents: number;
	/** Users with more than one event (sent twice). */
	duplicatedEvents: number;
	/** Users that no item asked for. */
	unexpectedUsers: number;
	/** A few examples, for the report. */
	examples: string[];
}

export function checkState(sandbox: Sandbox, n: number): StateCheck {
	const check: StateCheck = {
		ok: false,
		users: sandbox.state.users.size,
		missing: 0,
		wrongAttributes: 0,
		lostEvents: 0,
		duplicatedEvents: 0,
		unexpectedUsers: 0,
		examples: [],
	};
	const note = (text: string) => {
		if (check.examples.length < 5) check.examples.push(text);
	};
	for (let i = 0; i < n; i++) {
		const id = `${ID_PREFIX}${i}`;
		const user = sandbox.state.user(id);
		if (!user) {
			check.missing++;
			note(`${id}: missing`);
			continue;
		}
		const standard = Object.entries({
			...user.attributes,
			email: user.email,
			phone: user.phone,
			email_subscribe: user.email_subscribe,
			push_subscribe: user.push_subscribe,
			...(Object.keys(user.subscription_groups).length
				? { subscription_groups: user.subscription_groups }
				: {}),
		}).filter(([, value]) => value !== undefined);
		if (
			!isDeepStrictEqual(user.custom_attributes, expectedAttributes(i)) ||
			standard.length > 0 ||
			user.purchases.length > 0
		) {
			check.wrongAttributes++;
			note(
				`${id}: attributes ${JSON.stringify(user.custom_attributes)}${standard.length ? ` + ${JSON.stringify(Object.fromEntries(standard))}` : ''}`,
			);
		}
		const events = user.custom_events.filter((event) => event.name === EVENT_NAME).length;
		if (events === 0 || user.custom_events.length !== events) {
			check.lostEvents += events === 0 ? 1 : 0;
			if (user.custom_events.length !== events)
				note(`${id}: unexpected events ${JSON.stringify(user.custom_events)}`);
		}
		if (events > 1) {
			check.duplicatedEvents++;
			note(`${id}: ${events} events`);
		}
	}
	for (const user of sandbox.state.users.all()) {
		const match =
			user.external_id === undefined
				? null
				: new RegExp(`^${ID_PREFIX}(\\d+)$`).exec(user.external_id);
		if (!match || Number(match[1]) >= n || String(Number(match[1])) !== match[1]) {
			check.unexpectedUsers++;
			note(`unexpected user ${user.external_id ?? user.braze_id}`);
		}
	}
	check.ok =
		check.missing === 0 &&
		check.wrongAttributes === 0 &&
		check.lostEvents === 0 &&
		check.duplicatedEvents === 0 &&
		check.unexpectedUsers === 0 &&
		check.users === n;
	return check;
}

export function describeCheck(check: StateCheck): string {
	if (check.ok) return 'exact';
	const parts = [
		check.missing && `${check.missing} missing`,
		check.wrongAttributes && `${check.wrongAttributes} wrong attributes`,
		check.lostEvents && `${check.lostEvents} lost events`,
		check.duplicatedEvents && `${check.duplicatedEvents} duplicated events`,
		check.unexpectedUsers && `${check.unexpectedUsers} unexpected users`,
	].filter(Boolean);
	return `WRONG: ${parts.join(', ') || `${check.users} users`}`;
}
