import {
	E164_MESSAGE,
	STANDARD_ATTRIBUTE_NAMES,
	STANDARD_ATTRIBUTES,
	isE164,
	isEmail,
	isReservedAttributeName,
	normaliseEmail,
	normalisePhone,
	parseJsonParameter,
	pathKeys,
	readPath,
	slugify,
} from '../../nodes/shared/values';

describe('readPath', () => {
	const body = { a: { b: [{ c: 'deep' }, 'second'] }, 'user.email': 'whole@example.com', user: { email: 'nested@example.com' }, list: [1, 2, 3] };

	it('reads dots, brackets, numeric segments and a leading $.', () => {
		expect(readPath(body, 'a.b[0].c')).toBe('deep');
		expect(readPath(body, 'a.b.0.c')).toBe('deep');
		expect(readPath(body, '$.a.b[1]')).toBe('second');
		expect(readPath(body, '  a.b[1] ')).toBe('second');
		expect(readPath(body, 'list[2]')).toBe(3);
	});

	it('finds a key holding a dot whole before walking the path', () => {
		expect(readPath(body, 'user.email')).toBe('whole@example.com');
		expect(readPath({ user: { email: 'nested@example.com' } }, 'user.email')).toBe('nested@example.com');
	});

	it('an empty path or "$" is the source; missing steps are undefined', () => {
		expect(readPath(body, '')).toBe(body);
		expect(readPath(body, '$')).toBe(body);
		expect(readPath(body, 'a.x.y')).toBeUndefined();
		expect(readPath(body, 'a.b[5].c')).toBeUndefined();
		expect(readPath('text', 'length')).toBeUndefined();
		expect(readPath(null, 'a')).toBeUndefined();
	});

	it('reads array entries by index only', () => {
		expect(readPath(body, 'list.length')).toBeUndefined();
		expect(readPath([{ id: 'x' }], '[0].id')).toBe('x');
	});

	it('splits paths into keys', () => {
		expect(pathKeys('$.a.b[10].c')).toEqual(['a', 'b', '10', 'c']);
		expect(pathKeys('  ')).toEqual([]);
	});
});

describe('emails', () => {
	it('trims and lower-cases the whole address', () => {
		expect(normaliseEmail('  Ann.Lee@Example.COM ')).toBe('ann.lee@example.com');
	});

	it('refuses what is not an address', () => {
		for (const bad of ['', 'ann', 'ann@example', 'ann@@example.com', 'a nn@example.com', '@example.com', 'ann@.']) {
			expect(normaliseEmail(bad)).toBeUndefined();
			expect(isEmail(bad)).toBe(false);
		}
		expect(isEmail(' ann@example.com ')).toBe(true);
	});
});

describe('phones', () => {
	it('accepts "+" and 1 to 15 digits, the first not 0', () => {
		expect(isE164('+15551234567')).toBe(true);
		expect(isE164('+1')).toBe(true);
		expect(isE164(`+1${'2'.repeat(14)}`)).toBe(true);
		expect(isE164(`+1${'2'.repeat(15)}`)).toBe(false);
		expect(isE164('+05551234567')).toBe(false);
		expect(isE164('15551234567')).toBe(false);
		expect(isE164('+')).toBe(false);
		expect(isE164('+1 555 123')).toBe(false);
	});

	it('drops the separators people type, then checks', () => {
		expect(normalisePhone(' +44 (7700) 900-123 ')).toBe('+447700900123');
		expect(normalisePhone('+1.555.123.4567')).toBe('+15551234567');
		expect(normalisePhone('call me')).toBeUndefined();
		expect(normalisePhone('07700 900123')).toBeUndefined();
	});

	it('the message shows a valid example', () => {
		const example = /e\.g\. (\S+)$/.exec(E164_MESSAGE)?.[1] ?? '';
		expect(example).toBe('+15551234567');
		expect(isE164(example)).toBe(true);
	});
});

describe('slugify', () => {
	it('makes Braze-safe keys', () => {
		expect(slugify('Power Users (EU)')).toBe('power_users_eu');
		expect(slugify('  Café Crème!  ')).toBe('cafe_creme');
		expect(slugify('What is your favourite colour?')).toBe('what_is_your_favourite_colour');
		expect(slugify('***')).toBe('');
	});

	it('cuts at maxLength without leaving a trailing "_"', () => {
		expect(slugify('abc def', 4)).toBe('abc');
		expect(slugify('x'.repeat(150), 100)).toHaveLength(100);
		expect(slugify('x'.repeat(150))).toHaveLength(150);
	});
});

describe('Braze names', () => {
	it('knows reserved attribute names', () => {
		for (const name of ['external_id', 'braze_id', 'user_alias', '_update_existing_only', '$set']) expect(isReservedAttributeName(name)).toBe(true);
		for (const name of ['first_name', 'plan', 'kubit_cohorts']) expect(isReservedAttributeName(name)).toBe(false);
	});

	it('lists standard attributes once each, sorted by display name', () => {
		expect(new Set(STANDARD_ATTRIBUTE_NAMES).size).toBe(STANDARD_ATTRIBUTES.length);
		expect(STANDARD_ATTRIBUTE_NAMES).toEqual(expect.arrayContaining(['first_name', 'email_subscribe', 'home_city', 'dob', 'time_zone']));
		const names = STANDARD_ATTRIBUTES.map((attribute) => attribute.name);
		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
	});
});

describe('parseJsonParameter', () => {
	it('parses text and passes parsed values through', () => {
		expect(parseJsonParameter('{"a": 1}', 'Document', 0)).toEqual({ a: 1 });
		expect(parseJsonParameter([1, 2], 'List', 0)).toEqual([1, 2]);
		expect(parseJsonParameter({ b: 2 }, 'Document', 0, { object: true })).toEqual({ b: 2 });
	});

	it('empty text and null are undefined', () => {
		expect(parseJsonParameter('  ', 'Document', 0)).toBeUndefined();
		expect(parseJsonParameter(null, 'Document', 0, { object: true })).toBeUndefined();
	});

	it('names the parameter and the item', () => {
		expect(() => parseJsonParameter('{"a": 1,}', 'Trigger Properties', 2)).toThrow('[item 2] Trigger Properties is not valid JSON: check quotes and commas');
		expect(() => parseJsonParameter('[1]', 'Context', 1, { object: true })).toThrow(/^\[item 1\] Context must be a JSON object/);
		expect(() => parseJsonParameter('"text"', 'Context', 3, { object: true })).toThrow(/\[item 3\]/);
	});
});
