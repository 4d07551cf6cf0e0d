// `abstractor <command> [--archive DIR] [--json]` (from source: `npm run --silent cli -- …`):
// the archive from a terminal, over the same services as the app. Exit codes: 0 ok, 1 some input or the
// command failed, 2 usage error.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { toErrorData } from '../../../shared/errors';
import { exportDeidOptionsSchema, type ExportDeidOptions } from '../../../shared/extraction/api';
import { finishConversion } from '../services/archive/convert';
import { resolveArchiveDir } from '../services/archive/location';
import { openServices, type Services } from '../services/compose';
import { builtEntries, SOURCE_ENTRIES } from '../source-entries';
import { deleteCommand, importCommand, listCommand, searchCommand, showCommand, UsageError, type CommandContext } from './commands';
import { archiveAdvice, backupCommand, restoreCommand, type OfflineContext } from './archive-command';
import { modelsCommand } from './models-command';
import { exportCommand, extractCommand } from './extract-command';
import { batchCommand, jobsCommand, watchCommand } from './jobs-command';
import { archiveCommand, recoveryKeyNotice, saveRecoveryKey } from './keys-command';
import { CLI_COMMAND, RUN_FROM_SOURCE } from './invocation';
import { createOutput } from './output';
import { terminalPassphrase } from './passphrase';
import { ArchiveKeys } from '../services/keys/archive-keys';
import { deadlinesCommand } from './deadlines-command';
import { patientsCommand } from './patients-command';
import { playbookCommand } from './playbook-command';
import { accessLogCommand, privacyCommand } from './privacy-command';
import { summarizeCommand } from './summarize-command';
import { templatesCommand } from './templates-command';
import { serverCommand, workerCommand } from './worker-command';

// Built (out/main/cli.js, the `abstractor` bin): the compiled worker entries beside it. Under
// tsx (`npm run cli`): the sources. (Templates and other files: services/runtime-assets.)
const ENTRIES = RUN_FROM_SOURCE ? SOURCE_ENTRIES : builtEntries(path.dirname(fileURLToPath(import.meta.url)));

const COMMANDS: Record<string, (ctx: CommandContext) => Promise<number>> = {
  import: importCommand,
  list: listCommand,
  search: searchCommand,
  show: showCommand,
  delete: deleteCommand,
  models: modelsCommand,
  summarize: summarizeCommand,
  templates: templatesCommand,
  extract: extractCommand,
  export: exportCommand,
  batch: batchCommand,
  jobs: jobsCommand,
  watch: watchCommand,
  backup: backupCommand,
  'access-log': accessLogCommand,
  privacy: privacyCommand,
  deadlines: deadlinesCommand,
  patients: patientsCommand,
  playbook: playbookCommand,
  server: serverCommand,
  worker: workerCommand,
};

/** Commands that run with the archive closed (it may be damaged). */
const OFFLINE_COMMANDS: Record<string, (ctx: OfflineContext) => Promise<number>> = {
  restore: restoreCommand,
  archive: archiveCommand,
};

const USAGE = `Usage: ${CLI_COMMAND} <command> [options]

Commands:
  import <files or folders...> [--password P]   copy PDFs into the archive (folders recursively)
  list                                          list the documents
  search <query>                                full-text search; "quoted phrases" allowed
  show <id>                                     a document and the text of its pages
  delete <id>                                   remove a document, its pages and its file
  summarize <id> [--profile P] [--model FILE]   summarize with the local model (P: clinical, legal or
                                                general; default from the document's domain); the
                                                text streams to a terminal, Ctrl-C cancels
  models list                                   installed models (* marks the active one)
  models add <file.gguf> [--reference]          copy a model into the archive (or use it in place)
  models use <id>                               choose the active model
  models remove <id>                            forget a model (deletes copied files only)
  models catalog                                recommended models to download
  models download <catalog-id | https URL>      download a model (resumes after Ctrl-C)
  models estimate <id>                          memory the model needs against what is free
  models hardware                               CPU, RAM and GPU backends, quantization advice
  models adapters list | add <file.gguf> --name N | remove <name>
                                                LoRA adapters (GGUF) for domain-tuned runs
  models adapters use <name|none> --template T | --profile P
                                                the adapter extraction with template T or
                                                summaries with profile P run with
  templates list | show <name> | add <file>     extraction templates (built-in and your own)
  extract <ids...> --template T [--model FILE]  extract the template's fields (grounded in the text;
                                                re-runs keep reviewed values, new ones are suggestions)
  export --template T --format csv|json [--out FILE]
                                                the template's values over all documents
  export --template T --format csv|json --deidentify [--shift-dates] [--placeholders] [--out FILE]
                                                the same with the Safe Harbor identifiers removed from
                                                values and quotes: names, places, dates (the year
                                                stays), numbers...; numbered surrogates, the same for
                                                the same value ([NAME 1]), or --placeholders ([NAME]);
                                                --shift-dates moves each patient's dates by a secret offset
  export --deidentify --format pdf <id> --out FILE [--password P]
                                                one document as a new PDF of page images with every
                                                identifier found in its text (and its extracted
                                                patient name, DOB, MRN) blacked out; no text layer,
                                                metadata or attachments are kept
  export --template T --training [--out FILE]   the reviewed (confirmed and edited) values as a
                                                JSONL fine-tuning set: the engine's prompts and
                                                answers with evidence ids
  backup <dest> [--passphrase-env VAR]          back up the archive (database and PDFs) into
                                                <dest>/abstractor-backup-<date>/; a plaintext archive's
                                                backup is authenticated with the passphrase in $VAR
  restore <backup> [--passphrase-env VAR]       replace the archive with a checked backup; the old
                                                archive is kept beside it as <archive>.before-restore-<date>;
                                                its waiting jobs and watched folders come back paused
  jobs resume-restored                          resume what the last restore paused
  batch <files or folders...> [--template T] [--summarize] [--model FILE]
                                                import and process files through the job queue
                                                (OCR for scans, then extraction and summary);
                                                Ctrl-C stops, and \`jobs run\` resumes
  jobs list [--batch N]                         the job queue
  jobs run                                      run queued jobs (resumes interrupted ones)
  jobs pause|resume|cancel|retry <ids...> | --batch N | --all
  watch <folder> [--template T] [--summarize]   import and process new PDFs as they arrive
  watch list | remove <folder>                  watched folders (the app watches them too)
  archive status                                encrypted or not, the cipher, what opens the key
  archive change-passphrase                     a new passphrase (the current one or the recovery
                                                key opens it; only the key store changes)
  archive encrypt                               encrypt a plaintext archive in place (database and
                                                files; crash-safe: killed, the next start finishes
                                                it or leaves the old archive as it was); the
                                                plaintext copy is overwritten and removed
  archive rekey                                 a new key for the database and every file, a new
                                                recovery key; ABSTRACTOR_NEW_PASSPHRASE changes the
                                                passphrase too
  access-log [--document N] [--action A] [--since DATE] [--until DATE] [--csv FILE]
                                                who opened, searched, exported, deleted… which
                                                document, and when (never document text)
  privacy [--keep-copies-days N] [--lock-after-minutes M]
                                                show or set how long kept archive copies live
                                                (default 30 days) and the app's idle lock time
  worker                                        run the job queue headless (watched folders, queued
                                                batches) with the inference server when it is on;
                                                JSON lines on stdout; SIGTERM stops cleanly (running
                                                jobs are checkpointed and resume on the next start)
  server [--on|--off] [--url U] [--server-type llama-server|vllm|ollama] [--server-model M]
         [--slots N] [--api-key-env VAR]        show or set the shared inference server (off by
                                                default; when on, document text goes to that host)
  deadlines [--within DAYS] [--as-of YYYY-MM-DD] [--csv FILE] [--ics FILE] [--format json|csv|ics --out FILE]
                                                contracts' notice deadlines, renewals and
                                                expirations, soonest first (overdue kept);
                                                "needs review" when a value is not verified
  patients list | show <id>                     medical records grouped by patient (name, date of
                                                birth, MRN); one patient's timeline and conflicts
  playbook list | show <name> | add <file>      playbooks: the firm's standard positions (built-in
                                                and your own)
  playbook run <name> [ids...] [--format csv|json --out FILE]
                                                check contracts (all with values of the playbook's
                                                template, or these) rule by rule: meets, deviates,
                                                missing or needs review, with the evidence

Options:
  --archive DIR   the archive folder (default: $ABSTRACTOR_ARCHIVE, else the app's)
  --json          print exactly one JSON document on stdout; progress goes to stderr
  --no-encryption a new archive is made plaintext (default: encrypted)
  --recovery-key-file FILE
                  when a new encrypted archive is made, also write its recovery key there

Encrypted archives ask for their passphrase on the terminal (no echo), or read it from
$ABSTRACTOR_PASSPHRASE; the recovery key is accepted in its place.
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
        reference: { type: 'boolean', default: false },
        name: { type: 'string' },
        profile: { type: 'string' },
        model: { type: 'string' },
        template: { type: 'string' },
        format: { type: 'string' },
        out: { type: 'string' },
        training: { type: 'boolean', default: false },
        deidentify: { type: 'boolean', default: false },
        'shift-dates': { type: 'boolean', default: false },
        placeholders: { type: 'boolean', default: false },
        summarize: { type: 'boolean', default: false },
        batch: { type: 'string' },
        all: { type: 'boolean', default: false },
        'no-encryption': { type: 'boolean', default: false },
        'recovery-key-file': { type: 'string' },
        document: { type: 'string' },
        action: { type: 'string' },
        since: { type: 'string' },
        until: { type: 'string' },
        csv: { type: 'string' },
        ics: { type: 'string' },
        within: { type: 'string' },
        'as-of': { type: 'string' },
        'keep-copies-days': { type: 'string' },
        'lock-after-minutes': { type: 'string' },
        'passphrase-env': { type: 'string' },
        on: { type: 'boolean', default: false },
        off: { type: 'boolean', default: false },
        url: { type: 'string' },
        'server-type': { type: 'string' },
        'server-model': { type: 'string' },
        slots: { type: 'string' },
        'api-key-env': { type: 'string' },
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
  const offline = OFFLINE_COMMANDS[name];
  if (!command && !offline) {
    process.stderr.write(`Unknown command "${name}".\n\n${USAGE}\n`);
    return 2;
  }
  if (name === 'import' && args.length === 0) {
    process.stderr.write('import needs at least one file or folder.\n');
    return 2;
  }
  const out = createOutput(values.json);
  const archiveDir = resolveArchiveDir(values.archive);
  let services: Services | null = null;
  try {
    // Every command, offline ones too, sees the archive an interrupted `archive encrypt` / `rekey` left whole.
    await finishConversion(archiveDir);
    if (offline) return await offline({ archiveDir, out, args, passphraseEnv: values['passphrase-env'], recoveryKeyFile: values['recovery-key-file'] });
    const keys = new ArchiveKeys({ askPassphrase: terminalPassphrase(), encryptNew: !values['no-encryption'] });
    const archiveKey = await keys.keyFor(archiveDir);
    const recoveryKey = keys.takeRecoveryKey();
    if (recoveryKey) {
      const savedTo = values['recovery-key-file'] ?? null;
      out.info(recoveryKeyNotice(recoveryKey, archiveDir, savedTo));
      if (savedTo) saveRecoveryKey(savedTo, recoveryKey, archiveDir);
    }
    services = await openServices({ archiveDir, entries: ENTRIES, ...(archiveKey ? { archiveKey } : {}) });
    const flags = { document: values.document, action: values.action, since: values.since, until: values.until, csv: values.csv, ics: values.ics, within: values.within, asOf: values['as-of'], keepCopiesDays: values['keep-copies-days'], lockAfterMinutes: values['lock-after-minutes'], on: values.on ? 'yes' : undefined, off: values.off ? 'yes' : undefined, url: values.url, serverType: values['server-type'], serverModel: values['server-model'], slots: values.slots, apiKeyEnv: values['api-key-env'] };
    return await command!({ services, out, args, password: values.password, reference: values.reference, name: values.name, profile: values.profile, model: values.model, template: values.template, format: values.format, outFile: values.out, training: values.training, deidentify: deidOptions(values), summarize: values.summarize, batch: parseBatch(values.batch), all: values.all, flags, passphraseEnv: values['passphrase-env'] });
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`${err.message}\n\n${USAGE}\n`);
      return 2;
    }
    const error = toErrorData(err);
    if (values.json) out.result({ error }, () => '');
    process.stderr.write(`error: ${error.message} (${error.code})\n`);
    // The archive itself could not be opened: say where it is and the ways out.
    const advice = !services && !offline ? archiveAdvice(error.code, archiveDir) : '';
    if (advice) process.stderr.write(`${advice}\n`);
    return 1;
  } finally {
    await services?.dispose();
  }
}

/** export --deidentify and its two options; the options alone are a usage error. */
function deidOptions(values: { deidentify?: boolean; 'shift-dates'?: boolean; placeholders?: boolean }): ExportDeidOptions | undefined {
  if (!values.deidentify) {
    if (values['shift-dates'] || values.placeholders) throw new UsageError('--shift-dates and --placeholders go with export --deidentify');
    return undefined;
  }
  return exportDeidOptionsSchema.parse({ surrogates: !values.placeholders, shiftDates: values['shift-dates'] });
}

function parseBatch(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const id = Number(raw);
  if (!Number.isInteger(id) || id <= 0) throw new UsageError(`--batch needs a batch id, not "${raw}"`);
  return id;
}

process.exitCode = await main(process.argv.slice(2));
