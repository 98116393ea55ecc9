import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { readJsonParameter, readUserIdentifier, userIdentifierFields } from '../helpers';
import { purchasesAsOrderEvents } from '../../../shared/braze/ecommerce';
import { nowIso } from '../../../shared/now';

const displayOptions = { show: { resource: ['user'], operation: ['track'] } };
const showFields = { inputMode: ['fields'] };
const showJson = { inputMode: ['json'] };
const showAutoMap = { inputMode: ['autoMap'] };

/** Braze's global email and push states. */
const SUBSCRIBE_STATES = [
	{ name: 'Opted In', value: 'opted_in' },
	{ name: 'Subscribed', value: 'subscribed' },
	{ name: 'Unsubscribed', value: 'unsubscribed' },
];

const showEcommerce = { show: { ...showFields }, hide: { ecommerceEvent: [''] } };

/** Money fields of the eCommerce events; names are Braze's property names, copied as they are. */
const money = (displayName: string, name: string, description: string): INodeProperties => ({
	displayName,
	name,
	type: 'number',
	typeOptions: { minValue: 0, numberPrecision: 2 },
	default: 0,
	description,
});

/** A JSON field of the eCommerce events; sent parsed. */
const jsonField = (displayName: string, name: string, description: string): INodeProperties => ({ displayName, name, type: 'json', default: '', description });

/** The eCommerce Event choice: one of Braze's six recommended events, its properties from fields or JSON. */
const ecommerceFields: INodeProperties[] = [
	{
		displayName: 'eCommerce Event',
		name: 'ecommerceEvent',
		type: 'options',
		options: [
			{ name: 'Cart Updated', value: 'ecommerce.cart_updated' },
			{ name: 'Checkout Started', value: 'ecommerce.checkout_started' },
			{ name: 'None', value: '' },
			{ name: 'Order Cancelled', value: 'ecommerce.order_cancelled' },
			{ name: 'Order Placed', value: 'ecommerce.order_placed' },
			{ name: 'Order Refunded', value: 'ecommerce.order_refunded' },
			{ name: 'Product Viewed', value: 'ecommerce.product_viewed' },
		],
		default: '',
		description: "Also record one of Braze's eCommerce recommended events. Braze drops one whose properties break its schema, so they are checked before sending.",
		displayOptions: { show: showFields },
	},
	{
		displayName: 'eCommerce Properties From',
		name: 'ecommercePropertiesFrom',
		type: 'options',
		options: [
			{ name: 'Fields', value: 'fields', description: 'Fill in the event\'s properties field by field' },
			{ name: 'JSON', value: 'json', description: 'Give the properties object as JSON' },
		],
		default: 'fields',
		displayOptions: showEcommerce,
	},
	{
		displayName: 'eCommerce Properties (JSON)',
		name: 'ecommerceJson',
		type: 'json',
		default: '{}',
		description:
			'The event\'s properties, e.g. {"order_id": "ord_1", "total_value": 9.99, "currency": "USD", "source": "web", "products": [{"product_id": "sku-1", "product_name": "Socks", "variant_id": "sku-1-m", "quantity": 1, "price": 9.99}]}',
		displayOptions: { show: { ...showEcommerce.show, ecommercePropertiesFrom: ['json'] }, hide: showEcommerce.hide },
	},
	{
		displayName: 'eCommerce Properties',
		name: 'ecommerceProperties',
		type: 'collection',
		placeholder: 'Add property',
		default: {},
		description: 'Braze requires per event: Product Viewed: Product ID, Product Name, Variant ID, Price, Currency, Source. Cart Updated: Cart ID, Currency, Products, Source (and Total Value unless the action is Add or Remove). Checkout Started: Checkout ID, Total Value, Currency, Products, Source. Orders: Order ID, Total Value, Currency, Products, Source (and Cancel Reason when cancelled).',
		displayOptions: { show: { ...showEcommerce.show, ecommercePropertiesFrom: ['fields'] }, hide: showEcommerce.hide },
		options: [
			{
				displayName: 'Cancel Reason',
				name: 'cancel_reason',
				type: 'string',
				default: '',
				placeholder: 'e.g. customer_request',
				description: 'Why the order was cancelled (Order Cancelled)',
			},
			{ displayName: 'Cart Action', name: 'cartAction', type: 'options', options: [
				{ name: 'Add', value: 'add', description: 'Products lists the units added' },
				{ name: 'Remove', value: 'remove', description: 'Products lists the units removed' },
				{ name: 'Replace', value: 'replace', description: 'Products is the whole cart' },
			], default: 'replace', description: 'How Products changes the cart (Cart Updated)' },
			{ displayName: 'Cart ID', name: 'cart_id', type: 'string', default: '', placeholder: 'e.g. cart_abc123' },
			{ displayName: 'Checkout ID', name: 'checkout_id', type: 'string', default: '', placeholder: 'e.g. chk_88291' },
			{ displayName: 'Currency', name: 'currency', type: 'string', default: 'USD', placeholder: 'e.g. USD', description: 'ISO 4217 code' },
			jsonField('Discounts (JSON)', 'discounts', 'Discounts applied to the order, e.g. [{"code": "SPRING10", "amount": 10}]'),
			{ displayName: 'Image URL', name: 'image_url', type: 'string', default: '', placeholder: 'e.g. https://shop.example.com/img/sku-1.jpg' },
			jsonField('Metadata (JSON)', 'metadata', 'Your own fields, e.g. {"brand": "Acme"}: Braze drops an event with unknown top-level properties'),
			{
				displayName: 'Notify On',
				name: 'type',
				type: 'multiOptions',
				options: [
					{ name: 'Back in Stock', value: 'back_in_stock' },
					{ name: 'Price Drop', value: 'price_drop' },
				],
				default: [],
				description: 'Catalog notifications this view may trigger (Product Viewed)',
			},
			{ displayName: 'Order ID', name: 'order_id', type: 'string', default: '', placeholder: 'e.g. ord_77821' },
			money('Price', 'price', 'Unit price of the variant viewed (Product Viewed)'),
			{ displayName: 'Product ID', name: 'product_id', type: 'string', default: '', placeholder: 'e.g. SKU-RUN-4821', description: 'Product Viewed' },
			{ displayName: 'Product Name', name: 'product_name', type: 'string', default: '', description: 'Product Viewed' },
			{ displayName: 'Product URL', name: 'product_url', type: 'string', default: '', placeholder: 'e.g. https://shop.example.com/p/sku-1' },
			jsonField(
				'Products (JSON)',
				'products',
				'The products, e.g. [{"product_id": "sku-1", "product_name": "Socks", "variant_id": "sku-1-m", "quantity": 2, "price": 4.5}]',
			),
			money('Shipping', 'shipping', 'Shipping cost'),
			{ displayName: 'Source', name: 'source', type: 'string', default: '', placeholder: 'e.g. web', description: 'Where the event comes from, e.g. web, ios or shopify' },
			money('Subtotal Value', 'subtotal_value', 'After discounts, before tax and shipping'),
			money('Tax', 'tax', 'Tax on the cart or order'),
			{ displayName: 'Time', name: 'time', type: 'dateTime', default: '', description: 'When it happened; empty means now' },
			money('Total Discounts', 'total_discounts', 'Discounts on the order'),
			money('Total Value', 'total_value', 'What the cart, checkout or order is worth; for a refund, the amount refunded'),
			{ displayName: 'Variant ID', name: 'variant_id', type: 'string', default: '', placeholder: 'e.g. UB-BLK-11', description: 'Product Viewed' },
		],
	},
];

const properties: INodeProperties[] = [
	...userIdentifierFields(undefined, showAutoMap),
	{
		displayName: 'Input Mode',
		name: 'inputMode',
		type: 'options',
		options: [
			{ name: 'Fields', value: 'fields', description: 'Fill in attributes, an event and a purchase field by field' },
			{ name: 'JSON', value: 'json', description: 'Give Braze attribute, event and purchase objects as JSON' },
			{
				name: 'Map Automatically',
				value: 'autoMap',
				description: 'Send the input item\'s fields as attributes, the identifier from one field: no expression per item, the fastest way to sync rows',
			},
		],
		default: 'fields',
	},
	{
		displayName: 'Identifier Field',
		name: 'identifierField',
		type: 'string',
		default: 'external_id',
		required: true,
		placeholder: 'e.g. user_id',
		description: 'The item field holding each user\'s identifier, of the kind chosen in Identify User By (dots reach nested fields)',
		displayOptions: { show: showAutoMap },
	},
	{
		displayName: 'Fields to Send',
		name: 'fieldsToSend',
		type: 'string',
		default: '',
		placeholder: 'e.g. first_name, plan, score',
		description: 'Comma-separated item fields to send as attributes, under the same names. Empty sends every field except the identifier.',
		displayOptions: { show: showAutoMap },
	},
	{
		displayName: 'Event Name',
		name: 'autoEventName',
		type: 'string',
		default: '',
		placeholder: 'e.g. warehouse_sync',
		description: 'Also record this custom event for every item (time: now). Empty records none.',
		displayOptions: { show: showAutoMap },
	},
	{
		displayName: 'Standard Attributes',
		name: 'standardAttributes',
		type: 'collection',
		placeholder: 'Add attribute',
		default: {},
		displayOptions: { show: showFields },
		options: [
			{ displayName: 'Country', name: 'country', type: 'string', default: '', placeholder: 'e.g. US', description: 'ISO-3166-1 alpha-2 code' },
			{ displayName: 'Date of Birth', name: 'dob', type: 'string', default: '', placeholder: 'e.g. 1990-04-23', description: 'As YYYY-MM-DD' },
			{ displayName: 'Email', name: 'email', type: 'string', placeholder: 'e.g. ann@example.com', default: '' },
			{
				displayName: 'Email Subscribe',
				name: 'email_subscribe',
				type: 'options',
				options: SUBSCRIBE_STATES,
				default: 'subscribed',
				description: 'The global email state: Opted In, Subscribed or Unsubscribed (it also applies to other users with this email)',
			},
			{ displayName: 'First Name', name: 'first_name', type: 'string', default: '' },
			{
				// Text, not a dropdown: nothing is preselected, so no gender is ever sent by default.
				displayName: 'Gender',
				name: 'gender',
				type: 'string',
				default: '',
				placeholder: 'e.g. F',
				description: 'F, M, O (other), N (not applicable) or P (prefer not to say); words such as "female" are converted',
			},
			{ displayName: 'Home City', name: 'home_city', type: 'string', default: '' },
			{ displayName: 'Language', name: 'language', type: 'string', default: '', placeholder: 'e.g. en', description: 'ISO-639-1 code' },
			{ displayName: 'Last Name', name: 'last_name', type: 'string', default: '' },
			{ displayName: 'Phone', name: 'phone', type: 'string', default: '', placeholder: 'e.g. +14155550123' },
			{
				displayName: 'Push Subscribe',
				name: 'push_subscribe',
				type: 'options',
				options: SUBSCRIBE_STATES,
				default: 'subscribed',
			},
			{ displayName: 'Time Zone', name: 'time_zone', type: 'string', default: '', placeholder: 'e.g. America/New_York' },
		],
	},
	{
		displayName: 'Custom Attributes',
		name: 'customAttributes',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add custom attribute',
		default: {},
		displayOptions: { show: showFields },
		options: [
			{
				displayName: 'Attribute',
				name: 'attribute',
				values: [
					{ displayName: 'Name', name: 'name', type: 'string', default: '', placeholder: 'e.g. favorite_color' },
					{
						displayName: 'Action',
						name: 'attributeAction',
						type: 'options',
						options: [
							{ name: 'Add to Array', value: 'add', description: 'Add comma-separated values to an array attribute' },
							{ name: 'Increment', value: 'inc', description: 'Add a whole number to a number attribute' },
							{ name: 'Remove From Array', value: 'remove', description: 'Remove comma-separated values from an array attribute' },
							{ name: 'Set', value: 'set', description: 'Set the value (text, number, boolean or JSON)' },
							{ name: 'Unset', value: 'unset', description: 'Remove the attribute from the profile' },
						],
						default: 'set',
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						description: 'Numbers, true/false and JSON arrays or objects are sent as such; anything else as text',
						displayOptions: { hide: { attributeAction: ['unset'] } },
					},
				],
			},
		],
	},
	{
		displayName: 'Subscription Groups',
		name: 'subscriptionGroups',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add subscription group',
		default: {},
		description: 'Subscribe or unsubscribe the user to email or SMS subscription groups along with the attributes',
		displayOptions: { show: showFields },
		options: [
			{
				displayName: 'Group',
				name: 'group',
				values: [
					{
						displayName: 'Subscription Group ID',
						name: 'groupId',
						type: 'string',
						default: '',
						placeholder: 'e.g. 8a2c6b3e-1b2c-4d5e-8f90-123456789abc',
					},
					{
						displayName: 'State',
						name: 'state',
						type: 'options',
						options: [
							{ name: 'Subscribed', value: 'subscribed' },
							{ name: 'Unsubscribed', value: 'unsubscribed' },
						],
						default: 'subscribed',
					},
				],
			},
		],
	},
	{
		displayName: 'Custom Event',
		name: 'event',
		type: 'collection',
		placeholder: 'Add event field',
		default: {},
		description: 'Record a custom event; leave empty to send none',
		displayOptions: { show: showFields },
		options: [
			{ displayName: 'Name', name: 'name', type: 'string', default: '', placeholder: 'e.g. quiz_completed' },
			{ displayName: 'Time', name: 'time', type: 'dateTime', default: '', description: 'When it happened; empty means now' },
			{ displayName: 'Properties (JSON)', name: 'properties', type: 'json', default: '{}' },
			{ displayName: 'App ID', name: 'appId', type: 'string', default: '' },
		],
	},
	...ecommerceFields,
	{
		displayName: 'Purchase',
		name: 'purchase',
		type: 'collection',
		placeholder: 'Add purchase field',
		default: {},
		description: 'Record a purchase; leave empty to send none',
		displayOptions: { show: showFields },
		options: [
			{ displayName: 'Currency', name: 'currency', type: 'string', default: '', placeholder: 'e.g. USD', description: 'ISO 4217 code; required with a purchase' },
			{
				displayName: 'Order ID',
				name: 'orderId',
				type: 'string',
				default: '',
				placeholder: 'e.g. ord_77821',
				description: 'Sent as the order_id property; required when Send Purchases As is ecommerce.order_placed Event',
			},
			{
				displayName: 'Price',
				name: 'price',
				type: 'number',
				typeOptions: { numberPrecision: 2 },
				default: 0,
				description: 'Required with a purchase: the price of one unit, e.g. 9.99 (numeric text from an expression is read as a number)',
			},
			{ displayName: 'Product ID', name: 'productId', type: 'string', default: '', placeholder: 'e.g. sku-123' },
			{ displayName: 'Properties (JSON)', name: 'properties', type: 'json', default: '{}' },
			{ displayName: 'Quantity', name: 'quantity', type: 'number', typeOptions: { minValue: 1, maxValue: 100 }, default: 1 },
			{ displayName: 'Time', name: 'time', type: 'dateTime', default: '', description: 'When it happened; empty means now' },
		],
	},
	{
		displayName: 'Attributes (JSON)',
		name: 'attributesJson',
		type: 'json',
		default: '{}',
		description:
			'One Braze attributes object without the identifier, e.g. {"first_name": "Ann", "visits": {"inc": 1}, "email_subscribe": "opted_in", "subscription_groups": [{"subscription_group_id": "…", "subscription_state": "subscribed"}]}',
		displayOptions: { show: showJson },
	},
	{
		displayName: 'Events (JSON)',
		name: 'eventsJson',
		type: 'json',
		default: '[]',
		description: 'Braze event objects without the identifier, e.g. [{"name": "signup", "time": "2026-01-31T12:00:00Z"}]',
		displayOptions: { show: showJson },
	},
	{
		displayName: 'Purchases (JSON)',
		name: 'purchasesJson',
		type: 'json',
		default: '[]',
		description: 'Braze purchase objects without the identifier, e.g. [{"product_id": "sku-1", "currency": "USD", "price": 9.99}]',
		displayOptions: { show: showJson },
	},
	{
		displayName: 'Options',
		name: 'trackOptions',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Update Existing Users Only',
				name: 'updateExistingOnly',
				type: 'boolean',
				default: false,
				description: 'Whether to skip users Braze does not know yet instead of creating them (aliases are always update-only unless this is off and attributes are sent)',
			},
			{
				displayName: 'Merge Nested Objects',
				name: 'mergeObjects',
				type: 'boolean',
				default: false,
				description: 'Whether nested object attributes are deep-merged into what Braze has instead of replacing it',
			},
			{
				displayName: 'Send Purchases As',
				name: 'sendPurchasesAs',
				type: 'options',
				options: [
					{ name: 'Purchase (Legacy)', value: 'purchase', description: 'Braze purchase objects, for workspaces that still take them' },
					{
						name: 'ecommerce.order_placed Event',
						value: 'orderPlaced',
						description: 'Braze has put purchases in maintenance mode and new customers cannot send them: each order (purchases with the same order_id) becomes one ecommerce.order_placed event',
					},
				],
				default: 'purchase',
			},
			{
				displayName: 'Send Empty Values as Unset',
				name: 'sendEmptyAsUnset',
				type: 'boolean',
				default: false,
				description: 'Whether an empty or null field removes the attribute in Braze (Map Automatically). Off: empty fields are skipped, so they never overwrite what Braze has.',
			},
		],
	},
];

export const description = updateDisplayOptions(displayOptions, properties);

/** Reads a typed value from a text field: numbers, booleans, null and JSON stay typed. */
export function typedValue(text: unknown): unknown {
	if (typeof text !== 'string') return text;
	const trimmed = text.trim();
	if (trimmed === 'true' || trimmed === 'false' || trimmed === 'null') return JSON.parse(trimmed);
	if (trimmed !== '' && /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(trimmed)) return Number(trimmed);
	if (/^[[{]/.test(trimmed)) {
		try {
			return JSON.parse(trimmed);
		} catch {
			return text;
		}
	}
	return text;
}

function list(text: unknown): unknown[] {
	if (Array.isArray(text)) return text;
	const value = typedValue(text);
	if (Array.isArray(value)) return value;
	return String(text)
		.split(',')
		.map((part) => part.trim())
		.filter((part) => part !== '');
}

/** A Time field, or now when empty; a time that is not one names its field instead of "Invalid time value". */
function timeOrNow(value: unknown, field = 'event.time'): string {
	if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return nowIso();
	const time = new Date(value as string);
	if (Number.isNaN(time.getTime())) {
		throw new Error(`${field} must be a date and time, e.g. 2026-01-31T12:00:00Z (got ${JSON.stringify(String(value))})`);
	}
	return time.toISOString();
}

function fieldAttributes(ctx: IExecuteFunctions, i: number): IDataObject {
	const attributes: IDataObject = { ...(ctx.getNodeParameter('standardAttributes', i, {}) as IDataObject) };
	const custom = (ctx.getNodeParameter('customAttributes.attribute', i, []) as IDataObject[]) ?? [];
	for (const { name, attributeAction: action, value } of custom) {
		const key = String(name ?? '').trim();
		if (!key) throw new Error('Custom Attributes has an attribute without a name: fill in Name or remove the row');
		if (action === 'inc') {
			const by = Number(value);
			if (!Number.isInteger(by)) throw new Error(`Custom attribute "${key}": Increment needs a whole number, got "${String(value)}"`);
			attributes[key] = { inc: by };
		} else if (action === 'add' || action === 'remove') {
			const previous = (attributes[key] as IDataObject | undefined) ?? {};
			attributes[key] = { ...previous, [action]: list(value) } as IDataObject;
		} else if (action === 'unset') {
			attributes[key] = null;
		} else {
			attributes[key] = typedValue(value) as IDataObject;
		}
	}
	const groups = (ctx.getNodeParameter('subscriptionGroups.group', i, []) as IDataObject[]) ?? [];
	if (groups.length) {
		attributes.subscription_groups = groups.map(({ groupId, state }) => {
			const id = String(groupId ?? '').trim();
			if (!id) throw new Error('Subscription Groups has a group without an ID: fill in Subscription Group ID or remove the row');
			return { subscription_group_id: id, subscription_state: state ?? 'subscribed' };
		});
	}
	return attributes;
}

const AUTO_MAP_IDENTIFIERS = ['external_id', 'braze_id', 'email', 'phone'];

/** Map Automatically: the item's own fields, read without any expression, become the changes. */
function autoMappedChanges(ctx: IExecuteFunctions, i: number, item: INodeExecutionData, flags: IDataObject, sendEmptyAsUnset: boolean): unknown[] {
	const kind = ctx.getNodeParameter('identifyBy', i) as string;
	if (!AUTO_MAP_IDENTIFIERS.includes(kind)) {
		throw new Error('Map Automatically identifies users by External ID, Braze ID, Email or Phone: pick one of those in Identify User By');
	}
	const identifierField = String(ctx.getNodeParameter('identifierField', i, 'external_id')).trim();
	const identifier = fieldAt(item.json, identifierField);
	if (identifier === undefined || identifier === null || String(identifier).trim() === '') {
		throw new Error(`The item has no "${identifierField}" field: set Identifier Field to the field that holds the ${kind}`);
	}
	const user = { [kind]: String(identifier).trim() };
	const listed = fieldList(String(ctx.getNodeParameter('fieldsToSend', i, '')));
	const attributes: IDataObject = {};
	let count = 0;
	const take = (name: string, value: unknown) => {
		const empty = value === undefined || value === null || value === '';
		if (empty && !sendEmptyAsUnset) return;
		attributes[name.includes('.') ? (name.split('.').pop() as string) : name] = empty ? null : (value as IDataObject);
		count++;
	};
	if (listed.length) for (const name of listed) take(name, fieldAt(item.json, name));
	// Every field but the identifier; for...in, as the item is plain JSON (no Object.keys array per item).
	else for (const name in item.json) if (name !== identifierField) take(name, item.json[name]);
	const changes: unknown[] = [];
	if (count) changes.push({ type: 'attributes', user, attributes, ...flags });
	const eventName = String(ctx.getNodeParameter('autoEventName', i, '')).trim();
	if (eventName) changes.push({ type: 'event', user, name: eventName, time: nowIso(), ...flags });
	if (!changes.length) throw new Error(`Nothing to send: the item has no values in ${listed.length ? 'Fields to Send' : 'its fields'} and no Event Name is set`);
	return changes;
}

/** Fields to Send as a list; the same text is split once, not on every item. */
let lastFieldText: string | undefined;
let lastFieldList: string[] = [];
function fieldList(text: string): string[] {
	if (text !== lastFieldText) {
		lastFieldList = text
			.split(',')
			.map((field) => field.trim())
			.filter((field) => field !== '');
		lastFieldText = text;
	}
	return lastFieldList;
}

function fieldAt(json: IDataObject, path: string): unknown {
	if (path in json) return json[path];
	return path.split('.').reduce<unknown>((value, key) => (value as IDataObject | undefined)?.[key], json);
}

export function buildChanges(this: IExecuteFunctions, i: number, item: INodeExecutionData): unknown[] {
	const options = this.getNodeParameter('trackOptions', i, {}) as {
		updateExistingOnly?: boolean;
		mergeObjects?: boolean;
		sendEmptyAsUnset?: boolean;
		sendPurchasesAs?: string;
	};
	const flags = options.updateExistingOnly ? { updateExistingOnly: true } : {};
	const inputMode = this.getNodeParameter('inputMode', i) as string;
	if (inputMode === 'autoMap') return autoMappedChanges(this, i, item, flags, options.sendEmptyAsUnset === true);
	const user = readUserIdentifier(this, i);
	const changes: unknown[] = [];

	if (inputMode === 'json') {
		const attributes = readJsonParameter(this, 'attributesJson', i, {}) as IDataObject;
		if (attributes && Object.keys(attributes).length) {
			changes.push({ type: 'attributes', user, attributes, ...flags, ...(options.mergeObjects ? { mergeObjects: true } : {}) });
		}
		for (const event of (readJsonParameter(this, 'eventsJson', i, []) as IDataObject[]) ?? []) {
			const { name, time, properties, app_id: appId } = event;
			changes.push({ type: 'event', user, name, time, properties, ...(appId ? { appId } : {}), ...flags });
		}
		for (const purchase of (readJsonParameter(this, 'purchasesJson', i, []) as IDataObject[]) ?? []) {
			const { product_id: productId, currency, price, quantity, time, properties, app_id: appId } = purchase;
			changes.push({ type: 'purchase', user, productId, currency, price, quantity, time, properties, ...(appId ? { appId } : {}), ...flags });
		}
		return withPurchasesAs(changes, options.sendPurchasesAs);
	}

	const attributes = fieldAttributes(this, i);
	if (Object.keys(attributes).length) {
		changes.push({ type: 'attributes', user, attributes, ...flags, ...(options.mergeObjects ? { mergeObjects: true } : {}) });
	}
	const event = this.getNodeParameter('event', i, {}) as IDataObject;
	if (Object.keys(event).length) {
		const properties = typedValue(event.properties ?? '{}') as IDataObject;
		changes.push({
			type: 'event',
			user,
			name: event.name,
			time: timeOrNow(event.time, 'event.time'),
			...(properties && Object.keys(properties).length ? { properties } : {}),
			...(event.appId ? { appId: event.appId } : {}),
			...flags,
		});
	}
	const ecommerce = ecommerceEvent(this, i, user, flags);
	if (ecommerce) changes.push(ecommerce);
	const purchase = this.getNodeParameter('purchase', i, {}) as IDataObject;
	if (Object.keys(purchase).length) {
		let properties = typedValue(purchase.properties ?? '{}') as IDataObject;
		if (String(purchase.orderId ?? '').trim()) properties = { ...properties, order_id: String(purchase.orderId).trim() };
		changes.push({
			type: 'purchase',
			user,
			// No silent price or currency: a purchase without them is refused, naming the field.
			productId: purchase.productId,
			currency: purchase.currency,
			price: purchase.price,
			quantity: purchase.quantity ?? 1,
			time: timeOrNow(purchase.time, 'purchase.time'),
			...(properties && Object.keys(properties).length ? { properties } : {}),
			...flags,
		});
	}
	if (!changes.length) {
		throw new Error('Nothing to track: add a standard or custom attribute, a custom event, an eCommerce event or a purchase');
	}
	return withPurchasesAs(changes, options.sendPurchasesAs);
}

/** Send Purchases As: legacy purchases stay, or become ecommerce.order_placed events (one per order). */
function withPurchasesAs(changes: unknown[], sendAs: string | undefined): unknown[] {
	if (sendAs !== 'orderPlaced') return changes;
	const isPurchase = (change: unknown) => (change as IDataObject).type === 'purchase';
	const purchases = changes.filter(isPurchase) as Array<Parameters<typeof purchasesAsOrderEvents>[0][number]>;
	return purchases.length ? [...changes.filter((change) => !isPurchase(change)), ...purchasesAsOrderEvents(purchases)] : changes;
}

const ECOMMERCE_JSON_FIELDS = ['products', 'discounts', 'metadata'];

/** The eCommerce Event of Fields mode as an event change; its properties are checked with the change. */
function ecommerceEvent(ctx: IExecuteFunctions, i: number, user: unknown, flags: IDataObject): Record<string, unknown> | undefined {
	const name = String(ctx.getNodeParameter('ecommerceEvent', i, '') ?? '');
	if (!name) return undefined;
	if (ctx.getNodeParameter('ecommercePropertiesFrom', i, 'fields') === 'json') {
		const properties = readJsonParameter(ctx, 'ecommerceJson', i, {}) as IDataObject;
		return { type: 'event', user, name, time: nowIso(), properties, ...flags };
	}
	const { time, cartAction, ...fields } = ctx.getNodeParameter('ecommerceProperties', i, {}) as IDataObject;
	const properties: Record<string, unknown> = {};
	for (const [key, value] of Object.entries({ ...fields, ...(cartAction ? { action: cartAction } : {}) })) {
		if (value === '' || (Array.isArray(value) && !value.length)) continue;
		properties[key] = ECOMMERCE_JSON_FIELDS.includes(key) ? typedValue(value) : value;
	}
	return { type: 'event', user, name, time: timeOrNow(time, 'ecommerceProperties.time'), properties, ...flags };
}
