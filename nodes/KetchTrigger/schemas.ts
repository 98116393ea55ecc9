import { z } from 'zod';

import {
	DSR_API_VERSION,
	type KetchKind,
	type KetchMetadata,
	REQUEST_KINDS,
	type RightsKind,
	apiVersionsOf,
} from '../shared/ketch/protocol';

/**
 * zod schemas for every kind Ketch sends, derived from ketch-forwarder's OpenAPI file
 * (components/schemas) with the required fields of its protocol pages (the api folder), which the
 * reference receiver (go-ketch-forwarder) enforces too. Unknown extra fields are kept, not refused:
 * Ketch adds fields over time (e.g. `claims`), and a 400 makes it retry and then fail the request.
 */

const text = () =>
	z.string({ required_error: 'is required', invalid_type_error: 'must be a string' }).min(1, 'must not be empty');
const optionalText = () => z.string({ invalid_type_error: 'must be a string' }).optional();
const timestamp = () =>
	z
		.number({ required_error: 'is required', invalid_type_error: 'must be a UNIX timestamp in seconds (a number)' })
		.int('must be a whole number of seconds')
		.nonnegative('must not be negative');

const identitySchema = z
	.object({
		identitySpace: text(),
		/** raw (the default), md5 or sha1 in the OpenAPI file; the reference receiver adds sha256 and sha512. */
		identityFormat: optionalText(),
		identityValue: text(),
	})
	.passthrough();
export type KetchIdentity = z.infer<typeof identitySchema>;

const metadataSchema = z.object({ uid: text(), tenant: text() }).passthrough();

const contextSchema = z.record(
	z.union([z.string(), z.number(), z.boolean()], {
		errorMap: () => ({ message: 'must be a string, number or boolean' }),
	}),
);

const callbackSchema = z
	.object({
		url: text().url('must be a URL, e.g. https://dsr.ketch.com/callback'),
		headers: z.record(z.string({ invalid_type_error: 'must be a string' })).optional(),
	})
	.passthrough();
export type KetchCallback = z.infer<typeof callbackSchema>;

/** DataSubject: email, firstName and lastName are required (dsr/v1 README); extra fields are strings. */
const subjectSchema = z
	.object({
		type: optionalText(),
		email: text(),
		firstName: text(),
		lastName: text(),
		addressLine1: optionalText(),
		addressLine2: optionalText(),
		city: optionalText(),
		stateRegionCode: optionalText(),
		postalCode: optionalText(),
		countryCode: optionalText(),
		description: optionalText(),
		formData: z.record(z.string({ invalid_type_error: 'must be a string' })).optional(),
	})
	.catchall(z.string({ invalid_type_error: 'must be a string' }));
export type KetchSubject = z.infer<typeof subjectSchema>;

const STATUS_MESSAGE = 'must be "granted" or "denied"';
const grantedOrDenied = z.enum(['granted', 'denied'], { errorMap: () => ({ message: STATUS_MESSAGE }) });

/**
 * A subscription status: the OpenAPI file maps codes straight to "granted" | "denied"; the
 * protocol pages wrap it as {"status": ...}. Both arrive as the bare status.
 */
const subscriptionStatus = z.preprocess(
	(value) =>
		value !== null && typeof value === 'object' && !Array.isArray(value) && 'status' in value
			? (value as { status: unknown }).status
			: value,
	z.enum(['granted', 'denied'], { errorMap: () => ({ message: `${STATUS_MESSAGE} (or {"status": "granted"})` }) }),
);

const common = {
	controller: optionalText(),
	property: text(),
	environment: text(),
	identities: z.array(identitySchema, { required_error: 'is required', invalid_type_error: 'must be an array of identities' }),
};

const consentRequest = z
	.object({
		...common,
		regulation: text(),
		jurisdiction: text(),
		purposes: z.record(grantedOrDenied, { required_error: 'is required', invalid_type_error: 'must be an object of purpose codes' }),
		legalBasis: z.record(z.string({ invalid_type_error: 'must be a string' }), {
			required_error: 'is required',
			invalid_type_error: 'must be an object of purpose codes',
		}),
		vendors: z.array(z.string({ invalid_type_error: 'must be a string' })).optional(),
		context: contextSchema.optional(),
		collectedAt: timestamp(),
	})
	.passthrough();

const subscriptionTopicRequest = z
	.object({
		...common,
		topics: z.record(
			z.record(subscriptionStatus, { invalid_type_error: 'must map channels (e.g. "email") to a status' }),
			{ required_error: 'is required', invalid_type_error: 'must be an object of topic codes' },
		),
		submittedTimestamp: timestamp(),
	})
	.passthrough();

const subscriptionControlRequest = z
	.object({
		...common,
		controls: z.record(subscriptionStatus, { required_error: 'is required', invalid_type_error: 'must be an object of control codes' }),
		submittedTimestamp: timestamp(),
	})
	.passthrough();

const rightsCommon = {
	...common,
	regulation: text(),
	jurisdiction: text(),
	callbacks: z.array(callbackSchema, { invalid_type_error: 'must be an array of callbacks' }).optional(),
	subject: subjectSchema,
	context: contextSchema.optional(),
	submittedTimestamp: timestamp(),
	dueTimestamp: timestamp(),
};

const rightsRequest = z.object(rightsCommon).passthrough();
const restrictProcessingRequest = z
	.object({
		...rightsCommon,
		purposes: z.array(text(), { required_error: 'is required', invalid_type_error: 'must be an array of purpose codes' }),
	})
	.passthrough();

const requestSchemas = {
	ConsentRequest: consentRequest,
	SubscriptionTopicRequest: subscriptionTopicRequest,
	SubscriptionControlRequest: subscriptionControlRequest,
	AccessRequest: rightsRequest,
	CorrectionRequest: rightsRequest,
	DeleteRequest: rightsRequest,
	RestrictProcessingRequest: restrictProcessingRequest,
} as const;

export type ConsentRequest = z.infer<typeof consentRequest>;
export type SubscriptionTopicRequest = z.infer<typeof subscriptionTopicRequest>;
export type SubscriptionControlRequest = z.infer<typeof subscriptionControlRequest>;
export type RightsRequest = z.infer<typeof rightsRequest> & { purposes?: string[] };

interface EnvelopeBase {
	apiVersion: string;
	metadata: KetchMetadata;
}
export type KetchEnvelope =
	| (EnvelopeBase & { kind: 'ConsentRequest'; request: ConsentRequest })
	| (EnvelopeBase & { kind: 'SubscriptionTopicRequest'; request: SubscriptionTopicRequest })
	| (EnvelopeBase & { kind: 'SubscriptionControlRequest'; request: SubscriptionControlRequest })
	| (EnvelopeBase & { kind: RightsKind; request: RightsRequest });

const envelopeSchema = z.object({
	apiVersion: text(),
	kind: z.enum(REQUEST_KINDS, { errorMap: () => ({ message: `must be one of ${REQUEST_KINDS.join(', ')}` }) }),
	metadata: metadataSchema,
	request: z.record(z.unknown(), { required_error: 'is required', invalid_type_error: 'must be an object' }),
});

export type ParseResult =
	| { ok: true; envelope: KetchEnvelope }
	| {
			ok: false;
			/** Every problem, each naming its field, e.g. `request.identities[0].identityValue is required`. */
			error: string;
			/** What could be read of the envelope, for the Error reply. */
			apiVersion: string;
			metadata: Partial<KetchMetadata>;
	  };

/** `request.identities[0].identityValue`, the way the payload is written. */
export function fieldPath(path: Array<string | number>): string {
	return path.reduce<string>((out, part) => {
		if (typeof part === 'number') return `${out}[${part}]`;
		const safe = /^[A-Za-z_$][\w$]*$/.test(part) ? part : JSON.stringify(part);
		if (out === '') return safe;
		return safe.startsWith('"') ? `${out}[${safe}]` : `${out}.${safe}`;
	}, '');
}

function describe(error: z.ZodError, prefix: Array<string | number>): string {
	const seen = new Set<string>();
	const parts: string[] = [];
	for (const issue of error.issues) {
		const line = `${fieldPath([...prefix, ...issue.path])} ${issue.message}`.trim();
		if (!seen.has(line)) parts.push(line);
		seen.add(line);
		if (parts.length === 10) break;
	}
	return parts.join('; ');
}

function readable(body: unknown): { apiVersion: string; metadata: Partial<KetchMetadata> } {
	const record = (body ?? {}) as Record<string, unknown>;
	const metadata = (record.metadata ?? {}) as Record<string, unknown>;
	const short = (value: unknown) => (typeof value === 'string' && value.length <= 128 ? value : undefined);
	return {
		apiVersion: short(record.apiVersion) ?? DSR_API_VERSION,
		metadata: { uid: short(metadata.uid), tenant: short(metadata.tenant) },
	};
}

/** Validates one webhook body against the schema of its kind. */
export function parseKetchRequest(body: unknown): ParseResult {
	const known = readable(body);
	const envelope = envelopeSchema.safeParse(body);
	if (!envelope.success) return { ok: false, error: describe(envelope.error, []), ...known };
	const { apiVersion, kind, metadata } = envelope.data;
	const versions = apiVersionsOf(kind as KetchKind);
	if (!versions.includes(apiVersion)) {
		return { ok: false, error: `apiVersion must be ${versions.map((v) => `"${v}"`).join(' or ')} for ${kind}`, ...known };
	}
	const request = requestSchemas[kind].safeParse(envelope.data.request);
	if (!request.success) return { ok: false, error: describe(request.error, ['request']), ...known };
	return {
		ok: true,
		envelope: {
			apiVersion,
			kind,
			metadata: { uid: metadata.uid, tenant: metadata.tenant },
			request: request.data,
		} as KetchEnvelope,
	};
}
