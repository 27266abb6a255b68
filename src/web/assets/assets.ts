import { createHash } from 'node:crypto';
import { STYLESHEET } from './stylesheet.js';

const fingerprint = (content: string): string => createHash('sha256').update(content).digest('hex').slice(0, 10);

/** Named by content, so a browser may keep it for a year and still sees each new version. */
export const STYLESHEET_PATH = `/static/app-${fingerprint(STYLESHEET)}.css`;
