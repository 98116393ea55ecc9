/**
 * Every example request of Ketch's forwarder contract validates and maps to the expected Braze
 * changes. The OpenAPI file (shared/reference/ketch-forwarder.openapi.yaml) carries no examples:
 * they are on its protocol pages (ketch-com/ketch-forwarder, MIT, api/{consent,subscription,dsr}),
 * transcribed here as valid JSON (the pages' JSON has missing and trailing commas and one duplicate
 * key). Subscription examples come in both shapes in use: the pages' {"status": ...} objects and
 * the OpenAPI file's bare statuses.
 */
import { parseChange } from '../../nodes/shared/braze/changes';
import { DEFAULT_MAPPING, type MappingConfig } from '../../nodes/KetchTrigger/mapping/config';
import { mapKetchRequest } from '../../nodes/KetchTrigger/mapping';
import { resolveIdentity } from '../../nodes/KetchTrigger/mapping/identity';
import { NO_RECENCY, type Recency } from '../../nodes/KetchTrigger/mapping/types';
import { type KetchEnvelope, fieldPath, parseKetchRequest } from '../../nodes/KetchTrigger/schemas';

const metadata = { uid: '22880925-aac5-42f9-a653-cb6921d361ff', tenant: 'axonic' };
const identities = [{ identitySpace: 'account_id', identityFormat: 'raw', identityValue: '123' }];
const callbacks = [{ url: 'https://dsr.ketch.com/callback', headers: { Authorization: '$auth' } }];
const subject = {
	email: 'test@subject.com',
	firstName: 'Test',
	lastName: 'Subject',
	addressLine1: '123 Main St',
	addressLine2: '',
	city: 'Anytown',
	stateRegionCode: 'MA',
	postalCode: '10123',
	countryCode: 'US',
};

/** api/consent/v1/Consent.md */
const consentExample = {
	apiVersion: 'consent/v1',
	kind: 'ConsentRequest',
	metadata,
	request: {
		controller: 'axonic',
		property: 'axonic.io',
		environment: 'production',
		regulation: 'gdpr',
		jurisdiction: 'eugdpr',
		identities,
		purposes: { advertising: 'granted', data_sales: 'granted', email_mktg: 'denied' },
		legalBasis: { advertising: 'consent_optin', data_sales: 'consent_optout', email_mktg: 'disclosure' },
		vendors: ['79'],
		context: { account_id: '123' },
		collectedAt: 12345984398,
	},
};

/** api/subscription/v1/SubscriptionTopic.md (channels map to {"status": ...}) */
const topicExample = {
	apiVersion: 'subscription/v1',
	kind: 'SubscriptionTopicRequest',
	metadata,
	request: {
		controller: 'axonic',
		property: 'axonic.io',
		environment: 'production',
		identities,
		topics: {
			competitions: { email: { status: 'granted' }, sms: { status: 'denied' } },
			marketing: { email: { status: 'denied' }, sms: { status: 'denied' } },
		},
		submittedTimestamp: 123,
	},
};

/** The same request in the OpenAPI file's shape (SubscriptionTopicContactMethodStatus: bare statuses). */
const topicOpenApiExample = {
	...topicExample,
	request: {
		...topicExample.request,
		topics: { competitions: { email: 'granted', sms: 'denied' }, marketing: { email: 'denied', sms: 'denied' } },
	},
};

/** api/subscription/v1/SubscriptionControl.md */
const controlExample = {
	apiVersion: 'subscription/v1',
	kind: 'SubscriptionControlRequest',
	metadata,
	request: {
		controller: 'axonic',
		property: 'axonic.io',
		environment: 'production',
		identities,
		controls: { global_subscription: { status: 'denied' } },
		submittedTimestamp: 123,
	},
};

const controlOpenApiExample = { ...controlExample, request: { ...controlExample.request, controls: { global_subscription: 'denied' } } };

const dsrCommon = {
	controller: 'axonic',
	property: 'axonic.io',
	environment: 'production',
	regulation: 'gdpr',
	jurisdiction: 'eugdpr',
	identities,
	callbacks,
	submittedTimestamp: 123,
	dueTimestamp: 123,
};

/** api/dsr/v1/Access.md */
const accessExample = {
	apiVersion: 'dsr/v1',
	kind: 'AccessRequest',
	metadata,
	request: {
		...dsrCommon,
		subject: { ...subject, description: 'Access my data', formData: { customFormField1: 'foo', customFormField2: 'bar' } },
		context: { contextVar1: 'foo', contextVar2: 1, contextVar3: true },
	},
};

/** api/dsr/v1/Delete.md (sends `claims`, the older name of `context`) */
const deleteExample = {
	apiVersion: 'dsr/v1',
	kind: 'DeleteRequest',
	metadata,
	request: { ...dsrCommon, subject: { ...subject, description: 'Delete my data' }, claims: { account_id: '123' } },
};

/** api/dsr/v1/Correction.md */
const correctionExample = {
	apiVersion: 'dsr/v1',
	kind: 'CorrectionRequest',
	metadata,
	request: {
		...dsrCommon,
		subject: {
			...subject,
			description: 'Correct my name to Test Object',
			formData: { customFormField1: 'foo', customFormField2: 'bar' },
		},
		context: { contextVar1: 'foo', contextVar2: 1, contextVar3: true },
	},
};

/** api/dsr/v1/RestrictProcessing.md (its subject repeats "description": the last one counts in JSON) */
const restrictExample = {
	apiVersion: 'dsr/v1',
	kind: 'RestrictProcessingRequest',
	metadata,
	request: {
		...dsrCommon,
		purposes: ['advertising', 'retargeting', 'analytics'],
		subject: { ...subject, description: 'Correct my name to Test Object', formData: { customFormField1: 'foo', customFormField2: 'bar' } },
		context: { contextVar1: 'foo', contextVar2: 1, contextVar3: true },
	},
};

const config: MappingConfig = {
	...DEFAULT_MAPPING,
	identities: [{ space: 'account_id', as: 'external_id' }],
	topics: [
		{ topic: 'competitions', channel: 'email', groupId: 'group-competitions-email' },
		{ topic: 'competitions', channel: 'sms', groupId: 'group-competitions-sms' },
		{ topic: 'marketing', channel: 'email', groupId: 'group-marketing-email' },
	],
	consent: { ...DEFAULT_MAPPING.consent, enabled: true },
};

const user = { external_id: '123' };

function parse(body: unknown): KetchEnvelope {
	const result = parseKetchRequest(body);
	if (!result.ok) throw new Error(result.error);
	return result.envelope;
}

function changesOf(body: unknown, mapping: MappingConfig = config, recency: Recency = NO_RECENCY) {
	const result = mapKetchRequest(parse(body), mapping, recency);
	if (result.outcome !== 'run') throw new Error(`expected a run, got ${result.outcome}: ${result.message}`);
	for (const change of result.changes) expect(parseChange(change)).toEqual({ ok: true, change });
	return result;
}

describe('Ketch forwarder examples', () => {
	const examples: Array<[string, unknown]> = [
		['ConsentRequest', consentExample],
		['SubscriptionTopicRequest', topicExample],
		['SubscriptionTopicRequest (OpenAPI shape)', topicOpenApiExample],
		['SubscriptionControlRequest', controlExample],
		['SubscriptionControlRequest (OpenAPI shape)', controlOpenApiExample],
		['AccessRequest', accessExample],
		['DeleteRequest', deleteExample],
		['CorrectionRequest', correctionExample],
		['RestrictProcessingRequest', restrictExample],
	];

	it.each(examples)('%s passes validation', (_name, example) => {
		const result = parseKetchRequest(example);
		expect(result).toMatchObject({ ok: true, envelope: { kind: (example as { kind: string }).kind, metadata } });
	});

	it('ConsentRequest: purposes become ketch_consent_<purpose> attributes of an existing user', () => {
		expect(changesOf(consentExample).changes).toEqual([
			{
				type: 'attributes',
				user,
				attributes: { ketch_consent_advertising: 'granted', ketch_consent_data_sales: 'granted', ketch_consent_email_mktg: 'denied' },
				updateExistingOnly: true,
			},
		]);
	});

	it('ConsentRequest: no changes unless consent attributes are on', () => {
		expect(changesOf(consentExample, { ...config, consent: DEFAULT_MAPPING.consent }).changes).toEqual([]);
	});

	it.each([
		['protocol page shape', topicExample],
		['OpenAPI shape', topicOpenApiExample],
	])('SubscriptionTopicRequest (%s): mapped topic/channel pairs set their groups', (_shape, example) => {
		const result = changesOf(example);
		expect(result.changes).toEqual([
			{ type: 'subscription', user, groupId: 'group-competitions-email', state: 'subscribed' },
			{ type: 'subscription', user, groupId: 'group-competitions-sms', state: 'unsubscribed' },
			{ type: 'subscription', user, groupId: 'group-marketing-email', state: 'unsubscribed' },
		]);
		expect(result.notes.unmapped).toEqual(['marketing/sms']);
	});

	it.each([
		['protocol page shape', controlExample],
		['OpenAPI shape', controlOpenApiExample],
	])('SubscriptionControlRequest (%s): global_subscription denied unsubscribes the email', (_shape, example) => {
		const withEmail = {
			...example,
			request: { ...example.request, identities: [...identities, { identitySpace: 'email', identityValue: 'ann@example.com' }] },
		};
		const mapping = { ...config, identities: [...config.identities, { space: 'email', as: 'email' as const }] };
		expect(changesOf(withEmail, mapping).changes).toEqual([{ type: 'emailStatus', email: 'ann@example.com', state: 'unsubscribed' }]);
		// The example itself has only account_id: /email/status needs an email, so it warns...
		const noEmail = changesOf(example);
		expect(noEmail.changes).toEqual([]);
		expect(noEmail.notes.warnings[0]).toMatch(/needs an email identity/);
		// ...and the email_subscribe attribute works with the external ID.
		expect(changesOf(example, { ...config, control: { ...config.control, via: 'attribute' } }).changes).toEqual([
			{ type: 'attributes', user, attributes: { email_subscribe: 'unsubscribed' }, updateExistingOnly: true },
		]);
	});

	it('AccessRequest: a Braze export of the user', () => {
		expect(changesOf(accessExample).changes).toEqual([{ type: 'export', user }]);
		expect(changesOf(accessExample, { ...config, exportFields: ['email', 'first_name'] }).changes).toEqual([
			{ type: 'export', user, fields: ['email', 'first_name'] },
		]);
	});

	it('DeleteRequest: a Braze user delete', () => {
		expect(changesOf(deleteExample).changes).toEqual([{ type: 'delete', user }]);
	});

	it('CorrectionRequest: the subject names on the existing user', () => {
		expect(changesOf(correctionExample).changes).toEqual([
			{ type: 'attributes', user, attributes: { first_name: 'Test', last_name: 'Subject' }, updateExistingOnly: true },
		]);
		expect(changesOf(correctionExample, { ...config, correctionFields: ['city', 'countryCode'] }).changes).toEqual([
			{ type: 'attributes', user, attributes: { home_city: 'Anytown', country: 'US' }, updateExistingOnly: true },
		]);
	});

	it('RestrictProcessingRequest: the configured action', () => {
		expect(changesOf(restrictExample).changes).toEqual([
			{
				type: 'attributes',
				user,
				attributes: { ketch_processing_restricted: true, ketch_processing_restricted_purposes: ['advertising', 'retargeting', 'analytics'] },
				updateExistingOnly: true,
			},
		]);
		expect(changesOf(restrictExample, { ...config, restrict: { action: 'none', attribute: 'x' } }).changes).toEqual([]);
		const byEmail = {
			...restrictExample,
			request: { ...restrictExample.request, identities: [{ identitySpace: 'email', identityValue: 'test@subject.com' }] },
		};
		expect(
			changesOf(byEmail, { ...config, identities: [{ space: 'email', as: 'email' }], restrict: { action: 'unsubscribeAndBlocklist', attribute: 'x' } })
				.changes,
		).toEqual([
			{ type: 'emailStatus', email: 'test@subject.com', state: 'unsubscribed' },
			{ type: 'emailBlocklist', email: 'test@subject.com' },
		]);
	});
});

describe('Ketch request validation', () => {
	function errorOf(body: unknown): string {
		const result = parseKetchRequest(body);
		if (result.ok) throw new Error('expected a validation error');
		return result.error;
	}

	it('refuses a delete without the subject lastName, as the reference receiver does (go-ketch-forwarder test)', () => {
		const withoutLastName: Record<string, string> = { ...subject };
		delete withoutLastName.lastName;
		expect(errorOf({ ...deleteExample, request: { ...deleteExample.request, subject: withoutLastName } })).toBe('request.subject.lastName is required');
	});

	it('names each bad field with its path', () => {
		const body = {
			...topicExample,
			request: {
				...topicExample.request,
				identities: [{ identitySpace: 'email' }],
				topics: { newsletter: { email: 'allowed' } },
			},
		};
		expect(errorOf(body)).toBe(
			'request.identities[0].identityValue is required; request.topics.newsletter.email must be "granted" or "denied" (or {"status": "granted"})',
		);
	});

	it('checks the envelope: kind, apiVersion, metadata', () => {
		expect(errorOf({ ...deleteExample, kind: 'PortabilityRequest' })).toMatch(/^kind must be one of ConsentRequest, /);
		expect(errorOf({ ...deleteExample, apiVersion: 'subscription/v1' })).toBe('apiVersion must be "dsr/v1" for DeleteRequest');
		expect(errorOf({ ...deleteExample, metadata: { tenant: 'axonic' } })).toBe('metadata.uid is required');
		expect(errorOf({ ...deleteExample, request: undefined })).toBe('request is required');
		// Consent's field table names dsr/v1 while its example sends consent/v1: both pass.
		expect(parseKetchRequest({ ...consentExample, apiVersion: 'dsr/v1' }).ok).toBe(true);
	});

	it('checks types: timestamps are numbers, callback URLs are URLs', () => {
		expect(errorOf({ ...deleteExample, request: { ...deleteExample.request, dueTimestamp: '2026-01-01' } })).toBe(
			'request.dueTimestamp must be a UNIX timestamp in seconds (a number)',
		);
		expect(errorOf({ ...deleteExample, request: { ...deleteExample.request, callbacks: [{ url: 'not a url' }] } })).toBe(
			'request.callbacks[0].url must be a URL, e.g. https://dsr.ketch.com/callback',
		);
	});

	it('keeps unknown fields (Ketch adds some over time) and reads back what it can for the Error reply', () => {
		const result = parseKetchRequest({ ...deleteExample, request: { ...deleteExample.request, messages: [] } });
		expect(result.ok).toBe(true);
		expect(parseKetchRequest({ apiVersion: 'dsr/v1', kind: 'DeleteRequest', metadata })).toEqual({
			ok: false,
			error: 'request is required',
			apiVersion: 'dsr/v1',
			metadata,
		});
	});

	it('writes paths the way payloads are written', () => {
		expect(fieldPath(['request', 'topics', 'news letter', 'email'])).toBe('request.topics["news letter"].email');
		expect(fieldPath(['request', 'identities', 2, 'identityValue'])).toBe('request.identities[2].identityValue');
	});
});

describe('identity', () => {
	const rules = [
		{ space: 'email', as: 'email' as const },
		{ space: 'account_id', as: 'external_id' as const },
	];

	it('takes the first configured space with a raw value', () => {
		const result = resolveIdentity(
			[
				{ identitySpace: 'account_id', identityValue: 'u-1' },
				{ identitySpace: 'email', identityFormat: 'raw', identityValue: 'Ann@Example.com' },
			],
			rules,
		);
		expect(result).toEqual({
			ok: true,
			identity: {
				user: { email: 'Ann@Example.com' },
				email: 'Ann@Example.com',
				source: { identitySpace: 'email', as: 'email', index: 1 },
				key: 'email:ann@example.com',
			},
		});
	});

	it.each(['md5', 'sha1', 'SHA256'])('never uses %s-hashed identities', (format) => {
		const hashed = { identitySpace: 'email', identityFormat: format, identityValue: '5d41402abc4b2a76b9719d911017c592' };
		const refused = resolveIdentity([hashed], rules);
		expect(refused).toEqual({ ok: false, reason: 'hashed', message: expect.stringContaining(`request.identities[0] (space "email") is ${format.toLowerCase()}-hashed`) });
		expect(refused.ok === false && refused.message).toMatch(/never sent to Braze/);
		// A raw identity in another configured space is used instead.
		expect(resolveIdentity([hashed, { identitySpace: 'account_id', identityValue: 'u-1' }], rules)).toMatchObject({
			ok: true,
			identity: { user: { external_id: 'u-1' } },
		});
	});

	it('refuses a space mapped to Email whose value is no email address', () => {
		expect(resolveIdentity([{ identitySpace: 'email', identityValue: 'u-1' }], rules)).toEqual({
			ok: false,
			reason: 'invalid',
			message: expect.stringContaining('request.identities[0].identityValue (space "email") is not an email address'),
		});
	});

	it('says which spaces it looked for and which came', () => {
		expect(resolveIdentity([{ identitySpace: 'swb_cookie', identityValue: 'abc' }], rules)).toEqual({
			ok: false,
			reason: 'missing',
			message: 'request.identities has none of the identity spaces the Ketch Trigger maps to Braze ("email", "account_id"); it has "swb_cookie"',
		});
	});
});

describe('mapping outcomes', () => {
	const anonymous = { ...consentExample, request: { ...consentExample.request, identities: [{ identitySpace: 'swb_cookie', identityValue: 'abc' }] } };

	it('a preference request without a mapped identity is acknowledged, run or refused as configured', () => {
		expect(mapKetchRequest(parse(anonymous), config, NO_RECENCY)).toMatchObject({ outcome: 'acknowledge' });
		expect(mapKetchRequest(parse(anonymous), { ...config, withoutIdentity: 'reject' }, NO_RECENCY)).toMatchObject({ outcome: 'reject' });
		expect(mapKetchRequest(parse(anonymous), { ...config, withoutIdentity: 'run' }, NO_RECENCY)).toMatchObject({
			outcome: 'run',
			identity: null,
			changes: [],
			// The example's collectedAt (year 2361) is named and counted as now.
			notes: { warnings: [expect.stringMatching(/^request\.collectedAt 12345984398 is more than 1 hour ahead/), expect.stringMatching(/nothing to change in Braze$/)] },
		});
	});

	it('a rights request without a usable identity is always refused', () => {
		const body = { ...deleteExample, request: { ...deleteExample.request, identities: [{ identitySpace: 'swb_cookie', identityValue: 'abc' }] } };
		expect(mapKetchRequest(parse(body), { ...config, withoutIdentity: 'run' }, NO_RECENCY)).toMatchObject({ outcome: 'reject' });
	});

	it('a hashed identity is refused even where missing ones are acknowledged', () => {
		const body = { ...topicExample, request: { ...topicExample.request, identities: [{ ...identities[0], identityFormat: 'md5' }] } };
		expect(mapKetchRequest(parse(body), config, NO_RECENCY)).toMatchObject({ outcome: 'reject', message: expect.stringContaining('md5-hashed') });
	});

	it('newest submittedTimestamp wins: an older topic setting is skipped, an equal or newer one applies', () => {
		const newest = new Map([['external_id:123|group:group-competitions-email', 200]]);
		const recency: Recency = { newest: (key) => newest.get(key) };
		const older = changesOf(topicExample, config, recency); // submitted at 123
		expect(older.changes.map((c) => (c as { groupId: string }).groupId)).toEqual(['group-competitions-sms', 'group-marketing-email']);
		expect(older.notes.stale).toEqual([
			'competitions/email (group group-competitions-email): submitted at 123, a setting from 200 was already applied',
		]);
		expect(older.seen).toEqual([
			['external_id:123|group:group-competitions-sms', 123],
			['external_id:123|group:group-marketing-email', 123],
		]);
		const same = { ...topicExample, request: { ...topicExample.request, submittedTimestamp: 200 } };
		expect(changesOf(same, config, recency).changes).toHaveLength(3);
	});

	it('newest wins for controls and consent too', () => {
		const recency: Recency = { newest: () => Number.MAX_SAFE_INTEGER };
		const control = changesOf(controlExample, { ...config, control: { ...config.control, via: 'attribute' } }, recency);
		expect(control.changes).toEqual([]);
		expect(control.notes.stale).toHaveLength(1);
		const consent = changesOf(consentExample, config, recency);
		expect(consent.changes).toEqual([]);
		expect(consent.notes.stale).toHaveLength(3);
	});

	it('global control options: granted state, blocklist on denied', () => {
		const withEmail = {
			...controlExample,
			request: { ...controlExample.request, identities: [{ identitySpace: 'email', identityValue: 'ann@example.com' }] },
		};
		const mapping = { ...config, identities: [{ space: 'email', as: 'email' as const }], control: { ...config.control, blocklistOnDenied: true } };
		expect(changesOf(withEmail, mapping).changes).toEqual([
			{ type: 'emailStatus', email: 'ann@example.com', state: 'unsubscribed' },
			{ type: 'emailBlocklist', email: 'ann@example.com' },
		]);
		const granted = { ...withEmail, request: { ...withEmail.request, controls: { global_subscription: 'granted', other_control: 'denied' } } };
		const result = changesOf(granted, { ...mapping, control: { ...mapping.control, onGranted: 'opted_in' } });
		expect(result.changes).toEqual([{ type: 'emailStatus', email: 'ann@example.com', state: 'opted_in' }]);
		expect(result.notes.unmapped).toEqual(['other_control']);
	});

	it('consent as booleans, creating users when asked', () => {
		const result = changesOf(consentExample, { ...config, consent: { enabled: true, prefix: 'consent_', value: 'boolean', createUsers: true } });
		expect(result.changes).toEqual([
			{ type: 'attributes', user, attributes: { consent_advertising: true, consent_data_sales: true, consent_email_mktg: false } },
		]);
	});
});
