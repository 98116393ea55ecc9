import type { RightsKind } from '../../shared/ketch/protocol';
import type { RightsRequest } from '../schemas';
import { CORRECTION_FIELDS, type MappingConfig } from './config';
import type { ResolvedIdentity } from './identity';
import { type Mapped, emptyMapped } from './types';

/**
 * Rights requests: Delete deletes the Braze user, Access exports it (the workflow returns the
 * export to Ketch as a document), Correction updates the subject's details on an existing user,
 * Restrict Processing does what the node is configured to do.
 */
export function mapRights(kind: RightsKind, request: RightsRequest, identity: ResolvedIdentity, config: MappingConfig): Mapped {
	const out = emptyMapped();
	const { user } = identity;
	switch (kind) {
		case 'DeleteRequest':
			out.changes.push({ type: 'delete', user });
			break;
		case 'AccessRequest':
			out.changes.push({ type: 'export', user, ...(config.exportFields.length ? { fields: config.exportFields } : {}) });
			break;
		case 'CorrectionRequest': {
			const attributes: Record<string, string> = {};
			for (const field of config.correctionFields) {
				const value = request.subject[field];
				if (typeof value === 'string' && value.trim() !== '') attributes[CORRECTION_FIELDS[field]] = value.trim();
			}
			if (Object.keys(attributes).length) out.changes.push({ type: 'attributes', user, attributes, updateExistingOnly: true });
			else out.warnings.push('The correction request carries none of the subject fields the Ketch Trigger corrects: nothing to change in Braze');
			break;
		}
		case 'RestrictProcessingRequest': {
			const { action, attribute } = config.restrict;
			if (action === 'attribute') {
				out.changes.push({
					type: 'attributes',
					user,
					attributes: { [attribute]: true, [`${attribute}_purposes`]: request.purposes ?? [] },
					updateExistingOnly: true,
				});
			} else if (action === 'unsubscribe' || action === 'unsubscribeAndBlocklist') {
				if (identity.email === undefined) {
					out.warnings.push('Unsubscribing needs an email identity, and this request has none mapped as Email');
				} else {
					out.changes.push({ type: 'emailStatus', email: identity.email, state: 'unsubscribed' });
					if (action === 'unsubscribeAndBlocklist') out.changes.push({ type: 'emailBlocklist', email: identity.email });
				}
			}
			break;
		}
	}
	return out;
}
