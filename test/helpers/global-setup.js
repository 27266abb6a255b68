// Builds dist/ once per e2e run: some specs start the real server (`node dist/main.js`) in
// child processes — a bad configuration, a separate worker process.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';

export default function globalSetup() {
  rmSync('dist', { recursive: true, force: true });
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
}
