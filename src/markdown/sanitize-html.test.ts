import { describe, expect, it } from '@jest/globals';
import { isScriptUrl, sanitizeHtml } from './sanitize-html.ts';

describe('sanitizeHtml', () => {
  it('drops active elements with their content', () => {
    expect(sanitizeHtml('<p>a</p><script type="text/javascript">\nalert(1)\n</script><p>b</p>')).toBe('<p>a</p><p>b</p>');
    expect(sanitizeHtml('x<iframe src="https://example.com">repli</iframe>y')).toBe('xy');
    expect(sanitizeHtml('x<embed src="a.swf"/>y')).toBe('xy');
  });

  it('drops tags that have no closing tag, and stray ones', () => {
    expect(sanitizeHtml('<meta http-equiv="refresh" content="0;url=https://example.com"><p>a</p>')).toBe('<p>a</p>');
    expect(sanitizeHtml('<link rel="stylesheet" href="https://example.com/a.css">b')).toBe('b');
    expect(sanitizeHtml('a</script>b')).toBe('ab');
  });

  it('removes event handlers, whatever their quoting', () => {
    expect(sanitizeHtml('<img src="a.png" onerror="alert(1)">')).toBe('<img src="a.png">');
    expect(sanitizeHtml('<b onclick=\'x()\' class="k">t</b>')).toBe('<b class="k">t</b>');
    expect(sanitizeHtml('<b ONMOUSEOVER=alert(1)>t</b>')).toBe('<b>t</b>');
  });

  it('empties script URLs, including quoted values with quotes or spaces and encoded schemes', () => {
    expect(sanitizeHtml('<a href="javascript:alert(1)">t</a>')).toBe('<a href="">t</a>');
    expect(sanitizeHtml(`<a href="javascript:alert('x')">t</a>`)).toBe('<a href="">t</a>');
    expect(sanitizeHtml('<a href="javascript:void(0); alert(1)">t</a>')).toBe('<a href="">t</a>');
    expect(sanitizeHtml("<a href=' JavaScript:alert(1)'>t</a>")).toBe('<a href="">t</a>');
    expect(sanitizeHtml('<a href=javascript:alert(1)>t</a>')).toBe('<a href="">t</a>');
    expect(sanitizeHtml('<a href="&#106;avascript&colon;alert(1)">t</a>')).toBe('<a href="">t</a>');
    expect(sanitizeHtml('<a href="java\tscript:alert(1)">t</a>')).toBe('<a href="">t</a>');
    expect(sanitizeHtml('<img src="data:text/html;base64,PHNjcmlwdD4=">')).toBe('<img src="">');
    expect(sanitizeHtml('<svg><a xlink:href="vbscript:msgbox(1)">t</a></svg>')).toBe('<svg><a xlink:href="">t</a></svg>');
  });

  it('leaves ordinary markup alone', () => {
    const html =
      '<p class="note" title="Voir : la note">Un <a href="https://example.org/a?b=c&amp;d=e">lien</a> et <img src="images/x.png" alt="x"> <a href="#fig-1">ancre</a></p>';
    expect(sanitizeHtml(html)).toBe(html);
  });
});

describe('isScriptUrl', () => {
  it('recognizes script schemes as a browser reads them', () => {
    expect(isScriptUrl('javascript:alert(1)')).toBe(true);
    expect(isScriptUrl('  JAVASCRIPT:alert(1)')).toBe(true);
    expect(isScriptUrl('java\nscript:alert(1)')).toBe(true);
    expect(isScriptUrl('vbscript:x')).toBe(true);
    expect(isScriptUrl('data:text/html,<b>x</b>')).toBe(true);
  });

  it('accepts other URLs', () => {
    expect(isScriptUrl('https://example.org/javascript:')).toBe(false);
    expect(isScriptUrl('#sec-x')).toBe(false);
    expect(isScriptUrl('images/javascript.png')).toBe(false);
    expect(isScriptUrl('data:image/png;base64,AAAA')).toBe(false);
  });
});
