// `npm run --silent cli -- <command> [--archive DIR] [--json]`: the archive from a
// terminal, over the same services as the app. Exit codes: 0 ok, 1 some input or the
// command failed, 2 usage error.
import { parseArgs } from 'node:util';
import { toErrorData } from '../../../shared/errors';
import { resolveArchiveDir } from '../services/archive/location';
import { openServices, type Services } from '../services/compose';
import { SOURCE_ENTRIES } from '../source-entries';
import { deleteCommand, importCommand, listCommand, searchCommand, showCommand, UsageError, type CommandContext } from './commands';
import { createOutput } from './output';

const COMMANDS: Record<string, (ctx: CommandContext) => Promise<number>> = {
  import: importCommand,
  list: listCommand,
  search: searchCommand,
  show: showCommand,
  delete: deleteCommand,
};

const USAGE = `Usage: npm run --silent cli -- <command> [options]

Commands:
  import <files or folders...> [--password P]   copy PDFs into the archive (folders recursively)
  list                                          list the documents
  search <query>                                full-text search; "quoted phrases" allowed
  show <id>                                     a document and the text of its pages
  delete <id>                                   remove a document, its pages and its file

Options:
  --archive DIR   the archive folder (default: $ABSTRACTOR_ARCHIVE, else the app's)
  --json          print exactly one JSON document on stdout; progress goes to stderr
  --help          this text`;

async function main(argv: readonly string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        archive: { type: 'string' },
        json: { type: 'boolean', default: false },
        password: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [name, ...args] = positionals;
  if (values.help || !name) {
    process.stderr.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`Unknown command "${name}".\n\n${USAGE}\n`);
    return 2;
  }
  if (name === 'import' && args.length === 0) {
    process.stderr.write('import needs at least one file or folder.\n');
    return 2;
  }
  const out = createOutput(values.json);
  let services: Services | null = null;
  try {
    services = await openServices({ archiveDir: resolveArchiveDir(values.archive), entries: SOURCE_ENTRIES });
    return await command({ services, out, args, password: values.password });
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`${err.message}\n\n${USAGE}\n`);
      return 2;
    }
    const error = toErrorData(err);
    if (values.json) out.result({ error }, () => '');
    process.stderr.write(`error: ${error.message} (${error.code})\n`);
    return 1;
  } finally {
    await services?.dispose();
  }
}

process.exitCode = await main(process.argv.slice(2));
