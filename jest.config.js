/* Unit and contract tests run in Node 20 with ts-jest; e2e tests drive a real n8n (see harness/). */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.test.json' }];

module.exports = {
	// The secret-leak scan reads what every other e2e file left behind: it runs last.
	testSequencer: '<rootDir>/test/security/last-sequencer.js',
	projects: [
		{
			displayName: 'unit',
			testEnvironment: 'node',
			transform: { '^.+\\.ts$': tsJest },
			testMatch: [
				'<rootDir>/test/unit/**/*.test.ts',
				'<rootDir>/test/contract/**/*.test.ts',
				'<rootDir>/test/snapshots/**/*.test.ts',
				'<rootDir>/test/security/**/*.unit.test.ts',
			],
		},
		{
			displayName: 'e2e',
			testEnvironment: 'node',
			transform: { '^.+\\.ts$': tsJest },
			testMatch: ['<rootDir>/test/e2e/**/*.e2e.test.ts', '<rootDir>/test/security/**/*.e2e.test.ts'],
			// Each CLI call to n8n (import, execute) starts a Node process: seconds, not milliseconds.
			setupFilesAfterEnv: ['<rootDir>/harness/timeouts.ts'],
			globalSetup: '<rootDir>/harness/global-setup.ts',
			globalTeardown: '<rootDir>/harness/global-teardown.ts',
		},
	],
};
