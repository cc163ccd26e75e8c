/**
 * The system backend: a pandoc executable run in a temporary working directory
 * that holds the resources, so that every other file found there afterwards
 * (e.g. from `--extract-media=media`) is one pandoc made.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  conversionError,
  INPUT_NAME,
  OUTPUT_NAME,
  PandocError,
  warningsFromStderr,
  type PandocRequest,
  type PandocResult,
} from './request.ts';

export async function runSystemPandoc(executable: string, request: PandocRequest, args: string[]): Promise<PandocResult> {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'coursebook-pandoc-'));
  try {
    const known = new Set([OUTPUT_NAME, INPUT_NAME]);
    for (const [name, data] of Object.entries(request.resources ?? {})) {
      await fsp.writeFile(path.join(dir, name), data);
      known.add(name);
    }
    const argv = ['--from', request.from, '--to', request.to, '--output', OUTPUT_NAME, ...args];
    const binaryInput = typeof request.input !== 'string';
    if (binaryInput) {
      await fsp.writeFile(path.join(dir, INPUT_NAME), request.input);
      argv.push(INPUT_NAME);
    }
    const { code, stderr, spawnError } = await spawnPandoc(executable, argv, dir, binaryInput ? null : (request.input as string));
    if (spawnError) throw new PandocError(`cannot run ${executable}: ${spawnError.message}`);
    if (code !== 0) throw conversionError(request, stderr, `exit status ${code}`);

    const outputFile = path.join(dir, OUTPUT_NAME);
    const output = fs.existsSync(outputFile) ? new Uint8Array(await fsp.readFile(outputFile)) : new Uint8Array();
    const mediaFiles: Record<string, Uint8Array> = {};
    for (const rel of await listFiles(dir)) {
      if (!known.has(rel)) mediaFiles[rel] = new Uint8Array(await fsp.readFile(path.join(dir, ...rel.split('/'))));
    }
    return { output, mediaFiles, warnings: warningsFromStderr(stderr) };
  } finally {
    await fsp.rm(dir, { recursive: true, force: true });
  }
}

interface Exit {
  code: number | null;
  stderr: string;
  spawnError?: Error;
}

function spawnPandoc(executable: string, argv: string[], cwd: string, stdin: string | null): Promise<Exit> {
  return new Promise((resolve) => {
    const child = spawn(executable, argv, { cwd, env: process.env, stdio: ['pipe', 'ignore', 'pipe'] });
    const chunks: Buffer[] = [];
    let spawnError: Error | undefined;
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', (error) => (spawnError = error));
    // pandoc may exit before reading all of stdin (on a usage error): not our error to report.
    child.stdin.on('error', () => undefined);
    child.stdin.end(stdin ?? '');
    child.on('close', (code) => {
      const exit: Exit = { code, stderr: Buffer.concat(chunks).toString('utf8') };
      if (spawnError) exit.spawnError = spawnError;
      resolve(exit);
    });
  });
}

/** Every file under `dir`, by relative path with "/" separators. */
async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await fsp.readdir(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await listFiles(dir, rel)));
    else if (entry.isFile()) out.push(rel);
  }
  return out;
}
