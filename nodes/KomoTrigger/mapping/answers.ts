import { RESERVED_PROPERTY_NAMES, isRecord, slugify } from '../../shared/values';
import { cleanValue } from './fieldValues';
import type { AnswerValue, KomoAnswer } from './types';

/** Attribute and property keys are at most this long (Braze allows more; readable names stay short). */
const MAX_KEY_LENGTH = 100;

function answerValue(value: unknown): AnswerValue | undefined {
	const cleaned = cleanValue(value);
	if (cleaned === undefined) return undefined;
	if (typeof cleaned === 'string' || typeof cleaned === 'number' || typeof cleaned === 'boolean') return cleaned;
	if (Array.isArray(cleaned)) {
		const list = cleaned.map((entry) => answerValue(entry)).filter((entry) => entry !== undefined).map(String);
		return list.length ? list : undefined;
	}
	if (isRecord(cleaned)) {
		// A chosen option as an object: take its visible text.
		for (const key of ['text', 'label', 'title', 'value', 'name']) {
			const inner = answerValue(cleaned[key]);
			if (inner !== undefined && !Array.isArray(inner)) return inner;
		}
	}
	return undefined;
}

/**
 * Market-research answers as a list: `[{id?, question, answer, type?}]` (our template) or a
 * plain `{question: answer}` object. Empty answers are dropped; keys are unique slugs.
 */
export function normaliseAnswers(raw: unknown): KomoAnswer[] {
	let entries: Array<{ id?: unknown; question?: unknown; answer: unknown; type?: unknown; correct?: unknown }> = [];
	if (Array.isArray(raw)) {
		entries = raw.filter(isRecord).map((entry) => ({
			id: entry.id ?? entry.questionId ?? entry.key,
			question: entry.question ?? entry.title ?? entry.label,
			answer: entry.answer ?? entry.answers ?? entry.value ?? entry.response,
			type: entry.type,
			correct: entry.correct ?? entry.isCorrect,
		}));
	} else if (isRecord(raw)) {
		entries = Object.entries(raw).map(([question, answer]) => ({ question, answer }));
	}
	const used = new Set<string>();
	const answers: KomoAnswer[] = [];
	entries.forEach((entry, index) => {
		const answer = answerValue(entry.answer);
		if (answer === undefined) return;
		const question = typeof entry.question === 'string' && entry.question.trim() ? entry.question.trim() : undefined;
		const source = typeof entry.id === 'string' || typeof entry.id === 'number' ? String(entry.id) : (question ?? '');
		let key = slugify(source, MAX_KEY_LENGTH) || `question_${index + 1}`;
		if (RESERVED_PROPERTY_NAMES.includes(key)) key = `answer_${key}`;
		let unique = key;
		for (let n = 2; used.has(unique); n++) unique = `${key}_${n}`;
		used.add(unique);
		answers.push({
			key: unique,
			...(question ? { question } : {}),
			answer,
			...(typeof entry.type === 'string' && entry.type.trim() ? { type: entry.type.trim() } : {}),
			...(typeof entry.correct === 'boolean' ? { correct: entry.correct } : {}),
		});
	});
	return answers;
}
