/*
 * The security end-to-end files on the shared n8n, for running them on their own:
 *   npx jest -c test/security/jest.e2e.config.js
 * In the full suite they belong to the e2e project (see the jest.config.js change in docs/reliability.md).
 */
const { join } = require('node:path');

const root = join(__dirname, '..', '..');
module.exports = {
	rootDir: root,
	displayName: 'e2e',
	testEnvironment: 'node',
	// dist/package.json would collide with package.json in jest's module map
	modulePathIgnorePatterns: ['<rootDir>/dist/'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }] },
	testMatch: ['<rootDir>/test/security/**/*.e2e.test.ts'],
	setupFilesAfterEnv: ['<rootDir>/harness/timeouts.ts'],
	globalSetup: '<rootDir>/harness/global-setup.ts',
	globalTeardown: '<rootDir>/harness/global-teardown.ts',
	testSequencer: '<rootDir>/test/security/last-sequencer.js',
};
