import { randomBytes } from 'node:crypto';

// Braze ids look like Mongo ObjectIds: seconds, a per-process random part, a counter.
const processPart = randomBytes(5).toString('hex');
let counter = randomBytes(3).readUIntBE(0, 3);

export function newBrazeId(now = Date.now()): string {
	counter = (counter + 1) % 0x1000000;
	const seconds = Math.floor(now / 1000).toString(16).padStart(8, '0');
	return seconds + processPart + counter.toString(16).padStart(6, '0');
}

export function newDispatchId(): string {
	return randomBytes(18).toString('base64');
}
