/**
 * The command line: a thin shell over the library API. It only declares the
 * commands; `build` loads the build stages (pdf-lib, puppeteer, pdf.js…, most
 * of a second) when it runs, so `--help` and the light commands start fast.
 */
import { Command } from 'commander';
import { VERSION } from '../project-paths.ts';
import { registerBuildCommand } from './build-command.ts';
import { registerStatusCommand } from './status-command.ts';
import { registerDocxCommands } from './docx-commands.ts';
import { registerAuthorCommands } from './author-commands.ts';
import { registerPreflightCommand } from './preflight-command.ts';

export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  const program = new Command()
    .name('coursebook')
    .description('Build print-ready PDF course books (participant and trainer editions) from Markdown chapters.')
    .version(VERSION)
    .exitOverride();

  const setExitCode = (code: number): void => {
    exitCode = code;
  };
  registerBuildCommand(program, setExitCode);
  registerStatusCommand(program, setExitCode);
  registerDocxCommands(program, setExitCode);
  registerAuthorCommands(program, setExitCode);
  registerPreflightCommand(program, setExitCode);

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    const code = (error as { exitCode?: number }).exitCode;
    if (typeof code === 'number') return code; // --help, --version, or a usage error commander already printed
    throw error;
  }
  return exitCode;
}
