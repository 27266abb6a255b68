#!/usr/bin/env node
// `npm start` builds only when dist/ is older than what it is built from. A build (npm run build:
// rm -rf dist, tsc, then the stamp dist/.built) is current until a file or folder under src/ or
// one of the build inputs below changes after the stamp. Folders count too: deleting or renaming
// a source file changes its folder's mtime, so a removed module cannot linger in dist/.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const INPUTS = ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json'];

/** Why dist/ must be built again, or null when it is current. */
export function staleReason(root) {
  let built;
  try {
    built = statSync(join(root, 'dist', '.built')).mtimeMs;
  } catch {
    return 'no complete build in dist/';
  }
  for (const input of INPUTS) {
    try {
      if (statSync(join(root, input)).mtimeMs > built) return `${input} changed`;
    } catch {
      // an input the project does not have
    }
  }
  const newer = (path) => {
    const stat = statSync(path);
    if (stat.mtimeMs > built) return path;
    if (!stat.isDirectory()) return null;
    for (const entry of readdirSync(path)) {
      const found = newer(join(path, entry));
      if (found) return found;
    }
    return null;
  };
  const changed = newer(join(root, 'src'));
  return changed ? `${changed.slice(root.length + 1)} changed` : null;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const reason = staleReason(process.cwd());
  if (!reason) {
    console.log('dist/ is current: not rebuilding (npm run build forces it)');
  } else {
    console.log(`Building (${reason}): about 20 s`);
    const result = spawnSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
    process.exit(result.status ?? 1);
  }
}
