import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { staleReason } from '../scripts/build-if-stale.js';

/** `npm start` rebuilds only when dist/ is older than its sources (scripts/build-if-stale.js). */
describe('npm start: build only when dist/ is stale', () => {
  let root: string;
  const at = (path: string, seconds: number) => utimesSync(join(root, path), seconds, seconds);

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'stale-'));
    mkdirSync(join(root, 'src', 'machines'), { recursive: true });
    mkdirSync(join(root, 'dist'));
    writeFileSync(join(root, 'package.json'), '{}');
    writeFileSync(join(root, 'src', 'main.ts'), '');
    writeFileSync(join(root, 'src', 'machines', 'machine.ts'), '');
    for (const path of ['package.json', 'src/main.ts', 'src/machines/machine.ts', 'src/machines', 'src']) at(path, 1_000);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const build = () => {
    writeFileSync(join(root, 'dist', '.built'), '');
    at('dist/.built', 2_000);
  };

  it('builds when no build completed (no stamp: a failed or interrupted build)', () => {
    expect(staleReason(root)).toBe('no complete build in dist/');
  });

  it('does not rebuild when nothing changed since the build', () => {
    build();
    expect(staleReason(root)).toBeNull();
  });

  it('rebuilds when a source file, a removed file (its folder) or package.json changed since', () => {
    build();
    at('src/machines/machine.ts', 3_000);
    expect(staleReason(root)).toBe('src/machines/machine.ts changed');
    at('src/machines/machine.ts', 1_000);
    rmSync(join(root, 'src', 'main.ts'));
    expect(staleReason(root)).toBe('src changed');
    at('src', 1_000);
    at('package.json', 3_000);
    expect(staleReason(root)).toBe('package.json changed');
  });
});
