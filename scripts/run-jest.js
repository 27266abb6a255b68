#!/usr/bin/env node
// Runs jest in ESM mode (NestJS 12 is ESM-only) and ends with the line CI reads:
// "Tests: N passed, N failed". Extra arguments go to jest.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const report = join('reports', `jest-${process.pid}.json`);
mkdirSync('reports', { recursive: true });
const nodeOptions = [process.env.NODE_OPTIONS, '--experimental-vm-modules', '--no-warnings=ExperimentalWarning']
  .filter(Boolean)
  .join(' ');
// `--selectProjects e2e test/x.e2e-spec.ts` would read the path as a second project name and run
// the whole project: test file paths are moved before the options, whatever their place.
const isTestPath = (arg) => !arg.startsWith('-') && /[/\\]|\.[cm]?[jt]sx?$/.test(arg);
const args = process.argv.slice(2);
const jestArgs = [...args.filter(isTestPath), ...args.filter((arg) => !isTestPath(arg))];
const result = spawnSync(
  process.execPath,
  ['node_modules/jest/bin/jest.js', '--json', `--outputFile=${report}`, ...jestArgs],
  { stdio: 'inherit', env: { ...process.env, NODE_OPTIONS: nodeOptions } },
);

let passed = 0;
let failed = 0;
try {
  const summary = JSON.parse(readFileSync(report, 'utf8'));
  passed = summary.numPassedTests;
  failed = summary.numFailedTests + summary.numRuntimeErrorTestSuites;
  rmSync(report);
} catch {
  failed = Math.max(failed, 1);
}
const status = result.status ?? 1;
if (status !== 0 && failed === 0) failed = 1;
if (passed + failed === 0) failed = 1; // a run that executes no test is a failure
console.log(`Tests: ${passed} passed, ${failed} failed`);
process.exit(status !== 0 || failed > 0 ? 1 : 0);
