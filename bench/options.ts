/** `npm run bench` command-line options (see run.ts). */
import { parseArgs } from 'node:util';

const DEFAULT_SIZES = [10, 40, 80];
/**
 * Each timing is taken three times and the median reported: on a shared
 * machine one floor measured 5.9 s and another, minutes later, 7.6 s, which
 * alone moved a ratio by a quarter.
 */
const DEFAULT_REPEAT = 3;
export interface Options {
  sizes: number[];
  keep: boolean;
  /** Longest one build may take before the size is given up (a hung build must not stall the benchmark), in minutes; null = by size. */
  timeoutMinutes: number | null;
  /** How many times the one-edition build, the floor and the all-outputs build are each measured; the table gives medians. */
  repeat: number;
  /** Set in the process that measures one size for the main one: where its row goes. */
  rowFile: string | null;
}

export function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      sizes: { type: 'string' },
      quick: { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      timeout: { type: 'string' },
      repeat: { type: 'string' },
      // Internal: measure one size in this process and write its row, as JSON, to this file.
      'row-file': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(
      [
        'npm run bench -- [--sizes 10,40,80] [--quick] [--keep] [--timeout <minutes>] [--repeat <n>]',
        '  --sizes <list>  chapters per language of each synthetic course (default 10,40,80)',
        '  --quick         only the 10-chapter course',
        '  --keep          keep the generated courses and outputs in the temp folder',
        '  --timeout <min> give up a build after this many minutes (default: 10 + 1 per chapter)',
        '  --repeat <n>    measure one edition, the floor and all outputs n times each; the table gives medians (default 3)',
        '',
      ].join('\n'),
    );
    process.exit(0);
  }
  let sizes = DEFAULT_SIZES;
  if (values.quick) sizes = [10];
  else if (values.sizes) {
    sizes = values.sizes.split(',').map((s) => Number(s.trim()));
    if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`--sizes: expected positive integers, got "${values.sizes}"`);
  }
  let timeoutMinutes: number | null = null;
  if (values.timeout !== undefined) {
    timeoutMinutes = Number(values.timeout);
    if (!(timeoutMinutes > 0)) throw new Error(`--timeout: expected a number of minutes, got "${values.timeout}"`);
  }
  const repeat = values.repeat === undefined ? DEFAULT_REPEAT : Number(values.repeat);
  if (!Number.isInteger(repeat) || repeat < 1) throw new Error(`--repeat: expected a positive integer, got "${values.repeat}"`);
  return { sizes, keep: values.keep, timeoutMinutes, repeat, rowFile: values['row-file'] ?? null };
}
