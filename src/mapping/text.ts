// Plain-text helpers for Xero's length-limited fields.

/** The named entities product descriptions use, by lower-case name; undefined for any other name. */
function namedEntity(name: string): string | undefined {
  switch (name) {
    case 'amp': return '&';
    case 'lt': return '<';
    case 'gt': return '>';
    case 'quot': return '"';
    case 'apos': return "'";
    case 'nbsp': return ' ';
    case 'ndash': return '–';
    case 'mdash': return '—';
    case 'hellip': return '…';
    case 'lsquo': return '‘';
    case 'rsquo': return '’';
    case 'ldquo': return '“';
    case 'rdquo': return '”';
    case 'copy': return '©';
    case 'reg': return '®';
    case 'trade': return '™';
    case 'deg': return '°';
    case 'euro': return '€';
    case 'pound': return '£';
  }
  return undefined;
}

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
      // The regex lets only digits through, so code is a number (Infinity for absurdly long ones, refused by the bound).
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return namedEntity(body.toLowerCase()) ?? whole;
  });
}

/** Product descriptions are HTML (page builder markup included); Xero wants plain text. */
export function htmlToText(html: string): string {
  const withoutBlocks = html
    .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|h[1-6]|tr)\s*>/gi, '\n')
    .replace(/<[^>]*>/g, ' ');
  return decodeEntities(withoutBlocks)
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter((line) => line.length > 0)
    .join('\n');
}

/**
 * One line of readable text: control characters dropped, whitespace runs made one space, trimmed. The control
 * characters are NUL, BEL, ESC and the rest of C0 other than whitespace, and DEL: imported or hand-edited records carry
 * them (found by the bad-records test: a name with a NUL and a terminal colour code), and they are not text a person
 * can read in Xero.
 */
export function singleLine(text: string): string {
  return text.replace(/[\u0000-\u0008\u000e-\u001f\u007f]/g, '').replace(/\s+/g, ' ').trim();
}

/** Cuts to `max` characters on a word boundary when there is one in the second half, else hard. */
export function cutOnWord(text: string, max: number): string {
  const clean = singleLine(text);
  if (clean.length <= max) return clean;
  const slice = clean.slice(0, max + 1);
  const lastSpace = slice.lastIndexOf(' ');
  // singleLine left no space at either end nor two in a row, so neither cut ends in a space.
  return lastSpace >= max / 2 ? slice.slice(0, lastSpace) : clean.slice(0, max);
}

/** Cuts to `max` characters, keeping line breaks. */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max + 1);
  const lastSpace = Math.max(cut.lastIndexOf(' '), cut.lastIndexOf('\n'));
  return (lastSpace >= max / 2 ? cut.slice(0, lastSpace) : text.slice(0, max)).trimEnd();
}

export function nonEmpty(...values: (string | null | undefined)[]): string | undefined {
  for (const v of values) {
    const t = v?.trim();
    if (t) return t;
  }
  return undefined;
}
