import { describe, expect, it } from '@jest/globals';
import { Marked } from 'marked';
import { mathExtension, typeset, type MathToken } from './math.ts';

function mathTokens(text: string): MathToken[] {
  const marked = new Marked({ gfm: true });
  marked.use({ extensions: [mathExtension] });
  const found: MathToken[] = [];
  // Synchronous callbacks: walkTokens returns their values, no promise to wait for.
  void marked.walkTokens(marked.lexer(text), (t) => {
    if (t.type === 'cbMath') found.push(t as MathToken);
  });
  return found;
}

describe('math', () => {
  it("follows Pandoc's dollar rules: prices stay text, \\$ is a dollar", () => {
    expect(mathTokens('A loan of $P$ at $r = 2\\%$ a month.').map((m) => [m.tex, m.display])).toEqual([
      ['P', false],
      ['r = 2\\%', false],
    ]);
    expect(mathTokens('It cost $20,000 and $30,000 in 2025.')).toEqual([]);
    expect(mathTokens('Cash \\$5 and `$x$` in code.')).toEqual([]);
    expect(mathTokens('$ x$ and $x $')).toEqual([]);
    expect(mathTokens('$$\nM = P \\frac{r}{1-(1+r)^{-n}}\n$$').map((m) => [m.tex, m.display])).toEqual([
      ['M = P \\frac{r}{1-(1+r)^{-n}}', true],
    ]);
  });

  it('typesets to MathML inside an image whose name is the TeX source', () => {
    const result = typeset('\\frac{a}{b} < c', false);
    expect('html' in result && result.html).toMatch(
      /^<span class="math" role="img" aria-label="\\frac\{a\}\{b\} &lt; c"><math[^>]*><mrow><mfrac>/,
    );
    const display = typeset('x^2', true);
    expect('html' in display && display.html).toMatch(/^<div class="math math-display"[^>]*><math[^>]*display="block"/);
  });

  it("gives temml's message for a TeX error, and runs no \\href", () => {
    expect(typeset('\\frac{a', false)).toEqual({ error: expect.stringContaining("expected '}'") });
    expect(typeset('\\undefinedmacro x', false)).toEqual({ error: expect.stringContaining('\\undefinedmacro') });
    expect(typeset('\\def\\x{\\x}\\x', false)).toEqual({ error: expect.stringContaining('Too many expansions') });
    expect(typeset('\\includegraphics{file:///etc/passwd}', false)).toEqual({
      error: 'Function "\\includegraphics" is not trusted at position 1: \\includegraphics{file:///etc/pa…',
    });
    expect(typeset('\\rule{100000em}{100000em}', false)).toMatchObject({ html: expect.stringContaining('width="40em" height="40em"') });
    const link = typeset('\\href{https://example.org}{x}', false);
    expect('html' in link ? link.html : link.error).not.toContain('href="https');
  });
});
