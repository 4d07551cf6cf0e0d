// The GGUF fuzzer's child: a stand-in for the main process. Each message names a mutated model
// file, read through the same call the app makes (gguf-info.ts: the header in a worker thread
// under a heap and a time limit). Answers with the outcome; a crash or a hang of this process
// is what the fuzzer looks for.
import { EngineError } from '../../electron/main/services/llm/engine-error';
import { inspectModelFile } from '../../electron/main/services/llm/gguf-info';

export type ToGgufChild = { type: 'inspect'; id: number; file: string } | { type: 'exit' };
export type FromGgufChild =
  | { type: 'ready'; pid: number }
  | { type: 'done'; id: number; code: string; message: string | null; ms: number; rssBytes: number }
  | { type: 'crash'; message: string };

const send = (msg: FromGgufChild) => process.send?.(msg);

function die(err: unknown): void {
  send({ type: 'crash', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  setTimeout(() => process.exit(70), 50);
}
process.on('uncaughtException', die);
process.on('unhandledRejection', die);

process.on('message', (msg: ToGgufChild) => {
  if (msg.type === 'exit') process.exit(0);
  const started = performance.now();
  void inspectModelFile(msg.file).then(
    () => ({ code: 'ok', message: null }),
    (err: unknown) => (err instanceof EngineError ? { code: err.code, message: err.message } : { code: 'thrown', message: String(err) }),
  ).then(({ code, message }) =>
    send({ type: 'done', id: msg.id, code, message, ms: Math.round(performance.now() - started), rssBytes: process.memoryUsage().rss }),
  );
});

send({ type: 'ready', pid: process.pid });
