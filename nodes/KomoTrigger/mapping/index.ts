import type { BrazeChange } from '../../shared/braze/changes';
import { parseChange } from '../../shared/braze/changes';
import { isRecord, readPath } from '../../shared/values';
import { normaliseAnswers } from './answers';
import { addAnswerAttributes, mappedAttributes } from './attributes';
import { mapConsent } from './consent';
import { timeOf } from './context';
import { answerEventProperties } from './events';
import { explain } from './explain';
import { userOf } from './identity';
import { type KomoData, type KomoMappingSettings, type MapResult, fail } from './types';

export { normaliseAnswers } from './answers';
export { ANY_TRIGGER, triggerAllowed } from './context';
export { cleanValue, isEmptyValue, parseConsent } from './fieldValues';
export { userOf } from './identity';
export * from './types';

/** No Komo card asks this many questions; a body with more is refused before it becomes a 3 MB event. */
export const MAX_ANSWERS = 250;

/**
 * One Komo body -> the changes for one user, in the order Braze must apply them: attributes
 * (which create an alias-only user when needed), then events, then the subscription change.
 * Every change is checked with parseChange; the first problem comes back naming the Komo field.
 */
export function mapKomoToBraze(body: Record<string, unknown>, settings: KomoMappingSettings, now: Date): MapResult {
	const identity = userOf(body, settings);
	if (!identity.ok) return identity;
	const { user } = identity;
	const isAlias = settings.userMapping === 'alias_email' || settings.userMapping === 'alias_phone';
	const updateExistingOnly = settings.updateExistingOnly;

	const draft = mappedAttributes(body, settings);

	// Market research. A present value of another type would otherwise vanish without a word.
	const rawAnswers = settings.answers.as === 'none' ? undefined : readPath(body, settings.answers.path);
	if (rawAnswers !== undefined && rawAnswers !== null && !Array.isArray(rawAnswers) && !isRecord(rawAnswers)) {
		return fail(
			settings.answers.path,
			`Field "${settings.answers.path}" must be a list of {question, answer} objects or a {question: answer} object, got ${typeof rawAnswers}`,
		);
	}
	const count = Array.isArray(rawAnswers) ? rawAnswers.length : isRecord(rawAnswers) ? Object.keys(rawAnswers).length : 0;
	if (count > MAX_ANSWERS) {
		return fail(settings.answers.path, `Field "${settings.answers.path}" holds ${count} answers: at most ${MAX_ANSWERS} (one Braze event holds at most 50 KB of properties)`);
	}
	const answers = normaliseAnswers(rawAnswers);
	if (settings.answers.as === 'attributes' || settings.answers.as === 'both') addAnswerAttributes(draft, answers, settings);

	const consent = mapConsent(body, settings, identity.value, draft);
	if (!consent.ok) return consent;

	const time = timeOf(body, settings.occurredAtPath, now);
	const triggerValue = settings.triggerPath.trim() ? readPath(body, settings.triggerPath) : undefined;
	const trigger = typeof triggerValue === 'string' && triggerValue.trim() ? triggerValue.trim() : undefined;
	const card = isRecord(body.card) ? body.card : undefined;
	const { attributes, sourceOf } = draft;

	// An alias-only user exists in Braze only once an attributes object with
	// `_update_existing_only: false` created it, so that object goes first, even when empty.
	const changes: Array<Record<string, unknown>> = [];
	const createAlias = isAlias && !updateExistingOnly;
	if (Object.keys(attributes).length > 0 || createAlias) {
		changes.push({ type: 'attributes', user, attributes, updateExistingOnly });
	}
	for (const properties of answerEventProperties(answers, settings, trigger, card)) {
		changes.push({ type: 'event', user, name: settings.answers.eventName.trim(), time, properties, updateExistingOnly });
	}
	if (consent.change) changes.push(consent.change);

	const brazeChanges: BrazeChange[] = [];
	for (const candidate of changes) {
		const parsed = parseChange(candidate);
		if (!parsed.ok) return explain(candidate, parsed.error, settings, sourceOf);
		brazeChanges.push(parsed.change);
	}

	const komo: KomoData = {
		...(trigger ? { trigger } : {}),
		occurredAt: time,
		user,
		attributes,
		answers,
		...(consent.consent !== undefined ? { consent: consent.consent } : {}),
		...(card ? { card } : {}),
		body,
	};
	return { ok: true, komo, brazeChanges };
}
