import { describe, expect, it } from 'vitest';
import { BlockRenderer, splitBlocks } from '../../src/ui/markdown/blocks';

describe('markdown blocks for incremental streaming render', () => {
  it('splits paragraphs, headings and tables at blank lines', () => {
    const text = '# Title\n\nFirst para\nstill first.\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\nLast';
    expect(splitBlocks(text)).toEqual([
      '# Title',
      'First para\nstill first.',
      '| a | b |\n| - | - |\n| 1 | 2 |',
      'Last',
    ]);
  });

  it('never splits inside a fenced code block, even at blank lines', () => {
    const text = 'Intro\n\n```python\nx = 1\n\n\ny = 2\n```\n\nAfter';
    expect(splitBlocks(text)).toEqual(['Intro', '```python\nx = 1\n\n\ny = 2\n```', 'After']);
  });

  it('keeps loose lists and indented continuations together', () => {
    const text = '- one\n\n- two\n\n  more about two\n\nNext';
    expect(splitBlocks(text)).toEqual(['- one\n\n- two\n\n  more about two', 'Next']);
  });

  it('re-renders only the growing last block while streaming', () => {
    const rendered: string[] = [];
    const r = new BlockRenderer((md, partial) => {
      rendered.push(md);
      return `<p${partial ? ' partial' : ''}>${md}</p>`;
    });
    r.render('A\n\nB', true);
    r.render('A\n\nBC', true);
    const html = r.render('A\n\nBC\n\nD', false);
    expect(rendered).toEqual(['A', 'B', 'BC', 'BC', 'D']);
    expect(html).toBe('<p>A</p>\n<p>BC</p>\n<p>D</p>');
  });
});
