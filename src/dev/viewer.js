// The preview page: renders the pages of the interior the dev server built
// (the same PDF `coursebook build` writes) with pdf.js, and follows the
// server's events: a new version is swapped in without reloading the page,
// at the same place or at the first page that changed; a failed build shows
// its diagnostics over the last good pages.
import * as pdfjs from '/pdfjs/pdf.mjs';

pdfjs.GlobalWorkerOptions.workerSrc = '/pdfjs/pdf.worker.mjs';

const params = new URLSearchParams(location.search);
let book = document.getElementById('book');
const state = document.getElementById('state');
const errorBox = document.getElementById('error');
const layout = document.getElementById('layout');
const CSS_PX_PER_PT = 96 / 72;
/** Pages are drawn to fit the window's width: a whole spread, or one page at most 1.5× its printed size. */
let scale = 1;

let lang = params.get('lang');
let edition = params.get('edition');
let shownVersion = 0;
/** The pdf.js document on screen and the observer drawing its pages as they come into view. */
let shown = null;
/** The newest version asked for: the same version announced twice (on connecting, then built) is shown once. */
let requestedVersion = 0;
let loading = Promise.resolve();

/** Which page is at the top of the window, and how far into it: kept across versions. */
function currentPlace() {
  const pages = [...book.querySelectorAll('.page')];
  const top = document.getElementById('bar').offsetHeight;
  for (const page of pages) {
    const box = page.getBoundingClientRect();
    if (box.bottom > top) return { index: Number(page.dataset.index), offset: top - box.top };
  }
  return { index: 0, offset: 0 };
}

function goTo(place) {
  const page = book.querySelector(`.page[data-index="${place.index}"]`);
  if (!page) return;
  const top = document.getElementById('bar').offsetHeight;
  window.scrollTo(0, window.scrollY + page.getBoundingClientRect().top - top + place.offset);
}

async function renderPage(doc, index, holder) {
  const page = await doc.getPage(index + 1);
  const viewport = page.getViewport({ scale: scale * CSS_PX_PER_PT * devicePixelRatio });
  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil(viewport.width);
  canvas.height = Math.ceil(viewport.height);
  await page.render({ canvas, canvasContext: canvas.getContext('2d'), viewport }).promise;
  // The page's text, selectable and searchable, over the picture (pdf.js's text layer).
  const textLayer = document.createElement('div');
  textLayer.className = 'textLayer';
  const cssViewport = page.getViewport({ scale: scale * CSS_PX_PER_PT });
  textLayer.style.setProperty('--scale-factor', String(scale * CSS_PX_PER_PT));
  textLayer.style.setProperty('--total-scale-factor', String(scale * CSS_PX_PER_PT));
  await new pdfjs.TextLayer({ textContentSource: page.streamTextContent(), container: textLayer, viewport: cssViewport }).render();
  holder.replaceChildren(canvas, textLayer, holder.querySelector('.folio') ?? '');
  holder.dataset.rendered = 'true';
}

/** Lays out every page (sized, empty) and renders those near the window as they come into view. */
async function show(version) {
  const place = currentPlace();
  const doc = await pdfjs.getDocument({ url: `/${lang}/${edition}.pdf?v=${version}`, isEvalSupported: false }).promise;
  const labels = await doc.getPageLabels();
  const first = await doc.getPage(1);
  const printed = first.getViewport({ scale: CSS_PX_PER_PT });
  const columns = layout.value === 'spreads' ? 2 : 1;
  scale = Math.max(0.3, Math.min(1.5, (document.documentElement.clientWidth - 64) / (columns * printed.width)));
  const size = first.getViewport({ scale: scale * CSS_PX_PER_PT });
  const fresh = document.createElement('main');
  fresh.id = 'book';
  fresh.className = `pages ${layout.value}`;
  const observer = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting || entry.target.dataset.rendered) continue;
        entry.target.dataset.rendered = 'pending';
        renderPage(doc, Number(entry.target.dataset.index), entry.target).catch(() => delete entry.target.dataset.rendered);
      }
    },
    { rootMargin: '800px 0px' },
  );
  for (let i = 0; i < doc.numPages; i++) {
    const holder = document.createElement('div');
    holder.className = 'page';
    holder.dataset.index = String(i);
    holder.dataset.label = labels?.[i] ?? String(i + 1);
    holder.style.width = `${size.width}px`;
    holder.style.height = `${size.height}px`;
    const folio = document.createElement('div');
    folio.className = 'folio';
    folio.textContent = holder.dataset.label;
    holder.append(folio);
    fresh.append(holder);
  }
  const target = place.index;
  // The pages where the reader will be are drawn before the old ones are replaced: no blank flash.
  const near = [target - 1, target, target + 1, target + 2].filter((i) => i >= 0 && i < doc.numPages);
  await Promise.all(near.map((i) => renderPage(doc, i, fresh.children[i])));
  book.replaceWith(fresh);
  book = fresh;
  // The previous version's document and observer are let go: a long session keeps one PDF in memory.
  shown?.observer.disconnect();
  shown?.doc.destroy();
  shown = { doc, observer };
  for (const holder of fresh.children) observer.observe(holder);
  goTo(place);
  shownVersion = version;
  document.body.dataset.version = String(version);
  setState(`version ${version}, ${doc.numPages} pages`);
}

function setState(text, kind = '') {
  state.textContent = text;
  state.className = kind;
}

function showError(event) {
  document.getElementById('error-text').textContent = event.message;
  errorBox.hidden = false;
  document.body.dataset.error = 'true';
  setState('build failed', 'failed');
}

function clearError() {
  errorBox.hidden = true;
  delete document.body.dataset.error;
}

async function start() {
  const selections = await (await fetch('/selections.json')).json();
  lang ??= selections.default.lang;
  edition ??= selections.default.edition;
  fill(document.getElementById('lang'), selections.languages, lang);
  fill(document.getElementById('edition'), selections.editions, edition);
  layout.value = params.get('layout') ?? 'spreads';
  document.getElementById('pdf').href = `/${lang}/${edition}.pdf`;
  for (const id of ['lang', 'edition', 'layout']) {
    document.getElementById(id).addEventListener('change', () => {
      const next = new URLSearchParams({
        lang: document.getElementById('lang').value,
        edition: document.getElementById('edition').value,
        layout: layout.value,
      });
      location.search = next.toString();
    });
  }
  const events = new EventSource(`/events?lang=${encodeURIComponent(lang)}&edition=${encodeURIComponent(edition)}`);
  events.onmessage = (message) => {
    const event = JSON.parse(message.data);
    if (event.type === 'building') setState('building…', 'building');
    if (event.type === 'changed' && event.firstChangedPage !== null) {
      // Once that version is on screen: to the first page that changed, outlined.
      loading = loading.then(() => {
        if (shownVersion !== event.version) return;
        const page = book.children[event.firstChangedPage];
        if (!page) return;
        page.classList.add('changed');
        goTo({ index: event.firstChangedPage, offset: -8 });
      });
    }
    if (event.type === 'error') showError(event);
    if (event.type === 'updated' || event.type === 'unchanged') {
      clearError();
      if (event.version > requestedVersion) {
        requestedVersion = event.version;
        loading = loading.then(() => show(event.version)).catch((error) => setState(String(error), 'failed'));
      } else {
        setState(`version ${event.version}`);
      }
    }
  };
  events.onerror = () => setState('reconnecting…', 'failed');
}

function fill(select, values, chosen) {
  select.replaceChildren(...values.map((value) => new Option(value, value, false, value === chosen)));
}

start();
