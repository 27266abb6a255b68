import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { flattenValidationErrors } from '../common/errors/validation-exception.factory.js';
import { LearningPathFile } from './learning-path-file.js';

/** The four predefined paths: their files must exist, their codes never change. */
export const FIXED_PATH_CODES = ['EXPERIMENTER', 'APPRENDRE', 'FABRIQUER', 'PARTAGER'] as const;

/** A learning-path file that cannot be used: the message names the file and the field. */
export class LearningPathsConfigError extends Error {
  override name = 'LearningPathsConfigError';
}

/**
 * Reads and checks every `*.json` of the directory. Throws LearningPathsConfigError on the
 * first problem, so a broken edit stops the start instead of corrupting the paths.
 */
export function readLearningPathFiles(directory: string): LearningPathFile[] {
  const dir = resolve(directory);
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith('.json')).sort();
  } catch {
    throw new LearningPathsConfigError(`Learning paths: cannot read the directory ${dir} (LEARNING_PATHS_DIR)`);
  }
  const paths = names.map((name) => parseLearningPathFile(join(dir, name)));

  const files = new Map<string, string>();
  paths.forEach((path, i) => {
    const previous = files.get(path.code);
    if (previous) throw new LearningPathsConfigError(`Learning paths: ${names[i]} and ${previous} both define ${path.code}`);
    files.set(path.code, names[i]);
  });
  const missing = FIXED_PATH_CODES.filter((code) => !files.has(code));
  if (missing.length > 0) {
    throw new LearningPathsConfigError(`Learning paths: no file in ${dir} defines ${missing.join(', ')}`);
  }
  return paths;
}

export function parseLearningPathFile(file: string): LearningPathFile {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new LearningPathsConfigError(`Learning paths: ${file} is not valid JSON (${(error as Error).message})`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new LearningPathsConfigError(`Learning paths: ${file} must hold one JSON object`);
  }
  const path = plainToInstance(LearningPathFile, raw);
  const errors = validateSync(path, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) {
    const [first] = flattenValidationErrors(errors);
    throw new LearningPathsConfigError(`Learning paths: ${file}: ${first.field}: ${first.message}`);
  }
  const seen = new Set<string>();
  for (const step of path.steps) {
    if (seen.has(step.code)) {
      throw new LearningPathsConfigError(`Learning paths: ${file}: two steps have the code "${step.code}"`);
    }
    seen.add(step.code);
  }
  return path;
}
