import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { openArchive } from '../../../archive/archive.js';
import { type Vocabulary, vocabularyToCsv, vocabularyToJson } from '../../../formats/index.js';
import type { Settings } from '../../../infra/config/settings-schema.js';
import {
  commitCollectionVocabulary,
  readCollectionVocabulary,
} from '../../../usecases/annotations/collection-vocabulary.js';
import { readVocabularyFile } from '../../../usecases/annotations/read-vocabulary-file.js';
import { openServices } from '../../services.js';
import { ExitCode, UsageError } from '../exit-codes.js';
import type { Output } from '../output.js';
import { type ActingOptions, actingPerson } from './acting-user.js';
import { defaultAuthor } from './annotation-options.js';
import { requireAdmin } from './item-access.js';

/**
 * `heritage vocabulary import <collection> <file>`: stores a collection's controlled
 * vocabulary (JSON, or CSV with `id,broader,label@<lang>...` columns) as the next version
 * of its vocabulary object.
 */
export async function vocabularyImportCommand(
  collection: string,
  file: string,
  options: ActingOptions & { id?: string; author?: string },
  settings: Settings,
  output: Output,
): Promise<number> {
  const bytes = await readFile(file).catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot read ${file}: ${error.code ?? error.message}`);
  });
  const name = path.basename(file);
  const services = await openServices(settings);
  try {
    requireAdmin(await actingPerson(services.archive.catalog, options), 'import a vocabulary');
    const existing = await readCollectionVocabulary(services.archive.objects, collection);
    const vocabulary = parseVocabularyFile(
      name,
      bytes,
      collection,
      options.id ?? existing?.vocabulary.id,
    );
    const result = await commitCollectionVocabulary(services.archive, services.locks, {
      collection,
      vocabulary,
      source: { name, bytes },
      author: options.author ?? defaultAuthor(),
    });
    output.line(
      result.changed
        ? `vocabulary ${vocabulary.id} of collection ${collection}: ${result.terms} terms, ${result.version}`
        : `vocabulary ${vocabulary.id} of collection ${collection} is unchanged (${result.version})`,
    );
    output.result({ ...result, vocabulary: vocabulary.id });
    return ExitCode.Ok;
  } finally {
    await services.close();
  }
}

/** `heritage vocabulary export <collection> [--format json|csv] [--output file]`. */
export async function vocabularyExportCommand(
  collection: string,
  options: { format?: string; output?: string },
  settings: Settings,
  output: Output,
): Promise<number> {
  const format = (options.format ?? 'json').toLowerCase();
  if (format !== 'json' && format !== 'csv')
    throw new UsageError(`--format: "${options.format}" is not json or csv`);
  const archive = await openArchive(settings);
  try {
    const found = await readCollectionVocabulary(archive.objects, collection);
    if (!found) {
      output.error(`collection ${collection} has no vocabulary`);
      return ExitCode.Failure;
    }
    const content =
      format === 'csv' ? vocabularyToCsv(found.vocabulary) : vocabularyToJson(found.vocabulary);
    if (options.output) {
      await writeFile(options.output, content);
      output.line(
        `vocabulary ${found.vocabulary.id} (${found.vocabulary.terms.length} terms) written to ${options.output}`,
      );
      output.result({
        collection,
        version: found.version,
        file: options.output,
        terms: found.vocabulary.terms.length,
      });
    } else {
      output.line(content.replace(/\n$/, ''));
      output.result({ collection, version: found.version, vocabulary: found.vocabulary });
    }
    return ExitCode.Ok;
  } finally {
    await archive.close();
  }
}

/** Reads JSON or CSV by the file's extension; the vocabulary must be this collection's. */
function parseVocabularyFile(
  name: string,
  bytes: Uint8Array,
  collection: string,
  id: string | undefined,
): Vocabulary {
  const extension = name.toLowerCase().split('.').pop();
  if (extension !== 'csv' && extension !== 'json')
    throw new UsageError(`${name}: a vocabulary is a .json or .csv file`);
  return readVocabularyFile({ name, bytes, format: extension, collection, id });
}
