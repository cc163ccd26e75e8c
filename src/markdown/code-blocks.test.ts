import { describe, expect, it } from '@jest/globals';
import { parseInfoString, renderCodeBlock, splitHtmlLines } from './code-blocks.ts';

const labels = { output: 'Output', error: 'Error' };

describe('code blocks', () => {
  it("reads the info string in each of Pandoc's forms", () => {
    expect(parseInfoString('python')).toEqual({ language: 'python', attributes: { id: null, classes: [], values: {} } });
    expect(parseInfoString('r {.numberLines startFrom=5}')).toEqual({
      language: 'r',
      attributes: { id: null, classes: ['numberLines'], values: { startFrom: '5' } },
    });
    expect(parseInfoString('{.Bash .numberLines #lst:a}')).toEqual({
      language: 'bash',
      attributes: { id: 'lst:a', classes: ['numberLines'], values: {} },
    });
    expect(parseInfoString(undefined).language).toBeNull();
  });

  it('highlights a language highlight.js knows, one element per line, spans closed at line ends', () => {
    const html = renderCodeBlock('x = """a\nb"""\nprint(x)\n', 'python', labels);
    expect(html).toContain('class="code-block language-python short"');
    expect(html).toContain('<code class="hljs">');
    const lines = [...html.matchAll(/<span class="line">([^]*?)<\/span>(?=<span class="line">|<\/code>)/g)].map((m) => m[1]);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe('x = <span class="hljs-string">&quot;&quot;&quot;a</span>');
    expect(lines[1]).toBe('<span class="hljs-string">b&quot;&quot;&quot;</span>');
    expect(lines[2]).toContain('<span class="hljs-built_in">print</span>');
  });

  it('prints an unknown language plain and escaped, without complaint', () => {
    const html = renderCodeBlock('=PMT(B2/12; B3; -B1)\n<b>\n', 'klingon-sheets', labels);
    expect(html).toContain('<code><span class="line">=PMT(B2/12; B3; -B1)</span><span class="line">&lt;b&gt;</span></code>');
    expect(html).not.toContain('hljs');
  });

  it('numbers lines on request and sets output and error blocks as terminal output', () => {
    expect(renderCodeBlock('a\nb\n', '{.sh .numberLines startFrom="10"}', labels)).toContain(
      'class="code-block language-sh numbered short"><pre style="counter-reset: code-line 9">',
    );
    const output = renderCodeBlock('2026/  archive/\n', 'output', labels);
    expect(output).toContain('class="code-block code-output short"><span class="code-label">Output</span>');
    expect(renderCodeBlock('bash: lss: command not found\n', 'error', labels)).toContain('code-error');
  });

  it('keeps short blocks whole and lets long ones split', () => {
    expect(renderCodeBlock('x\n'.repeat(15), 'text', labels)).toContain(' short');
    expect(renderCodeBlock('x\n'.repeat(16), 'text', labels)).not.toContain(' short');
  });

  it('splits highlighted HTML into complete lines', () => {
    expect(splitHtmlLines('<span class="a">1\n<span class="b">2\n3</span></span>4')).toEqual([
      '<span class="a">1</span>',
      '<span class="a"><span class="b">2</span></span>',
      '<span class="a"><span class="b">3</span></span>4',
    ]);
  });
});
