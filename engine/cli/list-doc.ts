import { readFileSync } from 'node:fs';

import type { Command } from 'commander';

import { builtInDocuments, documentNames, documentPurposes, type DocumentName } from '../documents/defaults.ts';
import { DocumentStore } from '../documents/document-store.ts';
import { mergeTags } from '../documents/merge.ts';
import { formatDocumentFile, parseDocumentFile, resolveDocument } from '../documents/resolve.ts';
import { output, table, usageError, withStore } from './context.ts';

function checkName(name: string): DocumentName {
  if (!documentNames.includes(name as DocumentName)) {
    usageError(`Unknown document ${JSON.stringify(name)}; use one of ${documentNames.join(', ')}.`);
  }
  return name as DocumentName;
}

function readText(file: string): string {
  try {
    return readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (error) {
    usageError(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`);
  }
}

const tagHelp = Object.entries(mergeTags)
  .map(([tag, meaning]) => `  {{${tag}}}  ${meaning}`)
  .join('\n');

/** `lyre list doc`: show or set the documents a list sends, or the server-wide defaults. */
export function registerListDocCommands(program: Command): void {
  const list = program.commands.find((command) => command.name() === 'list');
  if (!list) throw new Error('register the list commands before the list doc commands');

  list
    .command('doc <list> [name] [file]')
    .description(
      'show a list\'s documents, show one, or set one from a file ("-" reads standard input); ' +
        'a file may start with a "Subject: ..." line and a blank line. With --server, <list> is the document name ' +
        'and [name] the file, and the server-wide default is shown or set',
    )
    .option('--server', 'the server-wide default that lists without their own text use')
    .option('--reset', 'remove the text, so the server default (or the built-in text) applies again')
    .addHelpText('after', `\nDocuments: ${documentNames.join(', ')}\nMerge tags:\n${tagHelp}`)
    .action(async (first: string, second: string | undefined, third: string | undefined, options: { server?: boolean; reset?: boolean }, command: Command) => {
      const [listName, name, file] = options.server ? [null, first, second] : [first, second, third];
      await withStore(command, (store) => {
        const found = listName === null ? null : store.lists.require(listName);
        const documents = new DocumentStore(store.db);
        const where = found ? found.name : 'the server default';

        if (name === undefined) {
          const rows = documentNames.map((n) => ({ name: n, source: resolveDocument(store.db, found?.id ?? null, n).source, purpose: documentPurposes[n] }));
          output(command, rows, () => table(['DOCUMENT', 'SOURCE', 'PURPOSE'], rows.map((r) => [r.name, r.source, r.purpose])));
          return;
        }

        const document = checkName(name);
        if (options.reset) {
          const removed = documents.remove(found?.id ?? null, document);
          output(command, { document, removed }, () => (removed ? `Removed ${where}'s ${document}.` : `${where} had no ${document} of its own.`));
          return;
        }
        if (file !== undefined) {
          const text = parseDocumentFile(readText(file), builtInDocuments[document].subject);
          if (text.body.trim() === '') usageError(`The ${document} text in ${file} is empty; give the body to send.`);
          documents.set(found?.id ?? null, document, text);
          output(command, { document, ...text }, () => `Set ${where}'s ${document}.`);
          return;
        }
        const current = resolveDocument(store.db, found?.id ?? null, document);
        output(command, { document, ...current }, () => `# ${document} (${current.source})\n${formatDocumentFile(current)}`);
      });
    });
}
