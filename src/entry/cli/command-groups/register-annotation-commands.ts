import type { Command } from 'commander';
import { type CommandAction, collect } from '../command-action.js';
import type { AnnotationsAddOptions } from '../commands/annotations-add-command.js';
import type { AnnotationsExportOptions } from '../commands/annotations-export-command.js';
import type { AnnotationsImportOptions } from '../commands/annotations-import-command.js';

/** `heritage annotations import|export|add|history`. */
export function registerAnnotationCommands(program: Command, action: CommandAction): void {
  const annotations = program
    .command('annotations')
    .description('transcripts and context annotations of an item (ELAN, TextGrid, WebVTT, JSON)');
  registerAnnotationsImport(annotations, action);
  registerAnnotationsExport(annotations, action);
  registerAnnotationsAdd(annotations, action);
  registerAnnotationsHistory(annotations, action);
}

/** `heritage annotations import <item> <file>`. */
function registerAnnotationsImport(annotations: Command, action: CommandAction): void {
  annotations
    .command('import')
    .description(
      'merge a document (eaf, TextGrid, vtt, srt, txt, heritage json) into an item as its next version; nothing twice',
    )
    .argument('<item>', 'item id')
    .argument('<file>', 'the document')
    .option('--author <name>', 'author of annotations the document does not credit (default: you)')
    .option('--format <format>', 'eaf, textgrid, vtt, srt, txt or json (default: from the name)')
    .option('--asset <recording>', 'the recording its times refer to (default: chosen by name)')
    .option(
      '--tier-type <tier=type>',
      'annotation type of a tier, or <tier>=skip (repeatable)',
      collect,
    )
    .option('--default-type <type>', 'type of tiers whose names match no annotation type')
    .option(
      '--made-by <tool>',
      'the model or recogniser, with its version, that made the text (its text_origin is machine)',
    )
    .action(
      action(
        async (settings, output, item: string, file: string, options: AnnotationsImportOptions) =>
          (await import('../commands/annotations-import-command.js')).annotationsImportCommand(
            item,
            file,
            options,
            settings,
            output,
          ),
      ),
    );
}

/** `heritage annotations export <item>`. */
function registerAnnotationsExport(annotations: Command, action: CommandAction): void {
  annotations
    .command('export')
    .description("write an item's annotations as a document")
    .argument('<item>', 'item id')
    .option('-f, --format <format>', 'eaf, textgrid, vtt or json', 'json')
    .option('-o, --output <file>', 'file to write (default: standard output)')
    .option('--asset <recording>', 'the recording (default: the only one)')
    .option('--type <types>', 'only these annotation types, comma-separated')
    .action(
      action(async (settings, output, item: string, options: AnnotationsExportOptions) =>
        (await import('../commands/annotations-export-command.js')).annotationsExportCommand(
          item,
          options,
          settings,
          output,
        ),
      ),
    );
}

/** `heritage annotations add <item>`. */
function registerAnnotationsAdd(annotations: Command, action: CommandAction): void {
  annotations
    .command('add')
    .description('add an annotation (or, with --supersedes, a new version of one)')
    .argument('<item>', 'item id')
    .option(
      '--type <type>',
      'transcription, translation, gloss, ritual, symbol, note or correction',
    )
    .option('--text <text>', 'the annotation (normalised to Unicode NFC)')
    .option('--term <id>', 'a term of the collection vocabulary (repeatable)', collect)
    .option('--start <seconds>', 'start of the span in the recording')
    .option('--end <seconds>', 'end of the span in the recording')
    .option('--asset <file>', 'the recording or scan (default: the only one)')
    .option('--page <n>', 'page of the scan')
    .option('--region <x,y,w,h>', 'region of the page in pixels (default: the whole page)')
    .option('--language <tag>', 'language of the text (BCP-47, e.g. vie)')
    .option('--author <name>', 'who wrote it (default: you)')
    .option('--supersedes <id>', 'the annotation this one replaces')
    .action(
      action(async (settings, output, item: string, options: AnnotationsAddOptions) =>
        (await import('../commands/annotations-add-command.js')).annotationsAddCommand(
          item,
          options,
          settings,
          output,
        ),
      ),
    );
}

/** `heritage annotations history <item>`. */
function registerAnnotationsHistory(annotations: Command, action: CommandAction): void {
  annotations
    .command('history')
    .description("the versions that changed an item's annotations, and superseded versions")
    .argument('<item>', 'item id')
    .option('--id <annotation>', 'only the history of this annotation')
    .action(
      action(async (settings, output, item: string, options: { id?: string }) =>
        (await import('../commands/annotations-history-command.js')).annotationsHistoryCommand(
          item,
          options,
          settings,
          output,
        ),
      ),
    );
}
