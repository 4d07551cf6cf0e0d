// The engine's own JSON grammar writer: which schemas it takes, and what it leaves to
// node-llama-cpp. Whether llama.cpp accepts and follows its grammars is tested against the real
// engine in tests/integration/llm-engine.test.ts.
import { describe, expect, it } from 'vitest';
import { jsonSchemaToGbnf } from '../../electron/main/services/llm/json-grammar';

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
});
