import type { Command } from 'commander';
import type { CommandAction } from '../command-action.js';
import type { ActingOptions } from '../commands/acting-user.js';
import type { ItemsChangeOptions } from '../commands/items-command.js';
import type { SearchOptions } from '../commands/search-command.js';

/** The items in the catalog: `items list|show|change` and `search`. */
export function registerCatalogCommands(program: Command, action: CommandAction): void {
  registerItemsCommands(program, action);

  program
    .command('search')
    .description(
      'find items by words in their metadata, OCR text and annotations (accents and case ignored)',
    )
    .argument('[words...]', 'words to find')
    .option('--type <type>', 'only annotations of this type (ritual, symbol, gloss, ...)')
    .option('--term <id>', 'only annotations with this vocabulary term (or a narrower one)')
    .option('--from <seconds>', 'only annotations whose span ends at or after this time')
    .option('--to <seconds>', 'only annotations whose span starts at or before this time')
    .option('--item <id>', 'only annotations of this item')
    .action(
      action(async (settings, output, words: string[], options: SearchOptions) =>
        (await import('../commands/search-command.js')).searchCommand(
          words,
          settings,
          output,
          options,
        ),
      ),
    );
}

/** `heritage items list|show|change`. */
function registerItemsCommands(program: Command, action: CommandAction): void {
  const items = program.command('items').description('the items in the catalog');
  items
    .command('list')
    .description('one line per item')
    .option('-c, --collection <id>', 'only this collection')
    .option(
      '-s, --status <status>',
      'only items in this status (ingested, processing, ready, failed)',
    )
    .action(
      action(async (settings, output, options: { collection?: string; status?: string }) =>
        (await import('../commands/items-list-command.js')).itemsListCommand(
          options,
          settings,
          output,
        ),
      ),
    );
  items
    .command('show')
    .description('an item with its files, processing steps and history')
    .argument('<id>', 'item id')
    .action(
      action(async (settings, output, id: string, options: ActingOptions) =>
        (await import('../commands/items-show-command.js')).itemsShowCommand(
          id,
          settings,
          output,
          options,
        ),
      ),
    );
  items
    .command('change')
    .description(
      "change an item's collection, access protocol or consent, recorded as an event with its reason",
    )
    .argument('<id>', 'item id')
    .option('--access <protocol>', 'open, community, restricted or secret-sacred')
    .option('--consent <uses>', 'the consented uses, comma-separated (replacing the current ones)')
    .option('--withdraw-consent', 'record that consent has been withdrawn')
    .option('--restore-consent', 'record that a withdrawn consent is given again')
    .option('--consented-by <name>', 'who gave the consent')
    .option('--consent-date <date>', 'when the consent was given (e.g. 2024-05-01)')
    .option('--collection <id>', 'move the item to this collection')
    .option('--reason <text>', 'why (required; recorded with the event)')
    .option('--author <name>', 'who makes the change (default: you)')
    .option(
      '--lower-protection',
      'confirm a change that makes the item less protected (a more open protocol, more uses, restored consent, another collection)',
    )
    .action(
      action(async (settings, output, id: string, options: ItemsChangeOptions) =>
        (await import('../commands/items-command.js')).itemsChangeCommand(
          id,
          options,
          settings,
          output,
        ),
      ),
    );
}
