/**
 * Just enough XML for Xero's recorded answers (elements, text, `xsi:nil`): a tree of elements without attributes.
 * Used where captures are turned into fixtures (the CI conformance suite re-derives the fixtures from the captures).
 */
export interface XmlElement {
  name: string;
  text: string;
  nil: boolean;
  children: XmlElement[];
}

const TOKEN = /<\?[^>]*\?>|<!--[\s\S]*?-->|<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[^\s=>/]+\s*=\s*"[^"]*")*)\s*(\/?)>|([^<]+)/g;

function decode(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, '&');
}

export function parseXml(source: string): XmlElement {
  const root: XmlElement = { name: '#document', text: '', nil: false, children: [] };
  const stack: XmlElement[] = [root];
  for (const m of source.matchAll(TOKEN)) {
    const [, closing, name, attributes, selfClosing, text] = m;
    const top = stack[stack.length - 1]!;
    if (text !== undefined) {
      top.text += decode(text);
      continue;
    }
    if (name === undefined) continue; // declaration or comment
    if (closing) {
      if (top.name !== name) throw new Error(`XML: </${name}> closes <${top.name}>`);
      stack.pop();
      continue;
    }
    const element: XmlElement = { name, text: '', nil: /xsi:nil\s*=\s*"true"/.test(attributes ?? ''), children: [] };
    top.children.push(element);
    if (!selfClosing) stack.push(element);
  }
  if (stack.length !== 1) throw new Error(`XML: <${stack[stack.length - 1]!.name}> is not closed`);
  const [first] = root.children;
  if (!first) throw new Error('XML: no element');
  return first;
}

export function child(element: XmlElement, name: string): XmlElement | undefined {
  return element.children.find((c) => c.name === name);
}

export function children(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((c) => c.name === name);
}

/** The trimmed text of a child, or undefined when it is missing, empty or nil. */
export function textOf(element: XmlElement, name: string): string | undefined {
  const c = child(element, name);
  if (!c || c.nil) return undefined;
  const t = c.text.trim();
  return t === '' ? undefined : t;
}

export function pathOf(element: XmlElement, ...names: string[]): XmlElement | undefined {
  let at: XmlElement | undefined = element;
  for (const name of names) at = at ? child(at, name) : undefined;
  return at;
}
