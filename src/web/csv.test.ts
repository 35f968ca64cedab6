import { describe, expect, it } from 'vitest';
import { toCsv } from './csv.js';

describe('toCsv', () => {
  it('quotes what needs quoting and defuses formulas', () => {
    expect(toCsv(['a', 'b'], [['x, "y"', 3], ['=HYPERLINK("evil")', null], ['line\nbreak', '-5']])).toBe(
      'a,b\r\n"x, ""y""",3\r\n"\'=HYPERLINK(""evil"")",\r\n"line\nbreak",\'-5\r\n',
    );
  });
});
