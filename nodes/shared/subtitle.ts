/**
 * Node subtitles that read as words: an expression fragment that looks a key (an expression such
 * as `$parameter["status"]`) up in a table of words, falling back to the raw key for a value the
 * table does not know (e.g. an expression the user typed).
 */
export function wordsFor(words: Record<string, string>, key: string): string {
	return `(${JSON.stringify(words)}[${key}] || ${key})`;
}
