/* The fault-injection suite (npm run test:faults): its own n8n, its own sandbox, minutes not seconds. */
const { join } = require('node:path');

module.exports = {
	rootDir: join(__dirname, '..', '..'),
	displayName: 'faults',
	testEnvironment: 'node',
	// dist/package.json would collide with package.json in jest's module map
	modulePathIgnorePatterns: ['<rootDir>/dist/'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }] },
	testMatch: ['<rootDir>/test/faults/**/*.test.ts'],
	testTimeout: 900_000,
};
