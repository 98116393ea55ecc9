/** How the Ketch Trigger turns Ketch requests into Braze changes (its node parameters, read once). */

export type BrazeIdentifierKind = 'email' | 'external_id';

export interface IdentitySpaceRule {
	/** Ketch identity space code, e.g. `email` or `account_id`. */
	space: string;
	as: BrazeIdentifierKind;
}

export interface TopicRule {
	/** Ketch subscription topic code, e.g. `newsletter`. */
	topic: string;
	/** Ketch channel (contact method), e.g. `email` or `sms`. */
	channel: string;
	/** Braze subscription group to set. */
	groupId: string;
}

export type GlobalControlState = 'subscribed' | 'opted_in' | 'unsubscribed' | 'none';

export interface ControlConfig {
	/** The Ketch control code that means "all email", e.g. `global_subscription`. */
	code: string;
	onGranted: GlobalControlState;
	onDenied: GlobalControlState;
	/** Also put the address on Braze's email blocklist when the control is denied. */
	blocklistOnDenied: boolean;
	/** `/email/status` (needs an email) or the `email_subscribe` attribute via `/users/track`. */
	via: 'emailStatus' | 'attribute';
}

export interface ConsentConfig {
	enabled: boolean;
	/** Attribute name = prefix + purpose code, e.g. `ketch_consent_analytics`. */
	prefix: string;
	value: 'status' | 'boolean';
	/** false: Braze's `_update_existing_only`, so consent alone never creates a Braze user. */
	createUsers: boolean;
}

export const CORRECTION_FIELDS = {
	firstName: 'first_name',
	lastName: 'last_name',
	city: 'home_city',
	countryCode: 'country',
} as const;
export type CorrectionField = keyof typeof CORRECTION_FIELDS;

export type RestrictAction = 'attribute' | 'unsubscribe' | 'unsubscribeAndBlocklist' | 'none';

export interface MappingConfig {
	/** In priority order: the first space present with a raw value identifies the Braze user. */
	identities: IdentitySpaceRule[];
	/** Consent and subscription requests with none of the spaces (e.g. anonymous visitors). */
	withoutIdentity: 'acknowledge' | 'run' | 'reject';
	topics: TopicRule[];
	control: ControlConfig;
	consent: ConsentConfig;
	/** `fields_to_export` for access requests (Braze requires it for newer accounts); empty = all. */
	exportFields: string[];
	correctionFields: CorrectionField[];
	restrict: { action: RestrictAction; attribute: string };
}

export const DEFAULT_MAPPING: MappingConfig = {
	identities: [{ space: 'email', as: 'email' }],
	withoutIdentity: 'acknowledge',
	topics: [],
	control: { code: 'global_subscription', onGranted: 'subscribed', onDenied: 'unsubscribed', blocklistOnDenied: false, via: 'emailStatus' },
	consent: { enabled: false, prefix: 'ketch_consent_', value: 'status', createUsers: false },
	exportFields: [],
	correctionFields: ['firstName', 'lastName'],
	restrict: { action: 'attribute', attribute: 'ketch_processing_restricted' },
};
