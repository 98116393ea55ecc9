/**
 * Identifiers a partner sends become Braze external ids, emails and alias names. Control characters
 * (NUL, newlines, ...) and huge values are never a real identifier: they would create a broken
 * user, so they are refused, naming the field, before a run starts.
 */
export const MAX_IDENTIFIER_LENGTH = 255;

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** Why `value` cannot identify a Braze user ("contains a control character ..."), or undefined. */
export function identifierProblem(value: string): string | undefined {
	if (value.length > MAX_IDENTIFIER_LENGTH) return `is ${value.length} characters long: an identifier has at most ${MAX_IDENTIFIER_LENGTH}`;
	const at = value.search(CONTROL);
	if (at >= 0) return `contains a control character (U+${value.charCodeAt(at).toString(16).toUpperCase().padStart(4, '0')} at position ${at}): send the identifier as plain text`;
	return undefined;
}
