// Bearer key check. Error texts show at most the first 4 characters (never a whole key).

export function maskKey(key: string): string {
	return `${key.slice(0, Math.min(4, Math.floor(key.length / 2)))}***`;
}

export function bearerError(header: string | undefined, apiKey: string): string | undefined {
	const m = /^Bearer\s+(.+)$/i.exec((header ?? '').trim());
	const key = m ? m[1].trim() : '';
	// A key wrapped in quotes is wrong too, as Braze documents.
	return key === apiKey ? undefined : `Invalid API key: ${maskKey(key)}`;
}
