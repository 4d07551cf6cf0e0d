// Guesses whether a document is medical, legal or neither from cue words in its first
// pages. A cheap default the user can override; later pipelines pick profiles from it.
import type { DocumentDomain } from '../../../../shared/domain';
import type { Archive } from '../archive/archive';

/** Text read for the guess: the first pages say what a document is; the rest adds nothing. */
export const DOMAIN_SAMPLE_CHARS = 20_000;

const CUES: Record<Exclude<DocumentDomain, 'other'>, RegExp> = {
  medical:
    /\b(patients?|diagnos[ie]s|medications?|allerg(y|ies)|mg|dosage|clinical|hospital|physician|discharge|symptoms?|prescri(bed|ption)|blood pressure|mri|ct scan|radiology|pathology|laborator(y|ies)|vital signs|history of present illness|chief complaint|surgery|surgical|treatment|nurse|procedures?|anesthesia|incision|pre-?operative|post-?operative|lymph|carcinoma|tumou?r|biopsy|dose|tablets?|therapy)\b/gi,
  legal:
    /\b(agreement|hereby|hereinafter|herein|whereas|parties|party|governing law|indemnif(y|ication)|terminat(e|ion)|breach|liabilit(y|ies)|warrant(y|ies)|covenants?|jurisdiction|shall|contract(or)?|licen[cs]e[ed]?|confidential(ity)?|court|plaintiff|defendant|tenancy|landlord|tenant|employer|employee)\b/gi,
};

/** Enough cue words per thousand characters to call it; below that, "other". */
const MIN_DENSITY = 2;

export function guessDomain(text: string): DocumentDomain {
  if (text.length === 0) return 'other';
  const score = (re: RegExp) => ((text.match(re)?.length ?? 0) * 1000) / text.length;
  const medical = score(CUES.medical);
  const legal = score(CUES.legal);
  const best = medical > legal ? 'medical' : 'legal';
  return Math.max(medical, legal) >= MIN_DENSITY ? best : 'other';
}

/**
 * Guesses again from the stored text: a scan has none at import, so it is "other" until OCR has
 * read it. A domain the user chose by hand stays. True when the domain changed.
 */
export function refreshDomainGuess(archive: Pick<Archive, 'iteratePages' | 'setGuessedDomain'>, documentId: number): boolean {
  return archive.setGuessedDomain(documentId, guessDomain(sampleText(archive.iteratePages(documentId))));
}

/** The stored pages' text up to the sample size (stops reading once it has enough). */
export function sampleText(pages: Iterable<{ readonly text: string }>): string {
  let sample = '';
  for (const page of pages) {
    if (sample.length >= DOMAIN_SAMPLE_CHARS) break;
    sample += `${page.text}\n`;
  }
  return sample;
}
