/*
 * jest test sequencer: the usual order, except that the secret-leak scan (*.last.e2e.test.ts) runs
 * after every other file, so it sees what the whole e2e suite left in n8n. Run the e2e project in
 * one worker (it shares one n8n anyway): `jest --selectProjects e2e --runInBand`.
 */
const Sequencer = require('@jest/test-sequencer').default;

class LastSequencer extends Sequencer {
	sort(tests) {
		const sorted = super.sort(tests);
		const last = (test) => /\.last\.e2e\.test\.ts$/.test(test.path);
		return [...sorted.filter((t) => !last(t)), ...sorted.filter(last)];
	}
}

module.exports = LastSequencer;
