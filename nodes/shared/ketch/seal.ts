import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'crypto';

/**
 * Callback headers of a rights request (e.g. `Authorization: <token Ketch issued for it>`) are
 * secrets: execution data would show them to anyone who can open the execution. The trigger seals
 * them with AES-256-GCM under a key derived from the Ketch credential's token, bound to the
 * callback URL; the Ketch credential opens them while the Ketch node sends the status event.
 * Items carry only ciphertext, and sealed headers cannot be replayed against another URL.
 */

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The request header the Ketch node uses to hand sealed headers to the credential. */
export const SEALED_HEADERS_HEADER = 'x-n8n-ketch-sealed-headers';

function keyOf(token: string): Buffer {
	return Buffer.from(hkdfSync('sha256', token, 'n8n-nodes-braze', 'ketch callback headers v1', 32));
}

export function sealHeaders(token: string, url: string, headers: Record<string, string>): string {
	const iv = randomBytes(IV_BYTES);
	const cipher = createCipheriv('aes-256-gcm', keyOf(token), iv);
	cipher.setAAD(Buffer.from(url, 'utf8'));
	const ciphertext = Buffer.concat([cipher.update(JSON.stringify(headers), 'utf8'), cipher.final()]);
	return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64url')}`;
}

/** The headers sealed for `url`; throws a message that names the likely cause, never a secret. */
export function openHeaders(token: string, url: string, sealed: string): Record<string, string> {
	const [version, payload] = sealed.split('.');
	if (version !== VERSION || !payload) {
		throw new Error('The sealed callback headers are not in a format this node knows: pass the "ketch" field of the Ketch Trigger unchanged');
	}
	const raw = Buffer.from(payload, 'base64url');
	if (raw.length < IV_BYTES + TAG_BYTES) throw new Error('The sealed callback headers are truncated: pass the "ketch" field of the Ketch Trigger unchanged');
	const headers = decrypt(token, url, raw);
	if (!headers || typeof headers !== 'object' || Array.isArray(headers)) {
		throw new Error(
			'Could not open the sealed callback headers: use the same Ketch credential as the Ketch Trigger that received the request (a changed token cannot open them), and keep the callback URL unchanged',
		);
	}
	return headers as Record<string, string>;
}

/** The sealed JSON, or undefined when the key, the URL or the bytes do not match. */
function decrypt(token: string, url: string, raw: Buffer): unknown {
	try {
		const decipher = createDecipheriv('aes-256-gcm', keyOf(token), raw.subarray(0, IV_BYTES));
		decipher.setAAD(Buffer.from(url, 'utf8'));
		decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
		const plain = Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
		return JSON.parse(plain) as unknown;
	} catch {
		return undefined;
	}
}
