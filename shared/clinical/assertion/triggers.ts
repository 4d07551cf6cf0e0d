// The ConText trigger lexicon (Chapman et al. 2001 NegEx, Harkema et al. 2009 ConText),
// written for this project from the published trigger categories and the phrasing of the
// corpus's medical records. A trigger is matched on lower-cased word tokens, longest first.
// Shared data: no Node, no DOM.

/** The assertion a finding gets; `affirmed` is the default when nothing modifies it. */
export const ASSERTION_LABELS = ['affirmed', 'negated', 'possible', 'hypothetical', 'historical', 'family'] as const;
export type AssertionLabel = (typeof ASSERTION_LABELS)[number];
export type ModifierCategory = Exclude<AssertionLabel, 'affirmed'>;

/**
 * forward: modifies what follows ("no fever"); backward: what precedes ("PE ruled out");
 * bidirectional: either side ("diabetes in mother", "mother: diabetes"); terminate: ends a
 * scope ("but"); pseudo: looks like a trigger and is none ("no increase", "gram negative").
 */
export const DIRECTIONS = ['forward', 'backward', 'bidirectional', 'terminate', 'pseudo'] as const;
export type Direction = (typeof DIRECTIONS)[number];

export interface Trigger {
  readonly phrase: string;
  readonly direction: Direction;
  /** What it asserts (forward, backward, bidirectional), or which scopes it ends (terminate; all when absent). */
  readonly category?: ModifierCategory;
  readonly ends?: readonly ModifierCategory[];
}

const group = (category: ModifierCategory, direction: Direction, phrases: readonly string[]): Trigger[] =>
  phrases.map((phrase) => ({ phrase, direction, category }));

const NEGATED: Trigger[] = [
  ...group('negated', 'forward', [
    'no', 'not', 'nor', 'neither', 'without', 'denies', 'denied', 'denying', 'deny', 'negative for', 'free of',
    'absence of', 'absent', 'no evidence of', 'no evidence for', 'no sign of', 'no signs of', 'no symptoms of',
    'no findings of', 'no history of', 'no hx of', 'no complaints of', 'no known', 'never had', 'never',
    'rules out', 'ruled out', 'has ruled out', 'unremarkable for', 'not demonstrate', 'did not show', 'does not show',
    'fails to reveal', 'failed to reveal', 'not have', 'did not have', 'does not have', 'no new', 'resolution of',
    'non', 'negative', 'not see', 'no longer', 'nka', 'nkda', 'none', 'without any', 'without evidence of', 'ruling out',
    'is negative for', 'was negative for', 'are negative for', 'were negative for', 'not consistent with',
    'not compatible with', 'not suggestive of', 'not experiencing', 'not feel', 'not report', 'not reporting', 'no suspicion of', 'no further evidence of',
  ]),
  ...group('negated', 'backward', [
    'was ruled out', 'is ruled out', 'are ruled out', 'were ruled out', 'has been ruled out', 'have been ruled out',
    'been ruled out', 'ruled out', 'is negative', 'was negative', 'were negative', 'are negative', 'negative',
    'not seen', 'not present', 'not appreciated', 'not identified', 'not noted', 'not found', 'not detected',
    'not visualized', 'is absent', 'was absent', 'are absent', 'absent', 'unlikely', 'is excluded', 'was excluded',
    'denied', 'none',
  ]),
];

const POSSIBLE: Trigger[] = [
  ...group('possible', 'forward', [
    'rule out', 'r/o', 'to rule out', 'cannot rule out', 'can not rule out', 'cannot exclude', 'can not exclude',
    'not ruled out', 'not excluded', 'possible', 'possibly', 'probable', 'probably', 'likely', 'suspect', 'suspected',
    'suspicious for', 'suspicion of', 'concern for', 'concerning for', 'question of', 'questionable', 'query', 'may be', 'whether', 'unclear if', 'unclear whether', 'consider',
    'may have', 'might be', 'might have', 'could be', 'could have', 'evaluate for', 'evaluation for', 'worrisome for',
    'consistent with possible', 'differential diagnosis', 'differential includes', 'presumed',
    'presumptive', 'rule out for', 'be ruled out for', 'not certain', 'uncertain', 'in keeping with possible',
    'compatible with', 'suggestive of', 'suggests', 'suggesting', 'equivocal', 'borderline', 'impending',
    'cannot be excluded', 'cannot be ruled out', 'workup for', 'work up for', 'likely represents', 'may represent',
  ]),
  ...group('possible', 'backward', [
    'is possible', 'is suspected', 'is likely', 'is probable', 'was suspected', 'cannot be excluded',
    'cannot be ruled out', 'can not be excluded', 'not excluded', 'not ruled out', 'is not excluded',
    'is not ruled out', 'is questionable', 'is uncertain', 'suspected', 'possible', 'likely', 'questionable',
  ]),
  ...group('possible', 'bidirectional', ['versus', 'vs', 'or possibly']),
];

const HYPOTHETICAL: Trigger[] = [
  ...group('hypothetical', 'forward', [
    'if', 'in case of', 'in the event of', 'should he develop', 'should she develop', 'should the patient develop',
    'should he have', 'should she have', 'should there be', 'return for', 'return if', 'return with', 'call for',
    'call if', 'watch for', 'monitor for', 'look out for', 'prevent', 'to prevent', 'prevention of', 'prophylaxis for',
    'prophylaxis against', 'risk of', 'at risk for', 'risk for', 'as needed for', 'prn for', 'in order to avoid',
    'to avoid', 'avoid', 'precautions for', 'warning signs of', 'signs and symptoms of', 'seek care for',
    'come back for', 'come back if', 'would develop', 'may develop', 'could develop', 'might develop', 'to reduce',
    'screening for', 'screen for', 'unless', 'when needed for', 'plan to start', 'consider starting', 'consider adding',
    'will start', 'will begin', 'will be started', 'to start', 'would start', 'would recommend', 'recommend starting',
    'discussed the risks of', 'counseled on', 'education on', 'in the future', 'prn',
  ]),
  ...group('hypothetical', 'backward', ['if needed', 'if necessary', 'as needed', 'prn', 'should it occur', 'if it occurs', 'if present', 'if it recurs', 'if symptoms recur']),
];

const HISTORICAL: Trigger[] = [
  ...group('historical', 'forward', [
    'history of', 'hx of', 'h/o', 'past history of', 'past medical history of', 'pmh of', 'pmh significant for',
    'previous', 'previously', 'prior', 'remote', 'remote history of', 'status post', 's/p', 'post', 'former',
    'formerly', 'childhood', 'as a child', 'in the past', 'known history of', 'longstanding history of',
    'long history of', 'recent history of', 'surgical history of', 'was treated for',
    'was diagnosed with', 'diagnosed in', 'prior episode of', 'prior episodes of', 'history significant for',
    'previous episode of', 'survivor', 'resolved', 'treated for',
  ]),
  ...group('historical', 'backward', [
    'years ago', 'year ago', 'months ago', 'month ago', 'in the past', 'as a child', 'in childhood', 'previously',
    'in remission', 'survivor', 'resolved', 'has resolved', 'which resolved', 'that resolved', 'now resolved', 'in the distant past',
  ]),
];

const FAMILY: Trigger[] = [
  ...group('family', 'bidirectional', [
    'mother', 'father', 'mom', 'dad', 'brother', 'brothers', 'sister', 'sisters', 'sibling', 'siblings', 'parent',
    'parents', 'son', 'sons', 'daughter', 'daughters', 'aunt', 'aunts', 'uncle', 'uncles', 'cousin', 'cousins',
    'grandmother', 'grandfather', 'grandparent', 'grandparents', 'grandma', 'grandpa', 'niece', 'nephew',
    'maternal', 'paternal', 'family history of', 'family history', 'family hx', 'fhx', 'fh', 'family member',
    'family members', 'relative', 'relatives', 'twin', 'husband', 'wife', 'spouse', 'partner', 'child', 'children',
    'mother\'s', 'father\'s', 'sister\'s', 'brother\'s', 'first degree relative', 'first-degree relative',
    'runs in the family', 'in the family',
  ]),
];

// Phrases that contain a trigger but assert nothing: matched first so the trigger inside is consumed.
const PSEUDO: string[] = [
  'no increase', 'no increased', 'no change', 'no significant change', 'no interval change', 'no definite change',
  'no suspicious change', 'not only', 'not necessarily', 'no further', 'not further', 'gram negative', 'gram-negative',
  'without difficulty', 'without complication', 'without complications', 'without incident', 'not cause', 'not extend',
  'not drain', 'not certain whether', 'not been ruled out', 'no doubt', 'not significantly changed',
  'not significantly', 'not rule out', 'not clear', 'no other', 'not interested', 'no acute distress',
  'history of present illness', 'history and physical', 'past medical history', 'past surgical history',
  'social history', 'medical history', 'surgical history', 'family history and', 'history taking',
  'not been able', 'not able', 'if any', 'whether or not', 'no sooner', 'likely due to', 'prior to', 'post op',
  'postoperative', 'post-operative', 'post operative', 'previous to', 'if not', 'not only',
  'mother tongue', 'lives with', 'married with',
  'negative result', 'rh negative', 'coombs negative', 'nothing by mouth',
];

// Ends a modifier's scope: a new clause with its own subject or a turn ("but", "however").
const TERMINATE: Trigger[] = [
  'but', 'however', 'although', 'though', 'yet', 'except', 'except for', 'aside from', 'apart from', 'other than',
  'which', 'who', 'whose', 'presents with', 'presenting with', 'presented with', 'complains of', 'complaining of',
  'secondary to', 'due to', 'because', 'because of', 'cause of', 'caused by', 'source of', 'etiology of',
  'reason for', 'still', 'nevertheless', 'now', 'currently', 'positive for', 'does have', 'did have',
  'reports', 'reported', 'endorses', 'endorsed', 'admits', 'admits to', 'notes', 'shows', 'showed', 'revealed',
  'reveals', 'demonstrates', 'demonstrated', 'significant for', 'remarkable for', 'consistent with', 'found to have',
  'diagnosed with', 'presents', 'presented', 'is on', 'was on', 'takes', 'taking', 'started on', 'continue', 'continues',
  ';',
].map((phrase) => ({ phrase, direction: 'terminate' as const }));

// Terms that end only some scopes: a present-tense verb ends "history of" and a family
// "has" ends a negation ("no fever, has a cough"), the patient ends a relative's scope.
const TERMINATE_SOME: Trigger[] = [
  { phrase: 'has', direction: 'terminate', ends: ['negated', 'possible', 'historical'] },
  { phrase: 'is', direction: 'terminate', ends: ['historical'] },
  { phrase: 'are', direction: 'terminate', ends: ['historical'] },
  { phrase: 'patient', direction: 'terminate', ends: ['family'] },
  { phrase: 'pt', direction: 'terminate', ends: ['family'] },
  { phrase: 'he', direction: 'terminate', ends: ['family'] },
  { phrase: 'she', direction: 'terminate', ends: ['family'] },
];

export const TRIGGERS: readonly Trigger[] = [
  ...NEGATED,
  ...POSSIBLE,
  ...HYPOTHETICAL,
  ...HISTORICAL,
  ...FAMILY,
  ...PSEUDO.map((phrase) => ({ phrase, direction: 'pseudo' as const })),
  ...TERMINATE,
  ...TERMINATE_SOME,
];

/**
 * Most words a modifier reaches from its trigger (NegEx used 5 words; ConText the sentence).
 * Punctuation and filler words (FILLER) are not counted: "denies any nausea, any vomiting,
 * any fevers or any chills" is one list.
 */
export const MAX_SCOPE: Readonly<Record<ModifierCategory, number>> = {
  negated: 12,
  possible: 10,
  hypothetical: 12,
  historical: 8,
  family: 8,
};

export const FILLER: ReadonlySet<string> = new Set(['any', 'a', 'an', 'the', 'or', 'and', 'of', 'for']);
