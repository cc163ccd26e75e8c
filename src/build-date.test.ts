import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { resolveBuildDate } from './build-date.ts';

const area = fs.mkdtempSync(path.join(os.tmpdir(), 'coursebook-build-date-'));
afterAll(() => fs.rmSync(area, { recursive: true, force: true }));

/** A course folder with one chapter whose modification time is `mtime` (seconds). */
function course(dir: string, mtime: number): string {
  fs.mkdirSync(path.join(dir, 'content'), { recursive: true });
  const chapter = path.join(dir, 'content', '01.md');
  fs.writeFileSync(chapter, '---\ntitle: T\n---\nText.\n');
  fs.utimesSync(chapter, mtime, mtime);
  return dir;
}

const noEpoch = { PATH: process.env.PATH ?? '' };

describe('resolveBuildDate', () => {
  it('takes SOURCE_DATE_EPOCH first', () => {
    const root = course(path.join(area, 'epoch'), 1_700_000_000);
    expect(resolveBuildDate(root, ['content/01.md'], { ...noEpoch, SOURCE_DATE_EPOCH: '1600000000' })).toEqual(new Date(1_600_000_000_000));
  });

  it("outside any git checkout, takes the newest input's time (whole seconds)", () => {
    const root = course(path.join(area, 'plain'), 1_700_000_123.7);
    expect(resolveBuildDate(root, ['content/01.md'], noEpoch)).toEqual(new Date(1_700_000_123_000));
  });

  it("in a git checkout (the course or a folder above it), takes the last commit's time", () => {
    const repo = path.join(area, 'repo');
    const root = course(path.join(repo, 'courses', 'mfi'), 1_700_000_000);
    const git = (...args: string[]): void => {
      execFileSync('git', args, {
        cwd: repo,
        stdio: 'ignore',
        env: {
          ...noEpoch,
          GIT_AUTHOR_NAME: 'A',
          GIT_AUTHOR_EMAIL: 'a@example.org',
          GIT_COMMITTER_NAME: 'A',
          GIT_COMMITTER_EMAIL: 'a@example.org',
          GIT_AUTHOR_DATE: '@1650000000 +0000',
          GIT_COMMITTER_DATE: '@1650000000 +0000',
        },
      });
    };
    git('init', '-q');
    git('add', '.');
    git('commit', '-q', '-m', 'course');
    expect(resolveBuildDate(root, ['content/01.md'], noEpoch)).toEqual(new Date(1_650_000_000_000));
  });
});
