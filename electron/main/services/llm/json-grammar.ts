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
      case 'string': {
        const min = Number(s['minLength'] ?? 0);
        const max = s['maxLength'] === undefined ? undefined : Number(s['maxLength']);
        if (!Number.isInteger(min) || (max !== undefined && (!Number.isInteger(max) || max < min))) throw new Unsupported('string bounds');
        base(STRING_CHAR);
        const repeat = max === undefined ? (min === 0 ? '*' : `{${min},}`) : `{${min},${max}}`;
        return `"\\"" ${STRING_CHAR}${repeat} "\\""`;
      }
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

  try {
    const root = visit(schema);
    const lines = [`root ::= ${root}`];
    for (const [name, body] of rules) lines.push(`${name} ::= ${body}`);
    for (const name of used) lines.push(`${name} ::= ${RULES_HEAD[name]}`);
    return lines.join('\n');
  } catch (err) {
    if (err instanceof Unsupported) return null;
    throw err;
  }
}
