import { setUserEmail } from './profile-ops';
import type { SandboxState } from './state';
import type { UserProfile } from './user';

// Folds `from` into `to` the way identify and merge do: `to` keeps its own values,
// gains the ones it lacks, and gets every event and purchase. `from` is deleted.
export function mergeInto(state: SandboxState, from: UserProfile, to: UserProfile, now: number): void {
	if (from === to) return;
	const fromEmail = from.email;
	const fromPhone = from.phone;
	const fromAliases = from.user_aliases.slice();
	state.users.delete(from);

	for (const [k, v] of Object.entries(from.attributes)) if (!(k in to.attributes)) to.attributes[k] = v;
	for (const [k, v] of Object.entries(from.custom_attributes)) if (!(k in to.custom_attributes)) to.custom_attributes[k] = v;
	for (const [k, v] of Object.entries(from.subscription_groups)) if (!(k in to.subscription_groups)) to.subscription_groups[k] = v;
	if (to.email === undefined && fromEmail !== undefined) setUserEmail(state, to, fromEmail);
	if (to.phone === undefined && fromPhone !== undefined) state.users.setPhone(to, fromPhone);
	to.email_subscribe = to.email_subscribe ?? from.email_subscribe;
	to.push_subscribe = to.push_subscribe ?? from.push_subscribe;
	// Plain loops: spreading a long event history into push() can overflow the stack.
	for (const e of from.custom_events) to.custom_events.push(e);
	for (const p of from.purchases) to.purchases.push(p);
	for (const t of from.push_tokens) to.push_tokens.push(t);
	for (const m of from.messages_received) to.messages_received.push(m);

	const labels = new Set(to.user_aliases.map((a) => a.alias_label));
	for (const a of fromAliases) {
		if (!labels.has(a.alias_label) && !state.users.byAliasOf(a)) state.users.addAlias(to, a);
	}
	state.users.touch(to, now);
}
