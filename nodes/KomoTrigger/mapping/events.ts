import type { KomoAnswer, KomoMappingSettings } from './types';

/**
 * The properties of the answer events: one event per answer, or one event holding every answer
 * (none without answers), each with the trigger and the card it came from.
 */
export function answerEventProperties(
	answers: KomoAnswer[],
	settings: Pick<KomoMappingSettings, 'answers'>,
	trigger: string | undefined,
	card: Record<string, unknown> | undefined,
): Array<Record<string, unknown>> {
	if (settings.answers.as !== 'event' && settings.answers.as !== 'both') return [];
	const context: Record<string, unknown> = {};
	if (trigger) context.komo_trigger = trigger;
	if (card && (typeof card.id === 'string' || typeof card.id === 'number')) context.card_id = card.id;
	if (card && typeof card.name === 'string' && card.name.trim()) context.card_name = card.name.trim();
	if (settings.answers.eventPerAnswer) {
		return answers.map((answer) => ({
			...context,
			question_key: answer.key,
			...(answer.question ? { question: answer.question } : {}),
			answer: answer.answer,
			...(answer.type ? { question_type: answer.type } : {}),
			...(answer.correct !== undefined ? { correct: answer.correct } : {}),
		}));
	}
	if (answers.length === 0) return [];
	const properties: Record<string, unknown> = { ...context, answer_count: answers.length };
	for (const answer of answers) properties[answer.key] = answer.answer;
	return [properties];
}
