// The first run: whether the welcome was seen or skipped, the one model recommended for this
// computer with its expected speed, and the sample documents shipped with the app.
// Spread into `calls` and `events` in contract.ts. Shared: no Node, no DOM.
import { z } from 'zod';
import { documentSchema, domainSchema } from './domain';
import { catalogItemSchema } from './models';

/** 'new': never finished nor skipped; the welcome opens by itself on an empty archive. */
export const WELCOME_STATUSES = ['new', 'seen', 'skipped'] as const;
export const welcomeStatusSchema = z.enum(WELCOME_STATUSES);
export type WelcomeStatus = z.infer<typeof welcomeStatusSchema>;

export const welcomeStateSchema = z.object({
  status: welcomeStatusSchema,
  /** The welcome opens by itself: never seen nor skipped, and the archive holds no document yet. */
  showOnStart: z.boolean(),
  /** The OS store that wraps the archive key (e.g. 'gnome_libsecret', 'macos-keychain'); null when none does. */
  keychainBackend: z.string().nullable(),
});
export type WelcomeState = z.infer<typeof welcomeStateSchema>;

/** Where an expected speed comes from. */
export const SPEED_BASES = [
  /** Runs of this very model on this computer. */
  'measured',
  /** Runs of another model on this computer, scaled by the ratio of their sizes. */
  'scaled',
  /** No run yet: from the catalog's size and this computer's cores (a rough estimate). */
  'estimate',
] as const;
export const speedBasisSchema = z.enum(SPEED_BASES);

export const speedSchema = z.object({
  /** Pages the model reads per minute (prompt processing), rounded. */
  pagesPerMinute: z.number().nonnegative(),
  promptTokensPerSecond: z.number().nonnegative(),
  /** Prompt tokens per page: measured from this archive's runs, or a typical figure. */
  tokensPerPage: z.number().positive(),
  basis: speedBasisSchema,
  /** One sentence saying how the figure was found. */
  detail: z.string(),
});
export type Speed = z.infer<typeof speedSchema>;

export const recommendationSchema = z.object({
  /** The one catalog entry to offer (downloadable by id); null when none fits this computer. */
  item: catalogItemSchema.nullable(),
  speed: speedSchema.nullable(),
  /** Why this one: the hardware's reasoning in a sentence. */
  reason: z.string(),
  /** This computer's RAM, beside the item's own `ramBytes`. */
  totalRamBytes: z.number().nonnegative(),
});
export type Recommendation = z.infer<typeof recommendationSchema>;

export const SAMPLE_IDS = ['services-agreement', 'clinical-note'] as const;
export const sampleIdSchema = z.enum(SAMPLE_IDS);
export type SampleId = z.infer<typeof sampleIdSchema>;

export interface SampleDocument {
  readonly id: SampleId;
  readonly title: string;
  readonly fileName: string;
  readonly domain: z.infer<typeof domainSchema>;
  /** The built-in template the extraction try-out uses (resources/templates). */
  readonly template: string;
  readonly description: string;
}

/** Written by the team for the app (scripts/make-sample-pdfs.mjs): no real party, no real patient. */
export const SAMPLE_DOCUMENTS: readonly SampleDocument[] = [
  {
    id: 'services-agreement',
    title: 'Sample services agreement',
    fileName: 'sample-services-agreement.pdf',
    domain: 'legal',
    template: 'contract',
    description: 'A two-page consulting agreement between two made-up companies: parties, term, fees, notice and termination.',
  },
  {
    id: 'clinical-note',
    title: 'Sample clinical note',
    fileName: 'sample-clinical-note.pdf',
    domain: 'medical',
    template: 'clinical-record',
    description: 'A one-page clinic visit note for a fictional patient: history, medications, allergies, results and plan.',
  },
];

function call<Req extends z.ZodType, Res extends z.ZodType>(request: Req, response: Res) {
  return { request, response } as const;
}

export const welcomeCalls = {
  'welcome:state': call(z.object({}), welcomeStateSchema),
  /** Finished ('seen') or skipped: either way it no longer opens by itself (Help reopens it). */
  'welcome:setStatus': call(z.object({ status: welcomeStatusSchema.exclude(['new']) }), welcomeStateSchema),
  /** The one model to offer this computer, with its expected reading speed. */
  'welcome:recommendation': call(z.object({}), recommendationSchema),
  /** Imports a sample shipped with the app, by id (a duplicate answers with the document already there). */
  'welcome:importSample': call(z.object({ sample: sampleIdSchema }), z.object({ document: documentSchema, duplicate: z.boolean() })),
} as const;

export const welcomeEvents = {
  /** Help > Welcome in the desktop app's menu: the page opens the welcome. */
  'welcome:open': z.object({}),
} as const;
