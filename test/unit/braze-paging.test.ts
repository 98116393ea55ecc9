import { collectPages } from '../../nodes/shared/braze/paging';
import { brazeDate } from '../../nodes/Braze/actions/email/emailList';

/** A fake endpoint over `total` rows, recording what it was asked. */
function endpoint(total: number) {
	const asked: Array<{ page: number; offset: number; size: number }> = [];
	const rows = Array.from({ length: total }, (_, i) => i);
	return {
		asked,
		byOffset: async (r: { page: number; offset: number; size: number }) => (asked.push(r), rows.slice(r.offset, r.offset + r.size)),
		byPage: async (r: { page: number; offset: number; size: number }) => (asked.push(r), rows.slice(r.page * 100, r.page * 100 + 100)),
	};
}

describe('collectPages', () => {
	it('reads offset pages until a short one', async () => {
		const e = endpoint(1100);
		expect(await collectPages(e.byOffset, { pageSize: 500 })).toHaveLength(1100);
		expect(e.asked.map((r) => [r.offset, r.size])).toEqual([
			[0, 500],
			[500, 500],
			[1000, 500],
		]);
	});

	it('asks an offset endpoint for no more than the limit', async () => {
		const e = endpoint(1100);
		expect(await collectPages(e.byOffset, { pageSize: 500, limit: 620 })).toEqual(Array.from({ length: 620 }, (_, i) => i));
		expect(e.asked.map((r) => r.size)).toEqual([500, 120]);
	});

	it('stops after an exactly full last page with one empty read, and never loops forever', async () => {
		const e = endpoint(200);
		expect(await collectPages(e.byPage, { pageSize: 100, fixedPageSize: true })).toHaveLength(200);
		expect(e.asked.map((r) => r.page)).toEqual([0, 1, 2]);
		const stuck = async () => Array.from({ length: 100 }, () => 1);
		expect(await collectPages(stuck, { pageSize: 100, fixedPageSize: true, maxPages: 3 })).toHaveLength(300);
	});

	it('truncates fixed pages to the limit', async () => {
		const e = endpoint(500);
		expect(await collectPages(e.byPage, { pageSize: 100, fixedPageSize: true, limit: 150 })).toHaveLength(150);
		expect(e.asked.map((r) => r.page)).toEqual([0, 1]);
	});
});

describe('brazeDate', () => {
	it('keeps the calendar day the user picked, in any time zone', () => {
		expect(brazeDate('2026-01-31', 'Start Date')).toBe('2026-01-31');
		expect(brazeDate('2026-01-31T00:00:00', 'Start Date')).toBe('2026-01-31');
		expect(brazeDate('2026-01-31T00:30:00.000+02:00', 'Start Date')).toBe('2026-01-31');
		expect(() => brazeDate('', 'Start Date')).toThrow(/Start Date must be a date/);
	});
});
