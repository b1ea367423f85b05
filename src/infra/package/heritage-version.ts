import { readFileSync } from 'node:fs';
import path from 'node:path';
import { findPackageRoot } from './package-root.js';

/** heritage's own version, as PREMIS events and dataset cards name the agent. */
export const heritageVersion: string = JSON.parse(
  readFileSync(path.join(findPackageRoot(import.meta.url), 'package.json'), 'utf8'),
).version;

export const heritageAgent = `heritage ${heritageVersion}`;
