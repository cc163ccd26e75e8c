/**
 * What a conversion takes and gives, whichever pandoc runs it: the request, the
 * result, the error, and the reading of pandoc's error output that both backends
 * share.
 */

export interface PandocRequest {
  /** Text goes to pandoc's stdin; bytes (a DOCX…) are given to pandoc as an input file. */
  input: Uint8Array | string;
  /** Input format with extensions, e.g. "docx+styles", "markdown-smart". */
  from: string;
  /** Output format with extensions, e.g. "docx", "json". */
  to: string;
  /**
   * Other pandoc options, command-line style: "--wrap=none", "--extract-media=media",
   * "--lua-filter=f.lua", "-M key=value"… Not -o/-f/-t or input files: the wrapper
   * manages those.
   */
  args?: string[];
  /** Files pandoc may read, by plain file name (images for DOCX export, a reference.docx…). */
  resources?: Record<string, Uint8Array>;
}

export interface PandocResult {
  output: Uint8Array;
  /** Files pandoc created besides the output, by relative path (e.g. "media/media/rId9.png"). */
  mediaFiles: Record<string, Uint8Array>;
  /** pandoc's warnings, one message each. */
  warnings: string[];
}

export class PandocError extends Error {
  constructor(
    message: string,
    /** pandoc's error output, as it printed it. */
    readonly stderr: string = '',
    /** What went wrong, in pandoc's words (its first error line), for callers that rephrase the message. */
    readonly reason: string = message,
  ) {
    super(message);
    this.name = 'PandocError';
  }
}

/** File names the wrapper gives the input and the output in pandoc's working directory. */
export const INPUT_NAME = 'cb-pandoc-input';
export const OUTPUT_NAME = 'cb-pandoc-output';

/**
 * Refuses what one backend could not honour: pandoc-wasm's file system is flat, so
 * resource names are plain file names for both; the wrapper owns the formats and
 * the output file, so the arguments may not name them.
 */
export function checkRequest(request: PandocRequest, args: string[]): void {
  for (const name of Object.keys(request.resources ?? {})) {
    if (name === '' || /[\\/]/.test(name) || name === '.' || name === '..' || name === INPUT_NAME || name === OUTPUT_NAME) {
      throw new PandocError(`resource name "${name}" must be a plain file name (pandoc-wasm's file system has no folders)`);
    }
  }
  for (const arg of args) {
    if (/^(-o|-f|-r|-t|-w|--output|--from|--read|--to|--write)(=|$)/.test(arg) || /^-[ofrtw]./.test(arg)) {
      throw new PandocError(`runPandoc: give the formats as "from" and "to" and no output option (got "${arg}")`);
    }
  }
}

/** "[WARNING] message" blocks of pandoc's stderr (continuation lines joined); [INFO] lines dropped. */
export function warningsFromStderr(stderr: string): string[] {
  const warnings: string[] = [];
  let current: string | null = null;
  for (const line of stderr.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    const tagged = /^\[(\w+)\]\s*(.*)$/.exec(line);
    if (tagged) {
      if (current !== null) warnings.push(current);
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the group is not optional in the pattern, so a match has it
      current = tagged[1] === 'INFO' ? null : tagged[2]!;
    } else if (current !== null) {
      current += ` ${line.trim()}`;
    } else {
      current = line.trim();
    }
  }
  if (current !== null) warnings.push(current);
  return warnings;
}

/** The error for a failed conversion, worded by pandoc's first error line (else by `fallback`). */
export function conversionError(request: PandocRequest, stderr: string, fallback: string): PandocError {
  const reason =
    stderr
      .split(/\r?\n/)
      .map((l) => l.replace(/^(pandoc:\s*)?(ERROR:?\s*)?/, '').trim())
      .find((l) => l !== '' && !/^\[(WARNING|INFO)\]/.test(l)) ?? fallback;
  return new PandocError(`pandoc could not convert ${request.from} to ${request.to}: ${reason}`, stderr, reason);
}
