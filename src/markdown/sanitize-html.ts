/**
 * Raw HTML in Markdown is untrusted. JavaScript is also disabled in the
 * printing browser and every request outside the project is blocked; this is
 * the first line of defence, so that active content never reaches the HTML.
 */
/** The whole element, content included (`<script>…</script>`), or a self-closed one. */
const DROPPED_ELEMENTS = /<(script|iframe|object|embed|frame|frameset|applet|base|meta|link|form)\b[^>]*?(?:\/>|>[\s\S]*?<\/\1\s*>)/gi;
const STRAY_TAGS = /<\/?(script|iframe|object|embed|frame|frameset|applet|base|meta|link|form)\b[^>]*>/gi;
const EVENT_HANDLERS = /\s+on[a-z]+\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)/gi;
const URL_ATTRIBUTES = /\b(href|src|xlink:href|action|formaction)\s*=\s*("[^"]*"|'[^']*'|[^\s>"']+)/gi;
const SCRIPT_SCHEME = /^(?:javascript|vbscript|data:text\/html)/i;

export function sanitizeHtml(html: string): string {
  return html
    .replace(DROPPED_ELEMENTS, '')
    .replace(STRAY_TAGS, '')
    .replace(EVENT_HANDLERS, '')
    .replace(URL_ATTRIBUTES, (whole, name: string, value: string) =>
      isScriptUrl(decodeCharacterReferences(value.replace(/^["']|["']$/g, ''))) ? `${name}=""` : whole,
    );
}

/**
 * True for `javascript:`, `vbscript:` and `data:text/html` URLs, as a browser
 * reads them: ASCII whitespace and control characters anywhere are ignored.
 */
export function isScriptUrl(url: string): boolean {
  // eslint-disable-next-line no-control-regex -- browsers drop C0 controls inside a URL's scheme, so the check must too
  return SCRIPT_SCHEME.test(url.replace(/[\u0000-\u0020]+/g, ''));
}

/** Numeric and the few named character references that can spell a URL scheme (`&#106;avascript&colon;`). */
function decodeCharacterReferences(value: string): string {
  const named: Record<string, string> = { colon: ':', tab: '\t', newline: '\n', sol: '/' };
  return value.replace(/&(?:#x([0-9a-f]+)|#(\d+)|([a-z]+));?/gi, (whole, hex?: string, dec?: string, name?: string) => {
    const code = hex ? parseInt(hex, 16) : dec ? parseInt(dec, 10) : undefined;
    if (code !== undefined) return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the third alternative matched when neither hex nor dec did
    return named[name!.toLowerCase()] ?? whole;
  });
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
