// Summary profiles: the sections each asks for, the prompts, and the JSON schema that constrains
// the answer (page citations as an enum of the pages given in the pass). Bump PROMPT_VERSION on
// any change to prompts or schemas: runs store it, so old results stay explainable. Pure.
import type { DocumentDomain } from '../../../../shared/domain';
import type { SummaryProfile } from '../../../../shared/summaries';
import type { ChatMessage } from '../llm/engine-protocol';

export const PROMPT_VERSION = 'summary-1';

export interface SectionSpec {
  readonly key: string;
  readonly title: string;
  /** What belongs in the section, for the instruction. */
  readonly hint: string;
}

export interface ProfileSpec {
  readonly id: SummaryProfile;
  readonly subject: string;
  readonly sections: readonly SectionSpec[];
}

export const PROFILES: Readonly<Record<SummaryProfile, ProfileSpec>> = {
  clinical: {
    id: 'clinical',
    subject: 'medical record',
    sections: [
      { key: 'problems', title: 'Problems and diagnoses', hint: 'conditions and diagnoses, active or past, with dates when given' },
      { key: 'medications', title: 'Medications', hint: 'drug, dose, route and frequency; note changes and stops' },
      { key: 'allergies', title: 'Allergies', hint: 'allergen and reaction; say so if the record states no known allergies' },
      { key: 'findings', title: 'Key findings', hint: 'abnormal results, vital signs, imaging and examination findings' },
      { key: 'procedures', title: 'Procedures', hint: 'operations, interventions and tests performed, with dates' },
      { key: 'plan', title: 'Plan and follow-up', hint: 'treatment plan, referrals, follow-up appointments and pending results' },
    ],
  },
  legal: {
    id: 'legal',
    subject: 'legal document',
    sections: [
      { key: 'parties', title: 'Parties', hint: 'who the parties are and their roles' },
      { key: 'purpose', title: 'Purpose', hint: 'what the document is for and its scope' },
      { key: 'obligations', title: 'Key obligations', hint: 'who must do what' },
      { key: 'dates', title: 'Dates and deadlines', hint: 'effective date, term, notice periods and deadlines' },
      { key: 'money', title: 'Money', hint: 'fees, prices, payment terms, penalties and caps' },
      { key: 'termination', title: 'Termination', hint: 'how and when it can end, and what follows' },
      { key: 'risks', title: 'Risks', hint: 'liabilities, indemnities, unusual or one-sided terms' },
    ],
  },
  general: {
    id: 'general',
    subject: 'document',
    sections: [
      { key: 'main_points', title: 'Main points', hint: 'what the document says, most important first' },
      { key: 'people', title: 'People and organizations', hint: 'who is involved and in what role' },
      { key: 'dates', title: 'Dates', hint: 'dates and deadlines and what happens on them' },
      { key: 'numbers', title: 'Numbers and amounts', hint: 'figures, amounts and quantities that matter' },
      { key: 'actions', title: 'Actions and next steps', hint: 'what is asked of the reader or someone else' },
    ],
  },
};

export function defaultProfileFor(domain: DocumentDomain): SummaryProfile {
  switch (domain) {
    case 'medical':
      return 'clinical';
    case 'legal':
      return 'legal';
    case 'other':
      return 'general';
    default:
      return domain satisfies never;
  }
}

// Shared by every profile and pass, so the rendered prompt up to the end of the document is
// byte-identical across reruns and the engine reuses its KV cache for it.
export const SYSTEM_PROMPT =
  'You summarize documents accurately and concisely for a professional reader. ' +
  'Use only what the given text says; never guess or add outside knowledge. ' +
  'Every statement cites the page numbers it rests on, taken from the [Page N] markers.';

export type PassKind = 'single' | 'map' | 'reduce';

function sectionList(profile: ProfileSpec): string {
  return profile.sections.map((s) => `- ${s.key} (${s.title}): ${s.hint}`).join('\n');
}

export function instructionFor(profileId: SummaryProfile, kind: PassKind): string {
  const profile = PROFILES[profileId];
  const sections = sectionList(profile);
  switch (kind) {
    case 'single':
      return (
        `Summarize the ${profile.subject} above as JSON with these sections:\n${sections}\n` +
        'Each section is a list of short, factual bullet points; leave a section empty when the text has nothing for it. ' +
        'Give each bullet the page numbers it comes from.'
      );
    case 'map':
      return (
        `The text above is one part of a longer ${profile.subject}. Note what it says for these sections, as JSON:\n${sections}\n` +
        'Short, factual bullet points with the page numbers they come from; leave a section empty when this part has nothing for it.'
      );
    case 'reduce':
      return (
        `The notes above were taken from consecutive parts of one ${profile.subject}; each cites its pages. ` +
        `Merge them into one summary as JSON with these sections:\n${sections}\n` +
        'Combine notes that say the same thing, keep every important fact, drop repetition, and cite the pages of the notes each bullet rests on.'
      );
    default:
      return kind satisfies never;
  }
}

/** The document first and the question last, so everything shared is a prefix. */
export function buildMessages(documentText: string, instruction: string): ChatMessage[] {
  return [
    { role: 'system', content: SYSTEM_PROMPT },
    { role: 'user', content: `${documentText}\n\n${instruction}` },
  ];
}

export interface SchemaLimits {
  readonly maxBullets: number;
  readonly maxChars: number;
  readonly maxPagesPerBullet: number;
}

/**
 * The answer's shape: every section a bounded list of bullets, each citing at least one page
 * out of exactly `pages`. Bounded sizes make even a random-weight model finish the JSON.
 */
export function buildSummarySchema(
  profileId: SummaryProfile,
  pages: readonly number[],
  limits: SchemaLimits,
): Record<string, unknown> {
  if (pages.length === 0) throw new RangeError('A summary pass needs at least one page to cite.');
  const bullet = {
    type: 'object',
    properties: {
      text: { type: 'string', minLength: 1, maxLength: limits.maxChars },
      pages: {
        type: 'array',
        items: { enum: [...pages] },
        minItems: 1,
        maxItems: Math.max(1, Math.min(limits.maxPagesPerBullet, pages.length)),
      },
    },
    required: ['text', 'pages'],
  };
  const keys = PROFILES[profileId].sections.map((s) => s.key);
  return {
    type: 'object',
    properties: Object.fromEntries(keys.map((k) => [k, { type: 'array', items: bullet, maxItems: limits.maxBullets }])),
    required: keys,
  };
}
