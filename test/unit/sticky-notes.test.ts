/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- a test: it reads the shipped templates */
/**
 * Sticky notes in the templates show their whole sample bodies: n8n's canvas pans instead of
 * scrolling a note, so a code line wider than the note is cut off. Measured in n8n 2.40.7's editor
 * (`npm run screenshot -- --templates`, Debian Chromium): a code block shows (width - 40) / 9.4
 * characters, the 40 px being the note's and the block's padding (a 520 px note cut a 52-character
 * line; width / 8.5, the first estimate, let such lines through).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const WORKFLOWS = join(__dirname, '../../workflows');
const CHAR_PX = 9.4;
const PADDING_PX = 40;
/** n8n's default sticky note width, for a note that does not set one. */
const DEFAULT_WIDTH = 240;

interface Note {
	file: string;
	name: string;
	width: number;
	content: string;
}

const notes: Note[] = readdirSync(WORKFLOWS)
	.filter((file) => file.endsWith('.json'))
	.sort()
	.flatMap((file) => {
		const workflow = JSON.parse(readFileSync(join(WORKFLOWS, file), 'utf8')) as { nodes: Array<{ name: string; type: string; parameters: { width?: number; content?: string } }> };
		return workflow.nodes
			.filter((node) => node.type === 'n8n-nodes-base.stickyNote')
			.map((node) => ({ file, name: node.name, width: node.parameters.width ?? DEFAULT_WIDTH, content: node.parameters.content ?? '' }));
	});

/** The lines inside ``` fences. */
function codeLines(content: string): string[] {
	const lines: string[] = [];
	let inside = false;
	for (const line of content.split('\n')) {
		if (line.trimStart().startsWith('```')) inside = !inside;
		else if (inside) lines.push(line);
	}
	return lines;
}

describe('template sticky notes', () => {
	it('exist, and some carry sample bodies', () => {
		expect(notes.length).toBeGreaterThan(10);
		expect(notes.filter((note) => codeLines(note.content).length > 0).length).toBeGreaterThan(5);
	});

	it.each(notes.map((note) => [`${note.file} / ${note.name}`, note] as const))('%s: no code line wider than the note', (_label, note) => {
		const fits = Math.floor((note.width - PADDING_PX) / CHAR_PX);
		expect(codeLines(note.content).filter((line) => line.length > fits)).toEqual([]);
	});

	it.each(notes.map((note) => [`${note.file} / ${note.name}`, note] as const))('%s: sample bodies hold one JSON key per line', (_label, note) => {
		expect(codeLines(note.content).filter((line) => (line.match(/"[^"\n]*"\s*:/g) ?? []).length > 1)).toEqual([]);
	});

	it.each(notes.map((note) => [`${note.file} / ${note.name}`, note] as const))('%s: no word of the text wider than the note', (_label, note) => {
		const fits = Math.floor(note.width / CHAR_PX);
		// Link targets are not shown: [text](url) counts as its text.
		const text = note.content.replace(/\]\([^)]*\)/g, ']');
		expect(text.split(/\s+/).filter((word) => word.length > fits)).toEqual([]);
	});
});
