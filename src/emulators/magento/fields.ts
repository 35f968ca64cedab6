// The `fields` query parameter: `items[entity_id,increment_id,billing_address[city]],total_count` keeps only those
// keys, at any depth; arrays are trimmed element by element.

export type FieldTree = Map<string, FieldTree | null>;

export function parseFields(spec: string): FieldTree {
  let pos = 0;
  const parseList = (): FieldTree => {
    const tree: FieldTree = new Map();
    while (pos < spec.length) {
      let name = '';
      while (pos < spec.length && !',[]'.includes(spec[pos] as string)) name += spec[pos++];
      name = name.trim();
      let sub: FieldTree | null = null;
      if (spec[pos] === '[') {
        pos++;
        sub = parseList();
        if (spec[pos] === ']') pos++;
      }
      if (name !== '') tree.set(name, sub);
      if (spec[pos] === ',') {
        pos++;
        continue;
      }
      if (spec[pos] === ']') return tree;
    }
    return tree;
  };
  return parseList();
}

export function applyFields(value: unknown, tree: FieldTree): unknown {
  if (Array.isArray(value)) return value.map((v) => applyFields(v, tree));
  if (typeof value !== 'object' || value === null) return value;
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [name, sub] of tree) {
    if (!(name in source)) continue;
    out[name] = sub === null ? source[name] : applyFields(source[name], sub);
  }
  return out;
}
