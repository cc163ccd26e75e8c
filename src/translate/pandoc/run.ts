/**
 * One typed way to run pandoc, whichever pandoc there is: a `pandoc` 3 on the PATH
 * or pandoc-wasm (see backend.ts for the choice).
 *
 * Both backends see the same thing: the input (text on stdin, bytes as an input
 * file), the resources as files of pandoc's working directory, and every new file
 * pandoc writes there (e.g. `--extract-media=media`) comes back in `mediaFiles`.
 * pandoc-wasm's virtual file system is flat, so resource names are plain file names
 * (no folders) for both backends.
 */
import type { PandocDocument } from './ast.ts';
import { pandocBackendInfo } from './backend.ts';
import { checkRequest, PandocError, type PandocRequest, type PandocResult } from './request.ts';
import { runSystemPandoc } from './system.ts';
import { runWasmPandoc } from './wasm.ts';

/** Runs one conversion. Throws PandocError when pandoc reports an error. */
export async function runPandoc(request: PandocRequest): Promise<PandocResult> {
  const args = request.args ?? [];
  checkRequest(request, args);
  const info = pandocBackendInfo();
  if (info.backend === 'wasm') return runWasmPandoc(request, args);
  if (!info.executable) throw new PandocError(`cannot run pandoc: ${info.reason}`);
  return runSystemPandoc(info.executable, request, args);
}

/** Runs pandoc to its JSON AST and parses the output into a document. */
export async function pandocToAst(request: Omit<PandocRequest, 'to'>): Promise<{ doc: PandocDocument } & PandocResult> {
  const result = await runPandoc({ ...request, to: 'json' });
  const doc = JSON.parse(new TextDecoder().decode(result.output)) as PandocDocument;
  return { doc, ...result };
}
