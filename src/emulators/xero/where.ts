/**
 * The subset of Xero's `where` language a connector uses: comparisons (== != > >= < <=) on fields and nested fields
 * (`Contact.ContactID`), string / number / boolean / null literals, `Guid("...")`, `DateTime(2024,01,01[,h,m,s])`,
 * `.Contains(..)`, `.StartsWith(..)`, `.EndsWith(..)`, `.ToLower()`, `.ToUpper()`, `AND`/`OR`/`NOT`, `&&`/`||`/`!`
 * and parentheses. String equality ignores case, as Xero's does. Anything else is a QueryParseException.
 */
export type Value = string | number | boolean | null;
export type View = Record<string, unknown>;

type Node =
  | { kind: 'and' | 'or'; left: Node; right: Node }
  | { kind: 'not'; operand: Node }
  | { kind: 'compare'; op: string; left: Operand; right: Operand }
  | { kind: 'method'; method: string; target: Operand; argument: Operand }
  | { kind: 'truthy'; operand: Operand };

type Operand =
  | { kind: 'field'; path: string[]; transform?: 'lower' | 'upper' }
  | { kind: 'literal'; value: Value };

export class WhereError extends Error {}

interface Token {
  type: 'ident' | 'string' | 'number' | 'op' | 'punct';
  text: string;
}

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input.charAt(i);
    if (/\s/.test(c)) {
      i += 1;
      continue;
    }
    if (c === '"' || c === "'") {
      // Xero's filter is Dynamic LINQ's expression language (its messages come back verbatim: "Character literal must
      // contain exactly one character", waynerobinson/xeroizer#454). A quote inside a literal is written twice; a
      // backslash is an ordinary character, so `"a\"b"` ends at the second quote and the rest is a syntax error, as
      // XeroAPI/Xero-Java#347 records for a contact name with quotes.
      let j = i + 1;
      let text = '';
      for (;;) {
        if (j >= input.length) throw new WhereError('Unterminated string literal');
        const ch = input.charAt(j);
        if (ch === c) {
          if (input.charAt(j + 1) !== c) break;
          j += 1;
        }
        text += ch;
        j += 1;
      }
      if (c === "'" && [...text].length !== 1) throw new WhereError('Character literal must contain exactly one character');
      tokens.push({ type: 'string', text });
      i = j + 1;
      continue;
    }
    const two = input.slice(i, i + 2);
    if (['==', '!=', '>=', '<=', '&&', '||'].includes(two)) {
      tokens.push({ type: 'op', text: two });
      i += 2;
      continue;
    }
    if (c === '>' || c === '<' || c === '!' || c === '=') {
      tokens.push({ type: 'op', text: c === '=' ? '==' : c });
      i += 1;
      continue;
    }
    if ('().,'.includes(c)) {
      tokens.push({ type: 'punct', text: c });
      i += 1;
      continue;
    }
    const num = /^-?\d+(\.\d+)?/.exec(input.slice(i));
    if (num && (c !== '-' || tokens.length === 0 || tokens[tokens.length - 1]?.type === 'op')) {
      tokens.push({ type: 'number', text: num[0] });
      i += num[0].length;
      continue;
    }
    const ident = /^[A-Za-z_][A-Za-z0-9_]*/.exec(input.slice(i));
    if (ident) {
      tokens.push({ type: 'ident', text: ident[0] });
      i += ident[0].length;
      continue;
    }
    throw new WhereError(`Syntax error '${c}'`);
  }
  return tokens;
}

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): Node {
    const node = this.or();
    if (this.i < this.tokens.length) throw new WhereError(`Syntax error '${this.tokens[this.i]?.text ?? ''}'`);
    return node;
  }
  private peek(): Token | undefined {
    return this.tokens[this.i];
  }
  private next(): Token {
    const t = this.tokens[this.i];
    if (!t) throw new WhereError('Expression expected');
    this.i += 1;
    return t;
  }
  private accept(text: string): boolean {
    const t = this.peek();
    if (t && (t.text === text || (t.type === 'ident' && t.text.toUpperCase() === text))) {
      this.i += 1;
      return true;
    }
    return false;
  }
  private expect(text: string): void {
    if (!this.accept(text)) throw new WhereError(`'${text}' expected`);
  }
  private or(): Node {
    let left = this.and();
    while (this.accept('OR') || this.accept('||')) left = { kind: 'or', left, right: this.and() };
    return left;
  }
  private and(): Node {
    let left = this.unary();
    while (this.accept('AND') || this.accept('&&')) left = { kind: 'and', left, right: this.unary() };
    return left;
  }
  private unary(): Node {
    if (this.accept('NOT') || this.accept('!')) return { kind: 'not', operand: this.unary() };
    if (this.accept('(')) {
      const inner = this.or();
      this.expect(')');
      return inner;
    }
    const left = this.operand();
    const t = this.peek();
    if (t?.type === 'op' && ['==', '!=', '>', '>=', '<', '<='].includes(t.text)) {
      this.i += 1;
      return { kind: 'compare', op: t.text, left, right: this.operand() };
    }
    if (left.kind === 'field' && left.path.length > 1) {
      const method = left.path[left.path.length - 1] ?? '';
      if (['Contains', 'StartsWith', 'EndsWith'].includes(method) && this.accept('(')) {
        const argument = this.operand();
        this.expect(')');
        const target: Operand = { kind: 'field', path: left.path.slice(0, -1) };
        if (left.transform) target.transform = left.transform;
        return { kind: 'method', method, target, argument };
      }
    }
    return { kind: 'truthy', operand: left };
  }
  private operand(): Operand {
    const t = this.next();
    if (t.type === 'string') return { kind: 'literal', value: t.text };
    if (t.type === 'number') return { kind: 'literal', value: Number(t.text) };
    if (t.type !== 'ident') throw new WhereError(`Syntax error '${t.text}'`);
    const upper = t.text.toUpperCase();
    if (upper === 'TRUE' || upper === 'FALSE') return { kind: 'literal', value: upper === 'TRUE' };
    if (upper === 'NULL') return { kind: 'literal', value: null };
    if (t.text === 'Guid' && this.accept('(')) {
      const g = this.next();
      this.expect(')');
      if (g.type !== 'string') throw new WhereError('Guid expects a string');
      return { kind: 'literal', value: g.text.toLowerCase() };
    }
    if (t.text === 'DateTime' && this.accept('(')) {
      const parts: number[] = [];
      do {
        const n = this.next();
        if (n.type !== 'number') throw new WhereError('DateTime expects numbers');
        parts.push(Number(n.text));
      } while (this.accept(','));
      this.expect(')');
      const [y = 0, m = 1, d = 1, h = 0, mi = 0, s = 0] = parts;
      return { kind: 'literal', value: Date.UTC(y, m - 1, d, h, mi, s) };
    }
    const path = [t.text];
    while (this.accept('.')) {
      const part = this.next();
      if (part.type !== 'ident') throw new WhereError(`Syntax error '${part.text}'`);
      if ((part.text === 'ToLower' || part.text === 'ToUpper') && this.accept('(')) {
        this.expect(')');
        return { kind: 'field', path, transform: part.text === 'ToLower' ? 'lower' : 'upper' };
      }
      path.push(part.text);
      if (['Contains', 'StartsWith', 'EndsWith'].includes(part.text)) break;
    }
    return { kind: 'field', path };
  }
}

export interface Candidates {
  field: string;
  values: Value[];
}

export interface Where {
  test(view: View): boolean;
  /**
   * Ways to narrow the search before the full predicate decides: each names values one field must equal for a record to
   * match (`F=="a" OR F=="b"`, possibly ANDed with other conditions), so a collection can start from an index.
   */
  candidates: Candidates[];
}

function candidatesOf(node: Node): Candidates[] {
  if (node.kind === 'compare' && node.op === '==' && node.left.kind === 'field' && !node.left.transform && node.right.kind === 'literal') {
    return [{ field: node.left.path.join('.'), values: [node.right.value] }];
  }
  if (node.kind === 'or') {
    const left = candidatesOf(node.left);
    const right = candidatesOf(node.right);
    const l = left.length === 1 ? left[0] : undefined;
    const r = right.length === 1 ? right[0] : undefined;
    if (l && r && l.field === r.field) return [{ field: l.field, values: [...l.values, ...r.values] }];
    return [];
  }
  if (node.kind === 'and') return [...candidatesOf(node.left), ...candidatesOf(node.right)];
  return [];
}

export function parseWhere(text: string, typeName: string, fields: readonly string[]): Where {
  const node = new Parser(tokenize(text)).parse();
  checkFields(node, typeName, new Set(fields));
  return { test: (view) => truthy(evaluate(node, view)), candidates: candidatesOf(node) };
}

function checkFields(node: Node, typeName: string, fields: Set<string>): void {
  const check = (o: Operand) => {
    if (o.kind !== 'field') return;
    const root = o.path[0] ?? '';
    if (!fields.has(root) && !fields.has(o.path.join('.'))) {
      throw new WhereError(`No property or field '${root}' exists in type '${typeName}'`);
    }
  };
  switch (node.kind) {
    case 'and':
    case 'or':
      checkFields(node.left, typeName, fields);
      checkFields(node.right, typeName, fields);
      return;
    case 'not':
      checkFields(node.operand, typeName, fields);
      return;
    case 'compare':
      check(node.left);
      check(node.right);
      return;
    case 'method':
      check(node.target);
      check(node.argument);
      return;
    case 'truthy':
      check(node.operand);
  }
}

function resolve(o: Operand, view: View): Value {
  if (o.kind === 'literal') return o.value;
  let current: unknown = view;
  for (const part of o.path) {
    if (current === null || typeof current !== 'object') return null;
    current = (current as Record<string, unknown>)[part];
  }
  if (current === undefined) return null;
  if (typeof current === 'string' && o.transform) {
    return o.transform === 'lower' ? current.toLowerCase() : current.toUpperCase();
  }
  if (typeof current === 'string' || typeof current === 'number' || typeof current === 'boolean') return current;
  return null;
}

function compare(op: string, a: Value, b: Value): boolean {
  if (op === '==' || op === '!=') {
    const eq = typeof a === 'string' && typeof b === 'string' ? a.toLowerCase() === b.toLowerCase() : a === b;
    return op === '==' ? eq : !eq;
  }
  if (a === null || b === null) return false;
  const x = typeof a === 'string' && typeof b === 'string' ? a.toLowerCase() : a;
  const y = typeof a === 'string' && typeof b === 'string' ? b.toLowerCase() : b;
  switch (op) {
    case '>':
      return x > y;
    case '>=':
      return x >= y;
    case '<':
      return x < y;
    default:
      return x <= y;
  }
}

function evaluate(node: Node, view: View): Value {
  switch (node.kind) {
    case 'and':
      return truthy(evaluate(node.left, view)) && truthy(evaluate(node.right, view));
    case 'or':
      return truthy(evaluate(node.left, view)) || truthy(evaluate(node.right, view));
    case 'not':
      return !truthy(evaluate(node.operand, view));
    case 'compare':
      return compare(node.op, resolve(node.left, view), resolve(node.right, view));
    case 'method': {
      const target = resolve(node.target, view);
      const arg = resolve(node.argument, view);
      if (typeof target !== 'string' || typeof arg !== 'string') return false;
      const t = target.toLowerCase();
      const a = arg.toLowerCase();
      if (node.method === 'Contains') return t.includes(a);
      if (node.method === 'StartsWith') return t.startsWith(a);
      return t.endsWith(a);
    }
    case 'truthy':
      return resolve(node.operand, view);
  }
}

function truthy(v: Value): boolean {
  return v === true;
}
