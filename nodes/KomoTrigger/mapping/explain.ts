import type { AttributeSources } from './attributes';
import { type KomoMappingSettings, type MapFailure, fail } from './types';

/** Turns a change's validation error into one that names the Komo field behind it. */
export function explain(
	change: Record<string, unknown>,
	error: string,
	settings: KomoMappingSettings,
	sourceOf: AttributeSources,
): MapFailure {
	const attribute = /^attributes\.([^ .;]+)/.exec(error)?.[1];
	if (change.type === 'attributes' && attribute !== undefined) {
		const source = sourceOf.get(attribute) ?? { field: attribute, label: `Attribute "${attribute}"` };
		return fail(source.field, `${source.label} (Braze attribute ${attribute}): ${error.replace(/^attributes\.[^ ]+ /, '')}`);
	}
	if (change.type === 'event') {
		if (/^name /.test(error)) return fail('eventName', `Event Name ${error.replace(/^name /, '')}`);
		return fail(settings.answers.path, `Answers in "${settings.answers.path}" cannot become event properties: ${error}`);
	}
	if (change.type === 'subscription') {
		if (/^user/.test(error)) return fail(settings.identityPath, `Field "${settings.identityPath}" cannot identify a subscriber: ${error}`);
		return fail('subscriptionGroupId', `Subscription Group ID ${error.replace(/^groupId /, '')}`);
	}
	return fail(settings.identityPath, `Field "${settings.identityPath}": ${error}`);
}
