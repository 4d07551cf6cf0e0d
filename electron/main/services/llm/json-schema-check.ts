// Checks a value against the JSON-schema subset the pipelines send (the one json-grammar.ts
// writes grammars for). The local engine's grammar makes a breach impossible; a server may
// ignore or only loosely apply a schema, so its answers are checked before a run uses them.
// Returns the first breach as a path and reason, or null. Pure.
type Schema = Readonly<Record<string, unknown>>;

export function schemaBreach(value: unknown, schema: Schema, at = '$'): string | null {
  if ('const' in schema) return JSON.stringify(value) === JSON.stringify(schema['const']) ? null : `${at}: not the constant`;
  if ('enum' in schema) {
    const allowed = (schema['enum'] as readonly unknown[]).map((v) => JSON.stringify(v));
    return allowed.includes(JSON.stringify(value)) ? null : `${at}: not one of the allowed values`;
  }
  if ('oneOf' in schema) {
    const options = schema['oneOf'] as readonly Schema[];
    return options.some((s) => schemaBreach(value, s, at) === null) ? null : `${at}: matches none of the alternatives`;
  }
  const type = schema['type'];
  if (type === undefined) return null;
  const types = Array.isArray(type) ? (type as readonly string[]) : [type as string];
  const reasons = types.map((t) => breachOfType(value, t, schema, at));
  return reasons.includes(null) ? null : (reasons[0] ?? `${at}: no type`);
}

function breachOfType(value: unknown, type: string, schema: Schema, at: string): string | null {
  switch (type) {
    case 'null':
      return value === null ? null : `${at}: not null`;
    case 'boolean':
      return typeof value === 'boolean' ? null : `${at}: not a boolean`;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? null : `${at}: not a number`;
    case 'integer':
      return Number.isInteger(value) ? null : `${at}: not an integer`;
    case 'string': {
      if (typeof value !== 'string') return `${at}: not a string`;
      const length = [...value].length;
      if (typeof schema['minLength'] === 'number' && length < schema['minLength']) return `${at}: shorter than ${schema['minLength']}`;
      if (typeof schema['maxLength'] === 'number' && length > schema['maxLength']) return `${at}: longer than ${schema['maxLength']}`;
      return null;
    }
    case 'array': {
      if (!Array.isArray(value)) return `${at}: not an array`;
      if (typeof schema['minItems'] === 'number' && value.length < schema['minItems']) return `${at}: fewer than ${schema['minItems']} items`;
      if (typeof schema['maxItems'] === 'number' && value.length > schema['maxItems']) return `${at}: more than ${schema['maxItems']} items`;
      const items = schema['items'] as Schema | undefined;
      if (!items) return null;
      for (const [i, item] of value.entries()) {
        const breach = schemaBreach(item, items, `${at}[${i}]`);
        if (breach) return breach;
      }
      return null;
    }
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return `${at}: not an object`;
      const record = value as Record<string, unknown>;
      const properties = (schema['properties'] ?? {}) as Record<string, Schema>;
      for (const key of (schema['required'] ?? []) as readonly string[]) {
        if (!Object.hasOwn(record, key)) return `${at}.${key}: missing`;
      }
      for (const [key, item] of Object.entries(record)) {
        const sub = properties[key];
        if (!sub) {
          if (schema['additionalProperties'] === false) return `${at}.${key}: not allowed`;
          continue;
        }
        const breach = schemaBreach(item, sub, `${at}.${key}`);
        if (breach) return breach;
      }
      return null;
    }
    default:
      return null;
  }
}
