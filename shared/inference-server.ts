// The shared inference server: a team's llama-server, vLLM or Ollama that runs the model instead
// of this machine. Off by default; when on, every document a run reads is sent to that one host,
// and the app says so in its header and on every run. Spread into `calls` in contract.ts.
// Shared: no Node, no DOM.
import { z } from 'zod';

export const SERVER_TYPES = ['llama-server', 'vllm', 'ollama'] as const;
export const serverTypeSchema = z.enum(SERVER_TYPES);
export type ServerType = z.infer<typeof serverTypeSchema>;

/** http(s)://host[:port][/path]: no user info (no @ before the path), no query, no fragment. */
const SERVER_URL = /^https?:\/\/(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?(\/[^\s?#@]*)?$/;

/**
 * The server's base URL as the user typed it: http(s), a host, an optional port and path; no
 * user name, password, query or fragment (a key goes in `apiKey`, never in the URL).
 */
export const serverUrlSchema = z
  .string()
  .trim()
  .min(1)
  .max(2048)
  .regex(SERVER_URL, 'an http(s) URL with a host, without credentials, query or fragment');

export const inferenceServerSettingsSchema = z.object({
  enabled: z.boolean(),
  type: serverTypeSchema,
  /** '' while not set; required (with `model`) to turn the server on. */
  url: z.union([z.literal(''), serverUrlSchema]),
  /** The model name the server knows it by ('' lets llama-server use its only model). */
  model: z.string().trim().max(256),
  /** Model calls the server runs at once (its parallel slots); the job queue runs this many. */
  slots: z.number().int().min(1).max(64),
});
export type InferenceServerSettings = z.infer<typeof inferenceServerSettingsSchema>;

/** What the screens see: never the key itself, only whether one is set. */
export const inferenceServerViewSchema = inferenceServerSettingsSchema.extend({
  hasApiKey: z.boolean(),
  /** The host documents go to while enabled ("gpu.example.org:8080"), else null. */
  sendsDocumentsTo: z.string().nullable(),
});
export type InferenceServerView = z.infer<typeof inferenceServerViewSchema>;

export const inferenceServerPatchSchema = inferenceServerSettingsSchema.partial().extend({
  /** A new key; '' removes it. Omitted: unchanged. */
  apiKey: z.string().max(4096).optional(),
});
export type InferenceServerPatch = z.input<typeof inferenceServerPatchSchema>;

export const DEFAULT_INFERENCE_SERVER: InferenceServerSettings = { enabled: false, type: 'llama-server', url: '', model: '', slots: 2 };

/** "host:port" of a server URL, as shown to the user. */
export function serverHost(url: string): string {
  return /^[a-z]+:\/\/([^/?#]+)/i.exec(url)?.[1] ?? url;
}

function call<Req extends z.ZodType, Res extends z.ZodType>(request: Req, response: Res) {
  return { request, response } as const;
}

export const inferenceServerCalls = {
  'server:getSettings': call(z.object({}), inferenceServerViewSchema),
  /** Takes effect for runs that start after it; runs in progress finish where they are. */
  'server:setSettings': call(inferenceServerPatchSchema, inferenceServerViewSchema),
} as const;
