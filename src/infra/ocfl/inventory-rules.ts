import type { Inventory } from './inventory-schema.js';
import { findPathConflict, logicalPathProblem } from './paths.js';
import { DEFAULT_CONTENT_DIRECTORY, FIXITY_ALGORITHM } from './spec.js';

/**
 * The OCFL rules a schema cannot express (version sequence, manifest and state
 * consistency, path syntax and conflicts), plus heritage's own: a sha256 fixity value
 * for every content path. Returns one sentence per violation; empty when sound.
 */
export function inventoryRuleViolations(inventory: Inventory): string[] {
  const problems: string[] = [];
  const versionNames = Object.keys(inventory.versions);
  const count = versionNames.length;
  for (let number = 1; number <= count; number += 1) {
    if (!(`v${number}` in inventory.versions)) {
      problems.push(`versions: ${count} versions but v${number} is missing`);
    }
  }
  if (inventory.head !== `v${count}`) {
    problems.push(`head is ${inventory.head} but the highest version is v${count}`);
  }

  const contentDirectory = inventory.contentDirectory ?? DEFAULT_CONTENT_DIRECTORY;
  if (contentDirectory.includes('/') || contentDirectory === '.' || contentDirectory === '..') {
    problems.push(`contentDirectory ${JSON.stringify(contentDirectory)} is not a plain name`);
  }

  const manifestDigestOf = new Map<string, string>();
  for (const [digest, contentPaths] of Object.entries(inventory.manifest)) {
    for (const contentPath of contentPaths) {
      const where = `manifest content path ${JSON.stringify(contentPath)}`;
      const syntax = logicalPathProblem(contentPath);
      if (syntax) problems.push(`${where}: ${syntax}`);
      const [versionDirectory, directory] = contentPath.split('/');
      if (
        versionDirectory === undefined ||
        !(versionDirectory in inventory.versions) ||
        directory !== contentDirectory
      ) {
        problems.push(`${where} is not inside a version's "${contentDirectory}" directory`);
      }
      if (manifestDigestOf.has(contentPath)) problems.push(`${where} is listed twice`);
      manifestDigestOf.set(contentPath, digest);
    }
  }
  const manifestConflict = findPathConflict(manifestDigestOf.keys());
  if (manifestConflict) {
    problems.push(`manifest content paths ${manifestConflict.join(' and ')} conflict`);
  }

  const referenced = new Set<string>();
  for (const [name, version] of Object.entries(inventory.versions)) {
    const logicalPaths: string[] = [];
    for (const [digest, paths] of Object.entries(version.state)) {
      referenced.add(digest);
      if (!(digest in inventory.manifest)) {
        problems.push(`${name} state digest ${digest.slice(0, 16)}... is not in the manifest`);
      }
      logicalPaths.push(...paths);
    }
    for (const logicalPath of logicalPaths) {
      const syntax = logicalPathProblem(logicalPath);
      if (syntax) problems.push(`${name} logical path ${JSON.stringify(logicalPath)}: ${syntax}`);
    }
    if (new Set(logicalPaths).size !== logicalPaths.length) {
      problems.push(`${name} state lists a logical path more than once`);
    }
    const stateConflict = findPathConflict(logicalPaths);
    if (stateConflict) {
      problems.push(`${name} logical paths ${stateConflict.join(' and ')} conflict`);
    }
  }
  for (const digest of Object.keys(inventory.manifest)) {
    if (!referenced.has(digest)) {
      problems.push(`manifest digest ${digest.slice(0, 16)}... is in no version's state`);
    }
  }

  problems.push(...fixityViolations(inventory, manifestDigestOf));
  return problems;
}

function fixityViolations(inventory: Inventory, manifestDigestOf: Map<string, string>): string[] {
  const problems: string[] = [];
  const withSha256 = new Set<string>();
  for (const [algorithm, block] of Object.entries(inventory.fixity ?? {})) {
    for (const contentPath of Object.values(block).flat()) {
      if (!manifestDigestOf.has(contentPath)) {
        problems.push(
          `fixity ${algorithm} lists ${JSON.stringify(contentPath)}, not in the manifest`,
        );
      }
      if (algorithm === FIXITY_ALGORITHM) withSha256.add(contentPath);
    }
  }
  for (const contentPath of manifestDigestOf.keys()) {
    if (!withSha256.has(contentPath)) {
      problems.push(
        `content path ${JSON.stringify(contentPath)} has no ${FIXITY_ALGORITHM} fixity`,
      );
    }
  }
  return problems;
}
