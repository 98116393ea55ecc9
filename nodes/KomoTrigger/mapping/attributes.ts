import { standardAttributeValue } from '../../shared/braze/dataRules';
import { readPath } from '../../shared/values';
import { cleanValue } from './fieldValues';
import type { KomoAnswer, KomoMappingSettings } from './types';

/** Where an attribute came from, to name it when Braze's rules refuse the value. */
export type AttributeSources = Map<string, { field: string; label: string }>;

/** The attributes of one body being built, with where each came from. */
export interface AttributesDraft {
	attributes: Record<string, unknown>;
	sourceOf: AttributeSources;
}

/** Field mapping: only mapped, non-empty fields; the last mapping of an attribute wins. */
export function mappedAttributes(body: Record<string, unknown>, settings: Pick<KomoMappingSettings, 'fields'>): AttributesDraft {
	const attributes: Record<string, unknown> = {};
	const sourceOf: AttributeSources = new Map();
	for (const mapping of settings.fields) {
		const attribute = mapping.brazeAttribute.trim();
		const komoField = mapping.komoField.trim();
		if (!attribute || !komoField) continue;
		const value = cleanValue(readPath(body, komoField));
		if (value === undefined) continue;
		attributes[attribute] = standardAttributeValue(attribute, value);
		sourceOf.set(attribute, { field: komoField, label: `Komo field "${komoField}"` });
	}
	return { attributes, sourceOf };
}

/** Answers as attributes: `<prefix><answer key>` each. */
export function addAnswerAttributes(draft: AttributesDraft, answers: KomoAnswer[], settings: Pick<KomoMappingSettings, 'answers'>): void {
	const { path, attributePrefix } = settings.answers;
	for (const answer of answers) {
		const attribute = `${attributePrefix}${answer.key}`;
		draft.attributes[attribute] = answer.answer;
		draft.sourceOf.set(attribute, { field: path, label: `Answer "${answer.question ?? answer.key}" in "${path}"` });
	}
}
