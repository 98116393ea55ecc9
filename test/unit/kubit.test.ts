import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { parseChange } from '../../nodes/shared/braze/changes';
import { Kubit } from '../../nodes/Kubit/Kubit.node';

interface RunOptions {
	parameters?: IDataObject;
	current?: unknown[];
	previous?: unknown[];
	staticData?: IDataObject;
	mode?: string;
}

const node = new Kubit();

function rows(ids: Array<string | IDataObject>): INodeExecutionData[] {
	return ids.map((id) => ({ json: typeof id === 'string' ? { external_id: id } : id }));
}

async function run(options: RunOptions) {
	const parameters: IDataObject = { cohortId: '12345', cohortName: 'Power Users', previousSource: 'staticData', ...options.parameters };
	const inputs = [rows((options.current ?? []) as string[]), rows((options.previous ?? []) as string[])];
	const staticData = options.staticData ?? {};
	const context = {
		getNode: () => ({ id: 'k', name: 'Kubit', type: 'n8n-nodes-braze.kubit', typeVersion: 1, position: [0, 0], parameters: {} }),
		getInputData: (input = 0) => inputs[input],
		getNodeParameter: (name: string, _item: number, fallback?: unknown) => (name in parameters ? parameters[name] : fallback),
		getWorkflowStaticData: () => staticData,
		getMode: () => options.mode ?? 'trigger',
	} as unknown as IExecuteFunctions;
	const [output] = await node.execute.call(context);
	const summary = output[output.length - 1].json.summary as IDataObject;
	const changes = output.slice(0, -1).flatMap((item) => item.json.brazeChanges as IDataObject[]);
	return { output, summary, changes, staticData };
}

const userOf = (change: IDataObject) => ((change.user ?? change.member) as IDataObject).external_id;

describe('Kubit node', () => {
	it('describes two inputs only while previous members come from the second one', () => {
		expect(node.description.inputs).toEqual(expect.stringContaining('$parameter["previousSource"] === "secondInput"'));
		expect(node.description.usableAsTool).toBeUndefined(); // not an AI tool: README "AI agents"
		expect(node.description.name).toBe('kubit');
	});

	it('gives every output item the same top-level keys, none undefined (no "undefined" cells in Table view)', async () => {
		const { output } = await run({ current: ['u1', 'u2'] });
		expect(output.length).toBeGreaterThan(1);
		const keys = Object.keys(output[0].json).sort();
		for (const item of output) {
			expect(Object.keys(item.json).sort()).toEqual(keys);
			expect(Object.values(item.json)).not.toContain(undefined);
		}
	});

	it('follows a cohort that grows and shrinks over three runs with static data', async () => {
		const staticData: IDataObject = {};
		const first = await run({ current: ['u1', 'u2', 'u3'], staticData });
		expect(first.changes.map(userOf)).toEqual(['u1', 'u2', 'u3']);
		expect(first.changes[0]).toEqual({
			type: 'attributes',
			user: { external_id: 'u1' },
			attributes: { kubit_cohorts: { add: ['Power Users'] } },
			updateExistingOnly: true,
		});
		expect(first.summary).toMatchObject({ partner: 'kubit', members: 3, previousMembers: 0, entered: 3, exited: 0, unchanged: 0 });

		const second = await run({ current: ['u2', 'u3', 'u4', 'u5'], staticData });
		expect(second.changes.map((c) => [userOf(c), Object.keys((c.attributes as IDataObject).kubit_cohorts as IDataObject)[0]])).toEqual([
			['u1', 'remove'],
			['u4', 'add'],
			['u5', 'add'],
		]);
		expect(second.summary).toMatchObject({ entered: 2, exited: 1, unchanged: 2, previousMembers: 3 });

		const third = await run({ current: ['u3', 'u5', 'u6'], staticData });
		expect(third.summary).toMatchObject({ entered: 1, exited: 2, unchanged: 2, members: 3 });
		expect((staticData.cohorts as IDataObject)['12345']).toMatchObject({ members: ['u3', 'u5', 'u6'], matchBy: 'externalId' });
		for (const change of [...first.changes, ...second.changes, ...third.changes]) expect(parseChange(change)).toMatchObject({ ok: true });
	});

	it('diffs against the second input and pairs changes with the items they came from', async () => {
		const { output, summary } = await run({
			parameters: { previousSource: 'secondInput', writeMode: 'booleanAttribute', options: { changesPerItem: 2 } },
			current: ['u2', 'u3', 'u4'],
			previous: ['u1', 'u2'],
		});
		expect(output).toHaveLength(3);
		expect(output[0].json.brazeChanges).toEqual([
			expect.objectContaining({ user: { external_id: 'u1' }, attributes: { kubit_cohort_power_users: false } }),
			expect.objectContaining({ user: { external_id: 'u3' }, attributes: { kubit_cohort_power_users: true } }),
		]);
		expect(output[0].pairedItem).toEqual([{ item: 0, input: 1 }, { item: 1 }]);
		expect(summary).toMatchObject({ previousSource: 'secondInput', attribute: 'kubit_cohort_power_users', entered: 2, exited: 1, unchanged: 1 });
		expect(summary.warnings).toEqual([]);
	});

	it('counts skipped members with their reasons, like an import history', async () => {
		const { summary } = await run({
			parameters: { previousSource: 'none' },
			current: ['u1', 'u1', { email: 'no-id@example.com' }, { external_id: { nested: true } }, {}],
		});
		expect(summary).toMatchObject({
			members: 1,
			entered: 1,
			emptyItems: 1,
			skipped: { total: 3, reasons: { duplicate: 1, missing_identifier: 1, invalid_identifier: 1 } },
		});
		expect(summary.previousMembers).toBeUndefined();
	});

	it('reads members from a list in one item', async () => {
		const { changes, summary } = await run({
			parameters: { previousSource: 'none', inputShape: 'list', membersField: 'users' },
			current: [{ cohort_id: '12345', users: ['u1', { external_id: 'u2' }] }],
		});
		expect(changes.map(userOf)).toEqual(['u1', 'u2']);
		expect(summary.entered).toBe(2);
		await expect(
			run({ parameters: { previousSource: 'none', inputShape: 'list', membersField: 'users' }, current: [{ people: [] }] }),
		).rejects.toThrow('[item 0] Field "users" is missing: it must hold an array of members');
	});

	it('creates the partner cohort on the first export and on a rename only, keeping its first created_at (issue 13)', async () => {
		const staticData: IDataObject = {};
		const upserts = (changes: IDataObject[]) => changes.filter((change) => change.type === 'cohortUpsert');
		const parameters = { writeMode: 'cohortImport', options: { cohortCreatedAt: '2026-01-31T12:00:00Z' } };
		const first = await run({ current: ['u1'], staticData, parameters });
		expect(upserts(first.changes)).toEqual([{ type: 'cohortUpsert', cohortId: '12345', name: 'Power Users', createdAt: '2026-01-31T12:00:00Z' }]);
		const second = await run({ current: ['u1', 'u2'], staticData, parameters: { ...parameters, options: {} } });
		expect(upserts(second.changes)).toEqual([]);
		expect(second.summary).toMatchObject({ cohortNameSent: false });
		const renamed = await run({ current: ['u1', 'u2', 'u3'], staticData, parameters: { ...parameters, cohortName: 'Super Users', options: {} } });
		expect(upserts(renamed.changes)).toEqual([{ type: 'cohortUpsert', cohortId: '12345', name: 'Super Users', createdAt: '2026-01-31T12:00:00Z' }]);
	});

	it('sends device ids only through the partner Cohort Import, and skips identified users matched by device', async () => {
		const { changes, summary } = await run({
			parameters: { previousSource: 'none', writeMode: 'cohortImport', matchBy: 'deviceId' },
			current: [{ device_id: 'd1' }, { device_id: 'd2', external_id: 'u2' }],
		});
		expect(changes).toEqual([
			{ type: 'cohortUpsert', cohortId: '12345', name: 'Power Users', createdAt: expect.any(String) },
			{ type: 'cohortMembership', cohortId: '12345', member: { device_id: 'd1' }, action: 'add' },
		]);
		for (const change of changes) expect(parseChange(change)).toMatchObject({ ok: true });
		expect(summary).toMatchObject({ cohortNameSent: true, changes: 1 });
		expect(summary.skipped).toMatchObject({ total: 1, reasons: { identified_user_device_id: 1 } });
		expect((summary.skipped as IDataObject).explained).toMatchObject({ identified_user_device_id: expect.stringMatching(/even if they started anonymous/) });

		const mixed = await run({
			parameters: { previousSource: 'none', matchBy: 'externalIdElseDeviceId' },
			current: [{ device_id: 'd1' }, { device_id: 'd2', external_id: 'u2' }],
		});
		expect(mixed.changes.map(userOf)).toEqual(['u2']);
		expect(mixed.summary.skipped).toMatchObject({ reasons: { anonymous_device_id: 1 } });

		await expect(run({ parameters: { matchBy: 'deviceId' }, current: ['d1'] })).rejects.toThrow(/needs Write Mode "Partner Cohort Import"/);
	});

	it('enforces the static data limit with a way out', async () => {
		const many = Array.from({ length: 10_001 }, (_, i) => `u${i}`);
		await expect(run({ current: many })).rejects.toThrow(/10,001 members: Workflow Static Data keeps at most 10,000.*Second Input/);
		const ok = await run({ parameters: { previousSource: 'secondInput' }, current: many });
		expect(ok.summary.entered).toBe(10_001);
		expect(ok.output).toHaveLength(12);
	});

	it('warns that manual runs do not save static data, and can start over or resend', async () => {
		const staticData: IDataObject = {};
		await run({ current: ['u1'], staticData });
		const manual = await run({ current: ['u1', 'u2'], staticData, mode: 'manual' });
		expect(manual.summary.warnings).toEqual([expect.stringMatching(/does not save workflow static data after manual runs/)]);
		const resend = await run({ current: ['u1', 'u2'], staticData, parameters: { options: { resendUnchanged: true } } });
		expect(resend.summary).toMatchObject({ entered: 0, unchanged: 2, resent: 2, changes: 2 });
		const over = await run({ current: ['u2'], staticData, parameters: { options: { startOver: true } } });
		expect(over.summary).toMatchObject({ entered: 1, exited: 0 });
		await expect(run({ current: ['a@example.com'], staticData, parameters: { matchBy: 'userAlias' } })).rejects.toThrow(
			/matched by externalId, and Match Users By is now user alias/,
		);
	});

	it('refuses settings that cannot work, naming the field', async () => {
		await expect(run({ parameters: { cohortId: ' ' }, current: ['u1'] })).rejects.toThrow(/Cohort ID is empty/);
		await expect(run({ parameters: { cohortName: '' }, current: ['u1'] })).rejects.toThrow(/Cohort Name is empty/);
		await expect(run({ parameters: { attributeName: '_flags' }, current: ['u1'] })).rejects.toThrow(/starts with "_"/);
		await expect(run({ parameters: { writeMode: 'cohortImport', matchBy: 'brazeId' }, current: ['u1'] })).rejects.toThrow(/Braze ID/);
		// A refused run leaves the remembered members alone (n8n saves static data even after a failure).
		const staticData: IDataObject = {};
		await run({ current: ['u1'], staticData, parameters: { writeMode: 'cohortImport' } });
		await expect(
			run({ current: ['u2'], staticData, parameters: { writeMode: 'cohortImport', options: { cohortCreatedAt: 'soon' } } }),
		).rejects.toThrow(/Cohort Created At "soon" is not a date/);
		expect((staticData.cohorts as IDataObject)['12345']).toMatchObject({ members: ['u1'] });
	});
});
