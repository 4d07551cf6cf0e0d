// The engine's own JSON grammar writer: which schemas it takes, and what it leaves to
// node-llama-cpp. Whether llama.cpp accepts and follows its grammars is tested against the real
// engine in tests/integration/llm-engine.test.ts.
import { describe, expect, it } from 'vitest';
import { forcedPrefixGrammar, jsonSchemaToGbnf } from '../../electron/main/services/llm/json-grammar';

describe('json grammar', () => {
  it('writes objects with every property in order, without whitespace, and nothing after the closing brace', () => {
    const gbnf = jsonSchemaToGbnf({
      type: 'object',
      properties: { a: { type: 'integer' }, b: { enum: ['x"y', 'x\\z'] } },
      required: ['a', 'b'],
      additionalProperties: false,
    })!;
    const root = gbnf.split('\n')[0]!;
    expect(root).toBe('root ::= "{\\"a\\":" r0 ",\\"b\\":" r1 "}"');
    // The values' JSON ("x\"y" and "x\\z") share the prefix `"x\`, written once; quotes and backslashes escaped.
    expect(gbnf).toContain('r1 ::= "\\"x\\\\" ("\\"y\\"" | "\\\\z\\"")');
  });

  it('factors an enum of evidence ids into a prefix tree', () => {
    const gbnf = jsonSchemaToGbnf({ enum: ['L1', 'L2', 'L10', 'L11'] })!;
    expect(gbnf).toBe('root ::= "\\"L" ("1" ("\\"" | "0\\"" | "1\\"") | "2\\"")');
  });

  it('leaves what it does not write to node-llama-cpp', () => {
    expect(jsonSchemaToGbnf({ type: 'object', properties: { a: { type: 'string' } } })).toBeNull(); // optional property
    expect(jsonSchemaToGbnf({ type: 'string', pattern: '^[a-z]+$' })).toBeNull();
    expect(jsonSchemaToGbnf({ type: 'object', properties: {}, required: [], additionalProperties: true })).toBeNull();
  });

  describe('the forced start of every answer', () => {
    it('is taken out of an object, down to the first value the model chooses', () => {
      const split = forcedPrefixGrammar({
        type: 'object',
        properties: {
          due: {
            type: 'object',
            properties: { evidence: { type: 'array', items: { enum: ['L1', 'L2'] }, minItems: 1, maxItems: 2 }, value: { type: 'string', maxLength: 5 } },
            required: ['evidence', 'value'],
            additionalProperties: false,
          },
        },
        required: ['due'],
        additionalProperties: false,
      })!;
      expect(split.prefix).toBe('{"due":{"evidence":["L');
      // What is left: the rest of the first id, more ids, the value, and both closing braces.
      expect(split.gbnf.split('\n')[0]).toBe('root ::= r2 ("," r1){0,1} "]" ",\\"value\\":" r0 "}" "}"');
      expect(split.gbnf).toContain('r2 ::= ("1\\"" | "2\\"")');
      expect(split.gbnf).toContain('r1 ::= "\\"L" ("1\\"" | "2\\"")');
    });

    it('goes through properties whose values are fixed', () => {
      const split = forcedPrefixGrammar({
        type: 'object',
        properties: { kind: { const: 'date' }, value: { type: 'string' } },
        required: ['kind', 'value'],
        additionalProperties: false,
      })!;
      expect(split.prefix).toBe('{"kind":"date","value":"');
      expect(split.gbnf.split('\n')[0]).toBe('root ::= string-char* "\\"" "}"');
    });

    it('keeps a choice that follows the forced start whole', () => {
      // Written inline, "a | b" then "}" would read as a | (b "}"): an answer without its brace.
      const split = forcedPrefixGrammar({
        type: 'object',
        properties: { rent: { oneOf: [{ type: 'null' }, { type: 'integer' }] } },
        required: ['rent'],
        additionalProperties: false,
      })!;
      expect(split.prefix).toBe('{"rent":');
      expect(split.gbnf.split('\n')[0]).toBe('root ::= r2 "}"');
      expect(split.gbnf).toContain('r2 ::= r0 | r1');
    });

    it('stops where the answer may begin in more than one way', () => {
      // An optional list may open with "]" or an item; a number with a digit or a sign.
      expect(forcedPrefixGrammar({ type: 'object', properties: { n: { type: 'number' } }, required: ['n'], additionalProperties: false })?.prefix).toBe('{"n":');
      expect(forcedPrefixGrammar({ type: 'array', items: { type: 'integer' } })).toBeNull();
      expect(forcedPrefixGrammar({ type: 'number' })).toBeNull();
    });

    it('leaves whole answers, and schemas outside the subset, alone', () => {
      expect(forcedPrefixGrammar({ const: 'x' })).toBeNull();
      expect(forcedPrefixGrammar({ enum: ['only'] })).toBeNull();
      expect(forcedPrefixGrammar({ type: 'string', pattern: '^[a-z]+$' })).toBeNull();
      expect(forcedPrefixGrammar({ type: 'object', properties: { a: { type: 'string' } } })).toBeNull();
    });
  });
});
