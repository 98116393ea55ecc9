/* n8n queue mode vs regular mode (npm run test:queue): PostgreSQL + Redis via scripts/queue-mode.sh. */
const { join } = require('node:path');

module.exports = {
	rootDir: join(__dirname, '..', '..'),
	displayName: 'queue',
	testEnvironment: 'node',
	// dist/package.json would collide with package.json in jest's module map
	modulePathIgnorePatterns: ['<rootDir>/dist/'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }] },
	testMatch: ['<rootDir>/test/queue/**/*.test.ts'],
	testTimeout: 3_600_000,
};
