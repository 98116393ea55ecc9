import { describeBrazeError } from '../../nodes/shared/braze/transport';

describe('describeBrazeError', () => {
	it("keeps Braze's words for a 404 about a resource, and explains a 404 about the URL", () => {
		expect(describeBrazeError(404, { message: 'Campaign does not exist' })).toBe('Braze answered 404: Campaign does not exist');
		expect(describeBrazeError(404, { message: 'Not found' })).toMatch(/no such endpoint \(404\)\. Check the credential's instance/);
		expect(describeBrazeError(404, undefined)).toMatch(/no such endpoint/);
	});
});
