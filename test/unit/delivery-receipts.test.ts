import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { LEASE_MS, admitDelivery, forgetLeases } from '../../nodes/shared/webhook/deliveryGate';
import { RECEIPTS_KEY, ReceiptBook, fileReceipts, receiptKey } from '../../nodes/shared/webhook/receipts';

const T0 = 1_800_000_000_000;
const item = (receipt?: IDataObject): INodeExecutionData => ({ json: receipt ? { deliveryReceipt: receipt } : {} });

beforeEach(() => forgetLeases());

describe('delivery receipts (filed by the run, read by the trigger)', () => {
	it('files a delivery spread over several items as applied only if every item was', () => {
		const data: IDataObject = {};
		const key = receiptKey('growthloop', 'call-1');
		const items = [item({ key, keepHours: 24 }), item({ key, keepHours: 24 }), item()];
		fileReceipts(() => data, items, (i) => i !== 0, T0);
		expect(new ReceiptBook(data, T0).status(key)).toEqual({ applied: false, atMs: T0 });
		fileReceipts(() => data, items, () => true, T0 + 1);
		expect(new ReceiptBook(data, T0 + 1).status(key)).toEqual({ applied: true, atMs: T0 + 1 });
	});

	it('reads no static data when no item carries a receipt', () => {
		fileReceipts(
			() => {
				throw new Error('read static data for nothing');
			},
			[item(), item()],
			() => true,
			T0,
		);
	});

	it('ignores malformed receipts and stored garbage', () => {
		const data: IDataObject = { [RECEIPTS_KEY]: { deliveries: { a: 'x', b: [1, 2] }, newest: 7 } };
		fileReceipts(() => data, [item({ key: 5, keepHours: 1 }), item({ key: 'k' })], () => true, T0);
		expect(data[RECEIPTS_KEY]).toEqual({ deliveries: { a: 'x', b: [1, 2] }, newest: 7 });
		const book = new ReceiptBook(data, T0);
		expect(book.status('a')).toBeUndefined();
		book.file({ key: 'k', keepHours: 1 }, true);
		book.save();
		expect(data[RECEIPTS_KEY]).toEqual({ deliveries: { k: [1, T0, T0 / 1000 + 3600] }, newest: {} });
	});

	it('moves "newest wins" forward only, and only for applied deliveries', () => {
		const data: IDataObject = {};
		const book = new ReceiptBook(data, T0);
		book.file({ key: 'a', keepHours: 24, newest: [['s', 200]] }, true);
		book.file({ key: 'b', keepHours: 24, newest: [['s', 100]] }, true);
		book.file({ key: 'c', keepHours: 24, newest: [['s', 300]] }, false);
		book.save();
		expect(new ReceiptBook(data, T0).newest('s')).toBe(200);
	});
});

describe('admitDelivery: one run per delivery', () => {
	const book = (data: IDataObject, nowMs: number) => new ReceiptBook(data, nowMs);

	it('runs the first copy, answers copies busy until the run files its outcome, then duplicate or run again', () => {
		const data: IDataObject = {};
		expect(admitDelivery(book(data, T0), 'k', T0)).toEqual({ verdict: 'run' });
		expect(admitDelivery(book(data, T0 + 10), 'k', T0 + 10)).toEqual({ verdict: 'busy', retryAfterSeconds: LEASE_MS / 1000 });
		// The run failed: the next copy runs (and leases again).
		fileReceipts(() => data, [item({ key: 'k', keepHours: 24 })], () => false, T0 + 20);
		expect(admitDelivery(book(data, T0 + 30), 'k', T0 + 30)).toEqual({ verdict: 'run' });
		expect(admitDelivery(book(data, T0 + 40), 'k', T0 + 40).verdict).toBe('busy');
		// That run applied it: every later copy is a duplicate.
		fileReceipts(() => data, [item({ key: 'k', keepHours: 24 })], () => true, T0 + 50);
		expect(admitDelivery(book(data, T0 + 60), 'k', T0 + 60)).toEqual({ verdict: 'duplicate' });
	});

	it('lets a copy run once the lease has expired without any outcome (a run that filed nothing)', () => {
		const data: IDataObject = {};
		expect(admitDelivery(book(data, T0), 'k', T0).verdict).toBe('run');
		expect(admitDelivery(book(data, T0 + LEASE_MS - 1), 'k', T0 + LEASE_MS - 1)).toEqual({ verdict: 'busy', retryAfterSeconds: 1 });
		expect(admitDelivery(book(data, T0 + LEASE_MS), 'k', T0 + LEASE_MS).verdict).toBe('run');
	});

	it('an outcome filed before the lease was taken does not end it', () => {
		const data: IDataObject = {};
		fileReceipts(() => data, [item({ key: 'k', keepHours: 24 })], () => false, T0);
		expect(admitDelivery(book(data, T0 + 5), 'k', T0 + 5).verdict).toBe('run');
		expect(admitDelivery(book(data, T0 + 6), 'k', T0 + 6).verdict).toBe('busy');
	});
});
