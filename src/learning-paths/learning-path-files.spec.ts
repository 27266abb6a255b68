import 'reflect-metadata';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { FIXED_PATH_CODES, LearningPathsConfigError, readLearningPathFiles } from './learning-path-files.js';

const SHIPPED = 'config/learning-paths';

describe('learning-path files', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  const copy = (): string => {
    dir = mkdtempSync(join(tmpdir(), 'paths-'));
    cpSync(SHIPPED, dir, { recursive: true });
    return dir;
  };

  it('ships the four paths of DESIGN.md with their kinds and qualifications', () => {
    const paths = readLearningPathFiles(SHIPPED);
    expect(paths.map((p) => p.code).sort()).toEqual([...FIXED_PATH_CODES].sort());
    const byCode = Object.fromEntries(paths.map((p) => [p.code, p]));
    const qualifications = (code: string) =>
      byCode[code].steps.filter((s) => s.grantsQualification).map((s) => [s.kind, s.grantsQualification]);
    expect(qualifications('EXPERIMENTER')).toEqual([
      ['qualification', 'fdm_printer'],
      ['qualification', 'vinyl_cutter'],
    ]);
    expect(qualifications('APPRENDRE')).toEqual([
      ['qualification', 'laser_cutter'],
      ['qualification', 'cnc_router'],
    ]);
    expect(qualifications('FABRIQUER')).toEqual([
      ['qualification', 'laser_cutter'],
      ['qualification', 'fdm_printer'],
    ]);
    expect(qualifications('PARTAGER')).toEqual([]);
    expect(byCode.EXPERIMENTER.steps.map((s) => s.kind)).toEqual(['workshop', 'qualification', 'qualification', 'sharing']);
    expect(byCode.APPRENDRE.steps).toHaveLength(6);
    expect(byCode.FABRIQUER.steps.map((s) => s.kind)).toEqual([
      'workshop',
      'workshop',
      'qualification',
      'workshop',
      'qualification',
      'project',
      'sharing',
    ]);
    expect(byCode.PARTAGER.steps.map((s) => s.kind)).toEqual(['workshop', 'sharing', 'sharing', 'sharing']);
    expect(byCode.PARTAGER.requiresCompletedPath).toBe(true);
    expect(paths.filter((p) => p.requiresCompletedPath).map((p) => p.code)).toEqual(['PARTAGER']);
  });

  it('names the file and the field of a bad value', () => {
    const d = copy();
    const file = join(d, 'fabriquer.json');
    const json = JSON.parse(readFileSync(file, 'utf8'));
    json.steps[2].kind = 'lecture';
    writeFileSync(file, JSON.stringify(json));
    expect(() => readLearningPathFiles(d)).toThrow(LearningPathsConfigError);
    expect(() => readLearningPathFiles(d)).toThrow(/fabriquer\.json: steps\.2\.kind: kind must be one of/);
  });

  it('refuses unknown fields, duplicate step codes, bad JSON and a missing fixed path', () => {
    const d = copy();
    const file = join(d, 'partager.json');
    const original = readFileSync(file, 'utf8');
    writeFileSync(file, JSON.stringify({ ...JSON.parse(original), colour: 'blue' }));
    expect(() => readLearningPathFiles(d)).toThrow(/colour/);

    const json = JSON.parse(original);
    json.steps[1].code = json.steps[0].code;
    writeFileSync(file, JSON.stringify(json));
    expect(() => readLearningPathFiles(d)).toThrow(/two steps have the code "machine-maintenance"/);

    writeFileSync(file, '{ "code": ');
    expect(() => readLearningPathFiles(d)).toThrow(/not valid JSON/);

    rmSync(file);
    expect(() => readLearningPathFiles(d)).toThrow(/defines PARTAGER/);
  });

  it('refuses a missing directory', () => {
    expect(() => readLearningPathFiles('/nonexistent/learning-paths')).toThrow(/LEARNING_PATHS_DIR/);
  });
});
