// A compact GBNF grammar for the JSON schemas the pipelines send (objects with every property
// required and in order, arrays with item bounds, strings with length bounds, numbers, booleans,
// null, enum, const, oneOf, a list of types). Why not node-llama-cpp's own grammar: the time a
// constrained token costs grows with the number of grammar stacks llama.cpp tests every vocabulary
// token against (151,936 of them on Qwen2.5). Its grammar allows optional whitespace and newlines
// everywhere and lists an enum as flat alternatives (120 evidence ids = 120 stacks) and asks for
// four newlines after the closing brace. This one writes JSON without whitespace, factors enums
// into a prefix tree, and ends at the closing brace. Returns null for a schema outside that
// subset, which then gets node-llama-cpp's grammar. Pure: no Node, no node-llama-cpp.

type Schema = Readonly<Record<string, unknown>>;

class Unsupported extends Error {}

const STRING_CHAR = 'string-char';
const RULES_HEAD: Readonly<Record<string, string>> = {
  // JSON string characters: anything but a quote, a backslash or a control character, or an escape.
  [STRING_CHAR]: `[^"\\\\\\x7F\\x00-\\x1F] | "\\\\" ["\\\\/bfnrt] | "\\\\u" [0-9a-fA-F]{4}`,
  integer: `"-"? ("0" | [1-9] [0-9]{0,15})`,
  number: `"-"? ("0" | [1-9] [0-9]{0,15}) ("." [0-9]{1,15})? ([eE] [-+]? [0-9]{1,4})?`,
  boolean: `"true" | "false"`,
  null: `"null"`,
};

/** A GBNF literal for `text`: quotes, backslashes and control characters escaped. */
function literal(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

interface Trie {
  end: boolean;
  readonly next: Map<string, Trie>;
}

/** Alternatives that share a prefix share one path: llama.cpp then tests a few stacks, not one per value. */
function trieOf(texts: readonly string[]): string {
  const root: Trie = { end: false, next: new Map() };
  for (const text of texts) {
    let node = root;
    for (const ch of text) {
      let child = node.next.get(ch);
      if (!child) node.next.set(ch, (child = { end: false, next: new Map() }));
      node = child;
    }
    node.end = true;
  }
  const emit = (node: Trie): string => {
    const branches = [...node.next].map(([ch, child]) => {
      // Runs of single children become one literal.
      let run = ch;
      let at = child;
      while (!at.end && at.next.size === 1) {
        const [c, n] = [...at.next][0]!;
        run += c;
        at = n;
      }
      const rest = at.next.size > 0 ? emit(at) : '';
      return rest ? `${literal(run)} ${rest}` : literal(run);
    });
    if (branches.length === 0) return '';
    const body = branches.length === 1 ? branches[0]! : `(${branches.join(' | ')})`;
    return node.end ? `(${body})?` : body;
  };
  if (root.end) throw new Unsupported('an empty enum value');
  return emit(root);
}

/** The grammar text, or null when the schema uses something this writer does not. */
export function jsonSchemaToGbnf(schema: Schema): string | null {
  return guard(() => {
    const w = writer();
    return w.finish(w.visit(schema));
  });
}

/**
 * The text every answer to `schema` starts with, and the grammar for what follows it; null when
 * nothing is forced or the schema is outside this writer's subset. An object's first key, an
 * array's bracket, an enum's shared start ("L of "L12") are the same in every answer: the engine
 * puts them in the prompt, where they are read in one batch, instead of generating them one
 * token at a time, each tested against the whole vocabulary.
 */
export function forcedPrefixGrammar(schema: Schema): { readonly prefix: string; readonly gbnf: string } | null {
  return guard(() => {
    const forced = forcedOf(schema);
    if (forced.text === '' || forced.complete) return null;
    writer().visit(schema); // the same subset as jsonSchemaToGbnf: unknown keywords are refused here
    const w = writer();
    return { prefix: forced.text, gbnf: w.finish(w.rest(schema, forced)) };
  });
}

function guard<T>(write: () => T): T | null {
  try {
    return write();
  } catch (err) {
    if (err instanceof Unsupported) return null;
    throw err;
  }
}

interface Forced {
  /** What every answer starts with. */
  readonly text: string;
  /** True when that is the whole answer (a const, a one-value enum). */
  readonly complete: boolean;
  /** The forced start of each part this one is made of, for `rest`. */
  readonly parts?: readonly Forced[];
}

function commonPrefix(texts: readonly string[]): string {
  let prefix = texts[0] ?? '';
  for (const t of texts) while (!t.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}

function forcedOf(s: Schema): Forced {
  if (typeof s !== 'object' || s === null) throw new Unsupported('schema');
  if ('const' in s) return { text: JSON.stringify(s['const']), complete: true };
  if ('enum' in s) {
    const values = (s['enum'] as readonly unknown[]).map((v) => JSON.stringify(v));
    return { text: commonPrefix(values), complete: new Set(values).size === 1 };
  }
  if ('oneOf' in s || Array.isArray(s['type'])) return { text: '', complete: false };
  switch (s['type']) {
    case 'string':
      return { text: '"', complete: false };
    case 'array': {
      const min = Number(s['minItems'] ?? 0);
      if (min < 1 || s['maxItems'] === 0) return { text: '', complete: false };
      const item = forcedOf(s['items'] as Schema);
      return { text: `[${item.text}`, complete: false, parts: [item] };
    }
    case 'object': {
      const properties = (s['properties'] ?? {}) as Record<string, Schema>;
      const keys = Object.keys(properties);
      if (keys.length === 0) return { text: '', complete: false };
      let text = '';
      const parts: Forced[] = [];
      for (const [i, key] of keys.entries()) {
        const part = forcedOf(properties[key]!);
        parts.push(part);
        text += `${i === 0 ? '{' : ','}${JSON.stringify(key)}:${part.text}`;
        if (!part.complete) return { text, complete: false, parts };
      }
      return { text: `${text}}`, complete: true, parts };
    }
    default:
      return { text: '', complete: false };
  }
}

function writer() {
  const rules = new Map<string, string>();
  const names = new Map<string, string>();
  const used = new Set<string>();
  const ruleFor = (body: string): string => {
    const known = names.get(body);
    if (known) return known;
    const name = `r${names.size}`;
    names.set(body, name);
    rules.set(name, body);
    return name;
  };
  const base = (name: keyof typeof RULES_HEAD): string => {
    used.add(name);
    return name;
  };

  const typeRule = (type: unknown, s: Schema): string => {
    switch (type) {
      case 'string':
        return `"\\"" ${stringBody(s)}`;
      case 'number':
      case 'integer':
      case 'boolean':
      case 'null':
        return base(type);
      case 'array':
        return arrayRule(s);
      case 'object':
        return objectRule(s);
      default:
        throw new Unsupported(`type ${String(type)}`);
    }
  };

  const arrayRule = (s: Schema): string => {
    const min = Number(s['minItems'] ?? 0);
    const max = s['maxItems'] === undefined ? undefined : Number(s['maxItems']);
    if (!Number.isInteger(min) || (max !== undefined && (!Number.isInteger(max) || max < min))) throw new Unsupported('array bounds');
    if (max === 0) return '"[" "]"';
    const item = ruleFor(visit(s['items'] as Schema));
    const more = max === undefined ? `("," ${item})*` : `("," ${item}){${Math.max(0, min - 1)},${max - 1}}`;
    return min === 0 ? `"[" (${item} ${more})? "]"` : `"[" ${item} ${more} "]"`;
  };

  const objectRule = (s: Schema): string => {
    const properties = (s['properties'] ?? {}) as Record<string, Schema>;
    const keys = Object.keys(properties);
    const required = (s['required'] ?? []) as readonly string[];
    if (keys.some((k) => !required.includes(k)) || required.some((k) => !keys.includes(k))) throw new Unsupported('optional properties');
    if (s['additionalProperties'] !== undefined && s['additionalProperties'] !== false) throw new Unsupported('additional properties');
    if (keys.length === 0) return '"{" "}"';
    const parts = keys.map((k, i) => `${literal(`${i === 0 ? '{' : ','}${JSON.stringify(k)}:`)} ${ruleFor(visit(properties[k]!))}`);
    return `${parts.join(' ')} "}"`;
  };

  const visit = (s: Schema): string => {
    if (typeof s !== 'object' || s === null) throw new Unsupported('schema');
    const known = new Set(['type', 'properties', 'required', 'additionalProperties', 'items', 'minItems', 'maxItems', 'minLength', 'maxLength', 'enum', 'const', 'oneOf', 'description']);
    for (const key of Object.keys(s)) if (!known.has(key)) throw new Unsupported(`keyword ${key}`);
    if ('const' in s) return literal(JSON.stringify(s['const']));
    if ('enum' in s) return trieOf((s['enum'] as readonly unknown[]).map((v) => JSON.stringify(v)));
    if ('oneOf' in s) return (s['oneOf'] as readonly Schema[]).map((x) => ruleFor(visit(x))).join(' | ');
    const type = s['type'];
    if (Array.isArray(type)) return type.map((t) => typeRule(t, s)).join(' | ');
    return typeRule(type, s);
  };

  const stringBody = (s: Schema): string => {
    const min = Number(s['minLength'] ?? 0);
    const max = s['maxLength'] === undefined ? undefined : Number(s['maxLength']);
    if (!Number.isInteger(min) || (max !== undefined && (!Number.isInteger(max) || max < min))) throw new Unsupported('string bounds');
    base(STRING_CHAR);
    const repeat = max === undefined ? (min === 0 ? '*' : `{${min},}`) : `{${min},${max}}`;
    return `${STRING_CHAR}${repeat} "\\""`;
  };

  /** What may follow `forced.text` (from forcedOf(s)) in an answer to `s`. */
  const rest = (s: Schema, forced: Forced): string => {
    if (forced.complete) return '';
    // Named rules, so an alternation is never split by what follows it.
    if ('enum' in s) return ruleFor(trieOf((s['enum'] as readonly unknown[]).map((v) => JSON.stringify(v).slice(forced.text.length))));
    if (forced.text === '') return ruleFor(visit(s));
    switch (s['type']) {
      case 'string':
        return stringBody(s);
      case 'array': {
        const max = s['maxItems'] === undefined ? undefined : Number(s['maxItems']);
        const min = Number(s['minItems']);
        const items = s['items'] as Schema;
        const item = ruleFor(visit(items));
        const more = max === undefined ? `("," ${item})*` : `("," ${item}){${min - 1},${max - 1}}`;
        return [rest(items, forced.parts![0]!), more, '"]"'].filter(Boolean).join(' ');
      }
      case 'object': {
        const properties = (s['properties'] ?? {}) as Record<string, Schema>;
        const keys = Object.keys(properties);
        const at = forced.parts!.length - 1; // the first property whose value is not forced whole
        const tail = keys.slice(at + 1).map((k) => `${literal(`,${JSON.stringify(k)}:`)} ${ruleFor(visit(properties[k]!))}`);
        return [rest(properties[keys[at]!]!, forced.parts![at]!), ...tail, '"}"'].filter(Boolean).join(' ');
      }
      default:
        throw new Unsupported('a forced start of this type');
    }
  };

  const finish = (root: string): string => {
    const lines = [`root ::= ${root}`];
    for (const [name, body] of rules) lines.push(`${name} ::= ${body}`);
    for (const name of used) lines.push(`${name} ::= ${RULES_HEAD[name]}`);
    return lines.join('\n');
  };

  return { visit, rest, finish };
}
