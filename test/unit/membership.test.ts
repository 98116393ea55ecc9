import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';

import { parseChange } from '../../nodes/shared/braze/changes';
import { attributeNameFor, changeBuilder, checkTarget, type WriteTarget } from '../../nodes/shared/membership/changes';
import { slugify } from '../../nodes/shared/values';
import { collapseDeltas, diffMembers, isSorted } from '../../nodes/shared/membership/diff';
import { DEFAULT_MAPPING, type IdentifierMapping, describeKey, identityOf, readMember } from '../../nodes/shared/membership/members';
import { checkMapping } from '../../nodes/shared/membership/properties';
import { STATIC_DATA_MAX_MEMBERS, readStoredMembers, tooManyForStaticData, writeStoredMembers } from '../../nodes/shared/membership/storage';
import { MemberCollector, planDeltaSync, planSnapshotSync, storedList } from '../../nodes/shared/membership/sync';

const mapping = (patch: Partial<IdentifierMapping> = {}): IdentifierMapping => ({ ...DEFAULT_MAPPING, ...patch });

const arrayTarget: WriteTarget = {
	mode: 'arrayAttribute',
	cohortId: 'c1',
	cohortName: 'Power Users',
	attributeName: 'kubit_cohorts',
	updateExistingOnly: true,
};

function collect(members: unknown[], input = 0, m = mapping(), allowDevice = false) {
	const collector = new MemberCollector(m, allowDevice, input);
	members.forEach((member, i) => collector.add(member, i));
	return collector.result();
}

const ids = (n: number, prefix = 'u') => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
const aliasMapping = mapping({ matchBy: 'userAlias' });
const eitherMapping = mapping({ matchBy: 'externalIdElseDeviceId' });

describe('reading members', () => {
	it('reads external ids from rows, nested paths and bare values', () => {
		expect(readMember({ external_id: ' u1 ' }, mapping(), false)).toEqual({ key: 'u1' });
		expect(readMember({ user: { id: 42 } }, mapping({ externalIdField: 'user.id' }), false)).toEqual({ key: '42' });
		expect(readMember({ 'user.id': 'dotted' }, mapping({ externalIdField: 'user.id' }), false)).toEqual({ key: 'dotted' });
		expect(readMember({ ids: [{ id: 'first' }, { id: 'second' }] }, mapping({ externalIdField: 'ids[1].id' }), false)).toEqual({ key: 'second' });
		expect(readMember({ user: { id: 'u9' } }, mapping({ externalIdField: '$.user.id' }), false)).toEqual({ key: 'u9' });
		expect(readMember('u7', mapping(), false)).toEqual({ key: 'u7' });
		expect(readMember(7, mapping(), false)).toEqual({ key: '7' });
		// No copy: a key is the very string of the input.
		const row = { external_id: 'user_000001' };
		expect((readMember(row, mapping(), false) as { key: string }).key).toBe(row.external_id);
	});

	it('names why a member is skipped', () => {
		expect(readMember({}, mapping(), false)).toEqual({ skip: 'missing_identifier' });
		expect(readMember({ external_id: '  ' }, mapping(), false)).toEqual({ skip: 'missing_identifier' });
		expect(readMember({ external_id: null }, mapping(), false)).toEqual({ skip: 'missing_identifier' });
		expect(readMember({ external_id: { id: 1 } }, mapping(), false)).toEqual({ skip: 'invalid_identifier' });
		expect(readMember({ external_id: 'x'.repeat(256) }, mapping(), false)).toEqual({ skip: 'invalid_identifier' });
		expect(readMember({ external_id: 'a\u0000b' }, mapping(), false)).toEqual({ skip: 'invalid_identifier' });
		expect(readMember({ external_id: Number.NaN }, mapping(), false)).toEqual({ skip: 'invalid_identifier' });
		expect(readMember({ external_id: '\u0001x' }, mapping(), false)).toEqual({ skip: 'invalid_identifier' });
	});

	it('reads aliases with a shared label and braze ids', () => {
		const alias = readMember({ email: 'ann@example.com' }, aliasMapping, false);
		expect(alias).toEqual({ key: 'ann@example.com' });
		expect(identityOf('ann@example.com', aliasMapping)).toEqual({ kind: 'user_alias', alias_label: 'email', alias_name: 'ann@example.com' });
		expect(readMember({ braze_id: 'b1' }, mapping({ matchBy: 'brazeId' }), false)).toEqual({ key: 'b1' });
		expect(identityOf('b1', mapping({ matchBy: 'brazeId' }))).toEqual({ kind: 'braze_id', value: 'b1' });
		expect(describeKey('ann@example.com', aliasMapping)).toBe('user_alias email=ann@example.com');
	});

	it('matches anonymous users by device id, never identified ones', () => {
		const device = mapping({ matchBy: 'deviceId' });
		expect(readMember({ device_id: 'd1' }, device, true)).toEqual({ key: 'd1' });
		expect(identityOf('d1', device)).toEqual({ kind: 'device_id', value: 'd1' });
		// Started anonymous, identified since: Braze cannot find them by device_id.
		expect(readMember({ device_id: 'd2', external_id: 'u2' }, device, true)).toEqual({ skip: 'identified_user_device_id' });
		const either = eitherMapping;
		expect(readMember({ device_id: 'd2', external_id: 'u2' }, either, true)).toEqual({ key: 'u2' });
		// In the mixed mode device ids carry a prefix, so the id "x" and the device "x" stay two members.
		expect(readMember({ device_id: 'd3' }, either, true)).toEqual({ key: '\u0001d3' });
		expect(identityOf('\u0001d3', either)).toEqual({ kind: 'device_id', value: 'd3' });
		expect(identityOf('u2', either)).toEqual({ kind: 'external_id', value: 'u2' });
		expect(readMember({ device_id: 'd3' }, either, false)).toEqual({ skip: 'anonymous_device_id' });
		expect(readMember({}, either, true)).toEqual({ skip: 'missing_identifier' });
	});

	it('counts skipped members and items from "Always Output Data" apart', () => {
		const collector = new MemberCollector(mapping(), false, 0);
		expect(collector.addItem({}, 0, '')).toBeUndefined();
		collector.addItem({ external_id: 'u1' }, 1, '');
		collector.addItem({ name: 'no id' }, 2, '');
		expect(collector.addItem({ users: ['u2', { external_id: 'u3' }, { x: 1 }] }, 3, 'users')).toBeUndefined();
		expect(collector.addItem({ users: 'u4' }, 4, 'users')).toMatch(/Field "users" is a string: it must hold an array/);
		expect(collector.result()).toMatchObject({
			keys: ['u1', 'u2', 'u3'],
			sources: [1, 3, 3],
			skipped: { missing_identifier: 2 },
			emptyItems: 1,
		});
	});
});

describe('diffing memberships', () => {
	it('yields entries, exits and unchanged members', () => {
		const diff = diffMembers(['e:a', 'e:b', 'e:c'], ['e:b', 'e:c', 'e:d']);
		expect(diff).toMatchObject({ entered: [0], exited: [2], unchanged: 2, currentCount: 3, previousCount: 3 });
	});

	it('counts each member once on both sides', () => {
		const diff = diffMembers(['e:a', 'e:a', 'e:b', 'e:a'], ['e:c', 'e:c', 'e:b', 'e:b']);
		expect(diff).toMatchObject({ entered: [0], exited: [0], unchanged: 1, duplicateCurrent: 2, duplicatePrevious: 2 });
		expect(diff.currentCount).toBe(2);
		expect(diff.previousCount).toBe(2);
	});

	it('keeps input order and can list the unchanged members', () => {
		const diff = diffMembers(['e:z', 'e:y', 'e:x', 'e:w', 'e:y'], ['e:y', 'e:w'], { collectUnchanged: true });
		expect(diff.entered).toEqual([0, 2]);
		expect(diff.unchangedPositions).toEqual([1, 3]);
	});

	it('handles empty sides', () => {
		expect(diffMembers([], [])).toMatchObject({ entered: [], exited: [], unchanged: 0 });
		expect(diffMembers(['e:a'], [])).toMatchObject({ entered: [0], exited: [] });
		expect(diffMembers([], ['e:a'])).toMatchObject({ entered: [], exited: [0] });
	});

	it('agrees with set arithmetic on any lists', () => {
		const key = fc.constantFrom('a', 'b', 'c', 'd', 'e', '\u0001a', '\u0001b');
		fc.assert(
			fc.property(fc.array(key), fc.array(key), (current, previous) => {
				const diff = diffMembers(current, previous);
				const now = new Set(current);
				const before = new Set(previous);
				expect(new Set(diff.entered.map((i) => current[i]))).toEqual(new Set([...now].filter((k) => !before.has(k))));
				expect(new Set(diff.exited.map((i) => previous[i]))).toEqual(new Set([...before].filter((k) => !now.has(k))));
				expect(diff.entered.length).toBe(new Set(diff.entered.map((i) => current[i])).size);
				expect(diff.unchanged).toBe([...now].filter((k) => before.has(k)).length);
				expect(diff.duplicateCurrent).toBe(current.length - now.size);
			}),
		);
	});

	it('gives the same answer on sorted lists (the merge walk)', () => {
		const key = fc.constantFrom('a', 'b', 'c', 'd', 'e', '\u0001a', 'B');
		fc.assert(
			fc.property(fc.array(key), fc.array(key), fc.boolean(), (rawCurrent, rawPrevious, collectUnchanged) => {
				const current = [...rawCurrent].sort();
				const previous = [...rawPrevious].sort();
				expect(isSorted(current) && isSorted(previous)).toBe(true);
				const merged = diffMembers(current, previous, { collectUnchanged });
				// The same lists with one out-of-order element take the hash path.
				const hashed = diffMembers([...current, '\u0000'], previous, { collectUnchanged });
				expect(hashed.entered.filter((i) => i < current.length)).toEqual(merged.entered);
				expect({ ...hashed, entered: [], currentCount: 0, duplicateCurrent: 0 }).toEqual({
					...merged,
					entered: [],
					currentCount: 0,
					duplicateCurrent: 0,
				});
				expect(merged.duplicateCurrent).toBe(current.length - new Set(current).size);
				expect(merged.duplicatePrevious).toBe(previous.length - new Set(previous).size);
			}),
		);
		expect(diffMembers(['a', 'a', 'b', 'd'], ['a', 'c', 'c', 'd'], { collectUnchanged: true })).toEqual({
			entered: [2],
			exited: [1],
			unchanged: 2,
			unchangedPositions: [0, 3],
			currentCount: 3,
			previousCount: 3,
			duplicateCurrent: 1,
			duplicatePrevious: 1,
		});
	});

	it('diffs 200,000 members with 10% churn quickly', () => {
		const previous = ids(200_000);
		const current = [...previous.slice(20_000), ...ids(20_000, 'new')];
		const started = Date.now();
		const diff = diffMembers(current, previous);
		expect(Date.now() - started).toBeLessThan(2000);
		expect(diff.entered).toHaveLength(20_000);
		expect(diff.exited).toHaveLength(20_000);
		expect(diff.unchanged).toBe(180_000);
	});

	it('collapses explicit deltas: first position, last action', () => {
		expect(collapseDeltas(['a', 'b', 'a'], ['add', 'add', 'remove'])).toEqual({
			changes: [
				{ position: 0, action: 'remove' },
				{ position: 1, action: 'add' },
			],
			duplicates: 1,
		});
		expect(collapseDeltas(['a', 'a'], 'add')).toEqual({ changes: [{ position: 0, action: 'add' }], duplicates: 1 });
	});
});

describe('Braze changes from memberships', () => {
	it('adds and removes the cohort name of an array attribute', () => {
		const build = changeBuilder(arrayTarget, mapping());
		const add = build('u1', 'add');
		expect(add).toEqual({
			type: 'attributes',
			user: { external_id: 'u1' },
			attributes: { kubit_cohorts: { add: ['Power Users'] } },
			updateExistingOnly: true,
		});
		expect(changeBuilder(arrayTarget, aliasMapping)('ann@example.com', 'remove')).toEqual({
			type: 'attributes',
			user: { user_alias: { alias_name: 'ann@example.com', alias_label: 'email' } },
			attributes: { kubit_cohorts: { remove: ['Power Users'] } },
			updateExistingOnly: true,
		});
		expect(parseChange(add)).toMatchObject({ ok: true });
		expect(parseChange(changeBuilder(arrayTarget, mapping({ matchBy: 'brazeId' }))('b1', 'remove'))).toMatchObject({
			ok: true,
			change: { user: { braze_id: 'b1' } },
		});
	});

	it('sets one boolean attribute per cohort', () => {
		const build = changeBuilder(
			{ ...arrayTarget, mode: 'booleanAttribute', attributeName: 'kubit_cohort_power_users', updateExistingOnly: false },
			mapping(),
		);
		expect(build('u1', 'add')).toMatchObject({ attributes: { kubit_cohort_power_users: true }, updateExistingOnly: false });
		expect(build('u1', 'remove')).toMatchObject({ attributes: { kubit_cohort_power_users: false } });
		expect(parseChange(build('u1', 'remove'))).toMatchObject({ ok: true });
	});

	it('emits partner cohort import changes for ids, aliases and device ids', () => {
		const cohort = { ...arrayTarget, mode: 'cohortImport' as const };
		const build = changeBuilder(cohort, eitherMapping);
		const changes = [build('u1', 'add'), build('\u0001d1', 'remove'), changeBuilder(cohort, aliasMapping)('ann@example.com', 'add')];
		expect(changes[0]).toEqual({ type: 'cohortMembership', cohortId: 'c1', member: { external_id: 'u1' }, action: 'add' });
		expect(changes[1]).toEqual({ type: 'cohortMembership', cohortId: 'c1', member: { device_id: 'd1' }, action: 'remove' });
		expect(changes[2]).toMatchObject({ member: { user_alias: { alias_name: 'ann@example.com', alias_label: 'email' } } });
		for (const change of changes) expect(parseChange(change)).toMatchObject({ ok: true });
		expect(() => changeBuilder(cohort, mapping({ matchBy: 'brazeId' }))('b1', 'add')).toThrow(/not braze_id/);
		expect(() => changeBuilder(arrayTarget, eitherMapping)('\u0001d1', 'add')).toThrow(/device_id/);
	});

	it('names boolean attributes after the cohort and checks attribute names', () => {
		expect(slugify('Power Users (EU) – Café')).toBe('power_users_eu_cafe');
		expect(attributeNameFor('booleanAttribute', '', 'kubit_cohort_', 'Power Users')).toBe('kubit_cohort_power_users');
		expect(attributeNameFor('booleanAttribute', 'mine', 'kubit_cohort_', 'Power Users')).toBe('mine');
		expect(checkTarget({ ...arrayTarget, attributeName: '_x' })).toMatch(/Attribute Name "_x" starts with "_"/);
		expect(checkTarget({ ...arrayTarget, attributeName: 'email' })).toMatch(/standard attribute/);
		expect(checkTarget({ ...arrayTarget, cohortName: '' })).toMatch(/Cohort Name is empty/);
		expect(checkTarget({ ...arrayTarget, mode: 'cohortImport', cohortName: '' })).toBeUndefined();
		expect(checkTarget(arrayTarget)).toBeUndefined();
	});

	it('refuses identifiers a write mode cannot use', () => {
		expect(checkMapping(mapping({ matchBy: 'deviceId' }), 'arrayAttribute')).toMatch(/needs Write Mode "Partner Cohort Import"/);
		expect(checkMapping(mapping({ matchBy: 'brazeId' }), 'cohortImport')).toMatch(/does not work with the partner Cohort Import API/);
		expect(checkMapping(mapping({ externalIdField: '' }), 'arrayAttribute')).toMatch(/External ID Field is empty/);
		expect(checkMapping(mapping({ matchBy: 'deviceId' }), 'cohortImport')).toBeUndefined();
	});
});

describe('planning a sync', () => {
	it('sends exits then entries, in batches, paired with their items', () => {
		const current = collect([{ external_id: 'u2' }, { external_id: 'u3' }, { external_id: 'u4' }, {}, { external_id: 'u3' }]);
		const previous = collect([{ external_id: 'u1' }, { external_id: 'u2' }], 1);
		const plan = planSnapshotSync(current, previous, arrayTarget, mapping(), { batchSize: 2 });
		expect(plan.batches.map((b) => b.changes.map((c) => (c as { user: { external_id: string } }).user.external_id))).toEqual([
			['u1', 'u3'],
			['u4'],
		]);
		expect(plan.batches[0].pairedItem).toEqual([{ item: 0, input: 1 }, { item: 1 }]);
		expect(plan.batches[0]).toMatchObject({ entered: 1, exited: 1 });
		expect(plan.counts).toMatchObject({
			members: 3,
			previousMembers: 2,
			entered: 2,
			exited: 1,
			unchanged: 1,
			resent: 0,
			changes: 3,
			skipped: { total: 2, reasons: { missing_identifier: 1, duplicate: 1 } },
			previousSkipped: { total: 0 },
		});
		expect(plan.counts.skipped.explained.duplicate).toMatch(/more than once/);
		expect(plan.currentKeys()).toEqual(['u2', 'u3', 'u4']);
	});

	it('treats everyone as entering on a one-time import and can resend unchanged members', () => {
		const current = collect(['u1', 'u2']);
		expect(planSnapshotSync(current, undefined, arrayTarget, mapping(), { batchSize: 10 }).counts).toMatchObject({ entered: 2, exited: 0 });
		expect(planSnapshotSync(current, undefined, arrayTarget, mapping(), { batchSize: 10 }).counts.previousMembers).toBeUndefined();
		const resent = planSnapshotSync(current, storedList(['u1']), arrayTarget, mapping(), { batchSize: 10, resendUnchanged: true });
		expect(resent.counts).toMatchObject({ entered: 1, unchanged: 1, resent: 1, changes: 2 });
		// Stored members have no item to pair with.
		expect(planSnapshotSync(collect([]), storedList(['u1']), arrayTarget, mapping(), { batchSize: 10 }).batches[0].pairedItem).toEqual([]);
	});

	it('maps explicit deltas, once per member', () => {
		const plan = planDeltaSync(collect(['u1', 'u2', 'u1', { x: 1 }]), 'remove', arrayTarget, mapping(), { batchSize: 1000 });
		expect(plan.counts).toMatchObject({ members: 2, entered: 0, exited: 2, changes: 2, skipped: { total: 2 } });
		expect(plan.batches).toHaveLength(1);
		expect(plan.batches[0].changes[0]).toMatchObject({ attributes: { kubit_cohorts: { remove: ['Power Users'] } } });
	});

	it('plans 100,000 members in batches of 1,000', () => {
		const previous = storedList(ids(100_000));
		const current = collect(ids(100_000).slice(5_000).concat(ids(5_000, 'n')));
		const plan = planSnapshotSync(current, previous, arrayTarget, mapping(), { batchSize: 1000 });
		expect(plan.batches).toHaveLength(10);
		expect(plan.counts).toMatchObject({ entered: 5_000, exited: 5_000, unchanged: 95_000 });
		for (const change of plan.batches[9].changes.slice(0, 50)) expect(parseChange(change)).toMatchObject({ ok: true });
	});
});

describe('membership in workflow static data', () => {
	it('stores members per cohort and refuses a changed identifier', () => {
		const data: IDataObject = {};
		const at = new Date('2026-01-01T00:00:00Z');
		expect(readStoredMembers(data, 'c1', mapping())).toEqual({ ok: true, members: [] });
		writeStoredMembers(data, 'c1', mapping(), ['u1'], at);
		writeStoredMembers(data, 'c2', mapping(), ['u9'], at);
		writeStoredMembers(data, 'c3', aliasMapping, ['ann@example.com'], at);
		expect(readStoredMembers(data, 'c1', mapping())).toMatchObject({ ok: true, members: ['u1'], savedAt: '2026-01-01T00:00:00.000Z' });
		expect(readStoredMembers(data, 'c2', mapping())).toMatchObject({ ok: true, members: ['u9'] });
		expect(readStoredMembers(data, 'c1', aliasMapping)).toMatchObject({
			ok: false,
			error: expect.stringMatching(/matched by externalId, and Match Users By is now user alias \(label email\).*Start Over/),
		});
		// Same kind, other label: the stored names would point at other users.
		expect(readStoredMembers(data, 'c3', { ...aliasMapping, aliasLabel: 'phone' })).toMatchObject({ ok: false });
	});

	it('explains the limit and the way past it', () => {
		expect(tooManyForStaticData(STATIC_DATA_MAX_MEMBERS + 1, 'cohort')).toMatch(/10,001 members: Workflow Static Data keeps at most 10,000.*Second Input/);
	});
});
