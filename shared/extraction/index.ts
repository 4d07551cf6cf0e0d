// Field extraction, the pure part: templates and their validation, the model's output
// schema, value normalization and grounding checks. Shared: no Node, no DOM.
export * from './templates';
export * from './output-schema';
export * from './normalize';
export * from './verify';
export { fold, foldWithMap, tokenize, isContentToken, STOP_WORDS, type FoldedText, type Token } from './text';
