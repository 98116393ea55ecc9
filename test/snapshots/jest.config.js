/* Request snapshots and the docs/operations.md check, runnable alone until the unit project lists test/snapshots. */
const { join } = require('node:path');

module.exports = {
	rootDir: join(__dirname, '..', '..'),
	displayName: 'snapshots',
	testEnvironment: 'node',
	// dist/package.json would collide with package.json in jest's module map
	modulePathIgnorePatterns: ['<rootDir>/dist/'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }] },
	testMatch: ['<rootDir>/test/snapshots/**/*.test.ts'],
};
