// De-identification (HIPAA Safe Harbor, 45 CFR 164.514(b)(2)) for text leaving the archive.
// Shared: no Node, no DOM.
export { detectPhi, detectPhiInPages } from './detect';
export { deidentify, parseFullDate, randomDateShift, SurrogateBook, type DeidOptions, type DeidResult } from './redact';
export { RESTRICTED_ZIP3, safeZip } from './zip3';
export { MAX_DEID_CHARS, PHI_TYPES, UNSTRUCTURED_TYPES, type KnownIdentifiers, type PhiSource, type PhiSpan, type PhiType } from './types';
