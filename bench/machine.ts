/** What the numbers were measured on. */
import fs from 'node:fs';
import os from 'node:os';

export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGb: number;
  node: string;
  os: string;
  /** Filled in once a browser has been launched. */
  browser: string;
}

export function machineInfo(): MachineInfo {
  let cpu = os.cpus()[0]?.model?.trim() ?? 'unknown';
  try {
    const match = /^model name\s*:\s*(.+)$/m.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'));
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the group is not optional in the pattern, so a match has it
    if (match) cpu = match[1]!.trim();
  } catch {
    /* not Linux: keep os.cpus() */
  }
  return {
    cpu,
    cores: os.cpus().length,
    memoryGb: os.totalmem() / 1024 ** 3,
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    browser: 'unknown',
  };
}
