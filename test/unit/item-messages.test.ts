/**
 * What a refused item says (issue 13, items 11-13): the change type before a field that could be
 * an event's or a purchase's, the user of a refused change, and a wrong Write Mode named as such.
 */
import type { IDataObject } from 'n8n-workflow';

import { executeChanges } from '../../nodes/Braze/actions/executeChanges';
import { userOfRaw } from '../../nodes/shared/braze/userOf';
import { readTarget } from '../../nodes/shared/membership/properties';
import { createContext } from '../helpers/nodeContext';

async function refusal(changes: unknown[]): Promise<IDataObject> {
	const ctx = createContext({ parameters: {}, continueOnFail: true });
	const [output] = await executeChanges.call(ctx as never, () => changes);
	return output[0].json;
}

describe('what a refused item says', () => {
	it('names an event or a purchase before a field both have, even alone', async () => {
		const json = await refusal([{ type: 'event', user: { external_id: 'u1' }, name: 'signed_up', time: 'soon' }]);
		expect(json.error).toBe('[item 0] external_id "u1": event.time must be an ISO 8601 time, e.g. 2026-01-31T12:00:00Z (got "soon")');
		expect(json).toMatchObject({ user: { external_id: 'u1' }, field: 'event.time' });
	});

	it('names the user of a change it refused', () => {
		expect(userOfRaw({ type: 'aliasUpdate', aliasLabel: 'crm', oldAliasName: 'c-1' })).toEqual({ user_alias: { alias_label: 'crm', alias_name: 'c-1' } });
		expect(userOfRaw({ type: 'cohortUpsert', cohortId: 'buyers', name: '' })).toEqual({ cohort_id: 'buyers' });
	});

	it('says a wrong Write Mode is a wrong Write Mode, not an empty attribute name', () => {
		const get = (name: string, fallback?: unknown) => (name === 'writeMode' ? 'attribute' : fallback);
		expect(() => readTarget(get, {} as never, 'c1', 'Cohort')).toThrow(
			'Write Mode must be one of arrayAttribute, booleanAttribute, cohortImport (got "attribute")',
		);
	});
});
