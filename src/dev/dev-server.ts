/**
 * `coursebook dev`: a preview server on 127.0.0.1. `/` shows the printed
 * pages of the current interior (rendered by pdf.js from the very PDF `build`
 * writes), `/<lang>/<edition>.pdf` is that PDF, and `/events` pushes
 * server-sent events as saved files are rebuilt (see rebuilder.ts).
 */
import fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { loadBookConfig } from '../config/load-config.ts';
import { DiagnosticBag } from '../diagnostics/diagnostic.ts';
import { PROJECT_ROOT } from '../project-paths.ts';
import { Rebuilder, type DevEvent, type Selection } from './rebuilder.ts';

export interface DevServerOptions {
  root: string;
  lang?: string;
  edition?: string;
  /** 0 picks a free port. */
  port: number;
  browser?: string;
  jobs?: number;
  log?: (line: string) => void;
}

export interface DevServer {
  url: string;
  /** The selection shown by default. */
  selection: Selection;
  close(): Promise<void>;
}

/** The preview page's own files stay in src/dev (the compiled dist/ has only JavaScript from TypeScript). */
const HERE = path.join(PROJECT_ROOT, 'src', 'dev');
const PDFJS_DIR = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

/** The only files served besides the PDFs: the preview page and pdf.js, from the installed package. */
const ASSETS: Record<string, { file: string; type: string }> = {
  '/': { file: path.join(HERE, 'viewer.html'), type: 'text/html; charset=utf-8' },
  '/viewer.js': { file: path.join(HERE, 'viewer.js'), type: 'text/javascript; charset=utf-8' },
  '/viewer.css': { file: path.join(HERE, 'viewer.css'), type: 'text/css; charset=utf-8' },
  '/pdfjs/pdf.mjs': { file: path.join(PDFJS_DIR, 'build', 'pdf.min.mjs'), type: 'text/javascript; charset=utf-8' },
  '/pdfjs/pdf.worker.mjs': { file: path.join(PDFJS_DIR, 'build', 'pdf.worker.min.mjs'), type: 'text/javascript; charset=utf-8' },
  '/pdfjs/pdf_viewer.css': { file: path.join(PDFJS_DIR, 'web', 'pdf_viewer.css'), type: 'text/css; charset=utf-8' },
};

/** Folders and files whose saves change the book. */
const WATCHED = ['book.yaml', 'content', 'templates', 'styles', 'locales'];

export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const root = path.resolve(options.root);
  const bag = new DiagnosticBag();
  const config = loadBookConfig(root, bag);
  if (!config)
    throw new Error(`no course to preview in ${root}: ${bag.errors.map((d) => d.message).join('; ') || 'book.yaml could not be read'}`);
  const pick = (wanted: string | undefined, names: string[], what: string): string => {
    if (wanted && !names.includes(wanted))
      throw new Error(`${what} "${wanted}" is not declared in book.yaml (choose among: ${names.join(', ')})`);
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- book.yaml declares at least one language and one edition (the schema requires it)
    return wanted ?? names[0]!;
  };
  const selection = {
    lang: pick(options.lang, config.languages, 'language'),
    edition: pick(
      options.edition,
      config.editions.map((e) => e.name),
      'edition',
    ),
  };
  const rebuilder = new Rebuilder(root, {
    ...(options.browser ? { browser: options.browser } : {}),
    ...(options.jobs ? { jobs: options.jobs } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  const clients = new Set<{ selection: Selection; res: http.ServerResponse }>();
  rebuilder.onEvent((sel, event) => {
    for (const client of clients) if (sameSelection(client.selection, sel)) send(client.res, event);
  });

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(error instanceof Error ? error.message : String(error));
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const asset = ASSETS[url.pathname];
    if (asset) {
      res.writeHead(200, { 'content-type': asset.type, 'cache-control': 'no-store' });
      res.end(fs.readFileSync(asset.file));
      return;
    }
    if (url.pathname === '/selections.json') {
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- config was checked before the server started
      const current = loadBookConfig(root, new DiagnosticBag()) ?? config!;
      json(res, { default: selection, languages: current.languages, editions: current.editions.map((e) => e.name) });
      return;
    }
    const chosen = selectionOf(url, selection);
    if (url.pathname === '/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      const client = { selection: chosen, res };
      clients.add(client);
      req.on('close', () => clients.delete(client));
      // A page that connects (or reconnects) learns where things stand.
      const state = await rebuilder.current(chosen);
      if (state.version > 0) send(res, { type: 'unchanged', version: state.version });
      if (state.error) send(res, state.error);
      return;
    }
    if (url.pathname === '/status.json') {
      const state = await rebuilder.current(chosen);
      json(res, { version: state.version, error: state.error, busy: state.busy });
      return;
    }
    const pdfPath = /^\/([^/]+)\/([^/]+)\.pdf$/.exec(url.pathname);
    if (pdfPath) {
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the group is not optional in the pattern, so a match has it
      const wanted = { lang: decodeURIComponent(pdfPath[1]!), edition: decodeURIComponent(pdfPath[2]!) };
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- config was checked before the server started
      const current = loadBookConfig(root, new DiagnosticBag()) ?? config!;
      if (!current.languages.includes(wanted.lang) || !current.editions.some((e) => e.name === wanted.edition)) {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('no such language or edition in book.yaml');
        return;
      }
      const state = await rebuilder.current(wanted);
      if (!state.pdf) {
        res
          .writeHead(503, { 'content-type': 'text/plain; charset=utf-8' })
          .end(state.error?.type === 'error' ? state.error.message : 'not built yet');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/pdf', 'cache-control': 'no-store', 'x-coursebook-version': String(state.version) });
      res.end(state.pdf);
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
  }

  // Listening first: a port in use fails here, before anything is watched or started.
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, '127.0.0.1', () => resolve());
    });
  } catch (error) {
    await rebuilder.close();
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(
      code === 'EADDRINUSE'
        ? `port ${options.port} is in use on 127.0.0.1: choose another with --port (0 picks a free one)`
        : (error as Error).message,
      { cause: error },
    );
  }

  const watcher: FSWatcher = watch(
    WATCHED.map((name) => path.join(root, name)),
    { ignoreInitial: true, ignored: (file: string) => /(^|[/\\])\.[^/\\]/.test(path.relative(root, file)) },
  );
  // Editors save in several steps (write, rename, touch): one build for the burst.
  let pending: NodeJS.Timeout | undefined;
  watcher.on('error', (error) => options.log?.(`watching files: ${(error as Error).message}`));
  watcher.on('all', () => {
    clearTimeout(pending);
    pending = setTimeout(() => rebuilder.changed(), 40);
  });

  const keepAlive = setInterval(() => {
    for (const client of clients) client.res.write(': keep-alive\n\n');
  }, 15_000);

  const address = server.address() as { port: number };
  // The first build starts at once, so the page has something to show when it is opened.
  void rebuilder.rebuild(selection);

  return {
    url: `http://127.0.0.1:${address.port}/`,
    selection,
    async close() {
      clearTimeout(pending);
      clearInterval(keepAlive);
      await watcher.close();
      for (const client of clients) client.res.end();
      clients.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rebuilder.close();
    },
  };
}

function selectionOf(url: URL, fallback: Selection): Selection {
  return { lang: url.searchParams.get('lang') ?? fallback.lang, edition: url.searchParams.get('edition') ?? fallback.edition };
}

function sameSelection(a: Selection, b: Selection): boolean {
  return a.lang === b.lang && a.edition === b.edition;
}

function send(res: http.ServerResponse, event: DevEvent): void {
  res.write(`data: ${JSON.stringify(event)}\n\n`);
}

function json(res: http.ServerResponse, value: unknown): void {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(value));
}
