/**
 * Raw HTML in Markdown is untrusted. JavaScript is also disabled in the
 * printing browser and every request outside the project is blocked; this is
 * the first line of defence, so that active content never reaches the HTML.
 */
const DROPPED_ELEMENTS = /<(script|iframe|object|embed|frame|frameset|applet|base|meta|link|form)\b[\s\S]*?(?:<\/\1\s*>|\/?>)/gi;
const STRAY_TAGS = /<\/?(script|iframe|object|embed|frame|frameset|applet|base|meta|link|form)\b[^>]*>/gi;
const EVENT_HANDLERS = /\s+on[a-z]+\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)/gi;
const SCRIPT_URLS = /\b(href|src|xlink:href|action|formaction)\s*=\s*(["']?)\s*(?:javascript|vbscript|data:text\/html)[^"'>\s]*\2/gi;

export function sanitizeHtml(html: string): string {
  return html
    .replace(DROPPED_ELEMENTS, '')
    .replace(STRAY_TAGS, '')
    .replace(EVENT_HANDLERS, '')
    .replace(SCRIPT_URLS, '$1=""');
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
