/**
 * Which pandoc runs the conversions, decided in this one place:
 *  - `COURSEBOOK_PANDOC=wasm` forces pandoc-wasm, `COURSEBOOK_PANDOC=system` forces
 *    the `pandoc` on the PATH, and `COURSEBOOK_PANDOC=/path/to/pandoc` names one;
 *  - otherwise a `pandoc` 3.x found on the PATH is preferred (native, faster),
 *  - else the `pandoc-wasm` npm package (pandoc 3 compiled to WebAssembly), so that
 *    `npm ci` alone is enough. An older pandoc on the PATH (2.x: no Figure blocks in
 *    its AST) is passed over for pandoc-wasm.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface PandocBackendInfo {
  /** 'system': a pandoc executable; 'wasm': the pandoc-wasm package. */
  backend: 'system' | 'wasm';
  /** The executable, for the system backend (undefined when forced but not found). */
  executable?: string;
  /** e.g. "3.1.11"; known for the system backend only. */
  version?: string;
  /** Why this backend, for logs: "pandoc 3.1.11 on the PATH", "no pandoc on the PATH". */
  reason: string;
}

/** Oldest system pandoc used: pandoc 3.0 brought the Figure block the translate code relies on. */
const MIN_SYSTEM_MAJOR = 3;

const backendCache = new Map<string, PandocBackendInfo>();

/** Which pandoc runPandoc uses, and why. Cached per PATH and COURSEBOOK_PANDOC: probing runs `pandoc --version`. */
export function pandocBackendInfo(env: NodeJS.ProcessEnv = process.env): PandocBackendInfo {
  const forced = env.COURSEBOOK_PANDOC?.trim() ?? '';
  const key = `${forced}\0${env.PATH ?? ''}`;
  let info = backendCache.get(key);
  if (!info) {
    info = chooseBackend(forced, env);
    backendCache.set(key, info);
  }
  return info;
}

function chooseBackend(forced: string, env: NodeJS.ProcessEnv): PandocBackendInfo {
  if (forced === 'wasm') return { backend: 'wasm', reason: 'COURSEBOOK_PANDOC=wasm' };
  if (forced !== '' && forced !== 'system') {
    const version = systemVersion(forced, env);
    return version
      ? { backend: 'system', executable: forced, version, reason: `COURSEBOOK_PANDOC=${forced} (pandoc ${version})` }
      : { backend: 'system', reason: `COURSEBOOK_PANDOC=${forced} is not a pandoc that runs` };
  }
  const found = findOnPath('pandoc', env);
  if (!found) {
    return forced === 'system'
      ? { backend: 'system', reason: 'COURSEBOOK_PANDOC=system but there is no pandoc on the PATH' }
      : { backend: 'wasm', reason: 'no pandoc on the PATH' };
  }
  const version = systemVersion(found, env);
  const major = Number(version?.split('.')[0]);
  if (version && (major >= MIN_SYSTEM_MAJOR || forced === 'system')) {
    return { backend: 'system', executable: found, version, reason: `pandoc ${version} at ${found}` };
  }
  if (forced === 'system') return { backend: 'system', reason: `${found} does not run (pandoc --version failed)` };
  return {
    backend: 'wasm',
    reason: version ? `pandoc ${version} at ${found} is older than ${MIN_SYSTEM_MAJOR}.0` : `${found} does not run`,
  };
}

function findOnPath(command: string, env: NodeJS.ProcessEnv): string | null {
  const extensions = process.platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    for (const ext of extensions) {
      const candidate = path.join(dir, command + ext.toLowerCase());
      try {
        if (!fs.statSync(candidate).isFile()) continue;
        fs.accessSync(candidate, fs.constants.X_OK);
        return candidate;
      } catch {
        // not there, or not executable
      }
    }
  }
  return null;
}

function systemVersion(executable: string, env: NodeJS.ProcessEnv): string | undefined {
  const run = spawnSync(executable, ['--version'], { encoding: 'utf8', env, timeout: 15_000 });
  if (run.status !== 0 || typeof run.stdout !== 'string') return undefined;
  return /^pandoc(?:\.exe)?\s+(\d+(?:\.\d+)*)/m.exec(run.stdout)?.[1];
}
