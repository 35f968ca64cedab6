import { describe, expect, it } from 'vitest';
import { cutOnWord, cutText, decodeEntities, htmlToText, nonEmpty, singleLine } from './text.js';

describe('single-line text for Xero', () => {
  it('drops control characters and collapses whitespace', () => {
    expect(cutOnWord('<b>Bob</b>\u0007\u0000 Smith\u001b[31m\u007f', 255)).toBe('<b>Bob</b> Smith[31m');
    expect(cutOnWord(' Ann\t\n  Lee\r ', 255)).toBe('Ann Lee');
  });

  it('cuts on a word in the second half, else hard', () => {
    expect(cutOnWord('Yoga Mat Extra Thick', 12)).toBe('Yoga Mat');
    expect(cutOnWord('Supercalifragilistic', 10)).toBe('Supercalif');
    expect(cutOnWord('Short', 10)).toBe('Short');
  });
});

// Rule by rule, each expected text worked out from the rule in its comment. Product descriptions take the shape of
// Magento's own: sample-data products (<p> then <ul><li>, Magento/CatalogSampleData fixtures) and Page Builder content
// (<style> of data-pb-style rules and <div data-content-type> wrappers); the words are ours.
describe('decodeEntities', () => {
  it('each named entity a description uses', () => {
    const names = 'amp lt gt quot apos nbsp ndash mdash hellip lsquo rsquo ldquo rdquo copy reg trade deg euro pound';
    const decoded = names.split(' ').map((name) => decodeEntities(`&${name};`));
    expect(decoded).toEqual(['&', '<', '>', '"', "'", ' ', '–', '—', '…', '‘', '’', '“', '”', '©', '®', '™', '°', '€', '£']);
  });

  it('named entities, in any case; unknown names kept as written', () => {
    expect(decodeEntities('Fish &amp; Chips &lt;3 &QUOT;hot&Quot; 30&deg;C &euro;5 &hellip;')).toBe('Fish & Chips <3 "hot" 30°C €5 …');
    expect(decodeEntities('&Eacute;clair &bogus; AT&T; fish & chips')).toBe('&Eacute;clair &bogus; AT&T; fish & chips');
  });

  it('names of the object\'s prototype are no entities', () => {
    expect(decodeEntities('&constructor; &toString; &hasOwnProperty; &__proto__;')).toBe('&constructor; &toString; &hasOwnProperty; &__proto__;');
  });

  it('decimal and hexadecimal code points, x in either case', () => {
    // 8217 = 0x2019 = ’; 0x1F600 = 😀; 65 = A.
    expect(decodeEntities('it&#8217;s it&#x2019;s it&#X2019;s &#x1f600; &#65;&#0065;')).toBe('it’s it’s it’s 😀 AA');
  });

  it('code points from 1 to 0x10FFFF only; anything else is kept as written', () => {
    expect(decodeEntities('&#1;|&#x10FFFF;|&#1114111;')).toBe('\u0001|\u{10FFFF}|\u{10FFFF}');
    expect(decodeEntities('&#0;|&#x0;|&#x110000;|&#1114112;|&#99999999999999999999;')).toBe('&#0;|&#x0;|&#x110000;|&#1114112;|&#99999999999999999999;');
  });

  it('not an entity: no semicolon, no digits, a bad hex digit; and one pass only', () => {
    expect(decodeEntities('&amp &#; &#x; &#xZZ; &#12a;')).toBe('&amp &#; &#x; &#xZZ; &#12a;');
    // "&#38;" is "&": the "amp;" after it stays text.
    expect(decodeEntities('&#38;amp; &amp;lt;')).toBe('&amp; &lt;');
  });
});

describe('htmlToText', () => {
  it('a sample-data description: a paragraph, then each list item on its own line', () => {
    const html = '<p>A rubber strap watch.</p>\n<ul>\n<li>Quartz movement.</li>\n<li>Strap fits 7&quot; to 8&quot;.</li>\n</ul>';
    // </p> and each </li> end a line; the other tags are spaces; blank lines dropped.
    expect(htmlToText(html)).toBe('A rubber strap watch.\nQuartz movement.\nStrap fits 7" to 8".');
  });

  it('Page Builder content: its style and script blocks dropped, the wrappers are spaces', () => {
    const html =
      '<style>#html-body [data-pb-style=X1]{display:flex}</style><div data-content-type="row" data-pb-style="X1">' +
      '<div data-content-type="text"><p>Soft&nbsp;cotton&hellip;</p><p>Wash at   30&deg;C</p></div></div>' +
      '<script type="text/x-magento-init">{"*": {"a": 1}}</script >';
    expect(htmlToText(html)).toBe('Soft cotton…\nWash at 30°C');
  });

  it('each script, style or comment on its own, not everything from the first to the last', () => {
    expect(htmlToText('A<script>x</script>B<SCRIPT src="a.js"></SCRIPT>C<style>p{}</style>D')).toBe('A B C D');
    expect(htmlToText('A<!-- one -->B<!-- two -->C')).toBe('A B C');
    // A comment holding a ">" goes whole (written as Magento's Knockout templates write theirs, "<!-- ko if: ... -->").
    expect(htmlToText('A<!-- ko if: qty > 1 -->B<!-- /ko -->C')).toBe('A B C');
    // A script is closed by </script>, not by </style>.
    expect(htmlToText('A<script>x</style>y</script>B')).toBe('A B');
  });

  it('line breaks: <br> in its forms, and the end of a paragraph, block, list item, heading or table row', () => {
    expect(htmlToText('a<br>b<br/>c<br />d<BR>e')).toBe('a\nb\nc\nd\ne');
    expect(htmlToText('<h1>T</h1 ><h6>U</h6><div>V</DIV><table><tr><td>W</td><td>w</td></tr></table>X</LI>Y')).toBe('T\nU\nV\nW w\nX\nY');
    // Other closing tags are spaces: </span>, </h7>, </td>.
    expect(htmlToText('a</span>b</h7>c')).toBe('a b c');
  });

  it('whitespace inside a line made one space, lines trimmed, empty lines dropped', () => {
    expect(htmlToText('  one \t two  \n\n   \n three ')).toBe('one two\nthree');
    expect(htmlToText('<p> </p><p></p>')).toBe('');
  });
});

describe('singleLine', () => {
  it('drops C0 controls other than whitespace, and DEL; keeps tab, line breaks (as spaces) and what is not a control', () => {
    // U+0000–U+0008 and U+000E–U+001F and U+007F dropped; U+0009–U+000D are whitespace; U+0020 and U+0080 stay.
    expect(singleLine('a\u0000b\u0008c\u000ed\u001fe\u007ff')).toBe('abcdef');
    expect(singleLine('a\u0009b\u000ac\u000bd\u000ce\u000df')).toBe('a b c d e f');
    expect(singleLine('a\u0080b ~')).toBe('a\u0080b ~');
  });

  it('whitespace runs become one space, both ends trimmed', () => {
    expect(singleLine('  Ann \t\r\n  Lee  ')).toBe('Ann Lee');
  });
});

describe('cutOnWord', () => {
  it('text of exactly the limit is not cut', () => {
    expect(cutOnWord('Yoga Mat', 8)).toBe('Yoga Mat');
  });

  it('a space right after the limit is a word end', () => {
    // "Yoga Mat Extra", 8: the first 9 characters "Yoga Mat " end in a space at 8 → "Yoga Mat".
    expect(cutOnWord('Yoga Mat Extra', 8)).toBe('Yoga Mat');
  });

  it('a word end at exactly half the limit is used; before half, the cut is hard', () => {
    // "abcd efghij", 8: "abcd efgh" has its last space at 4 = 8 ÷ 2 → "abcd".
    expect(cutOnWord('abcd efghij', 8)).toBe('abcd');
    // "abc defghij", 8: last space at 3 < 4 → the first 8 characters.
    expect(cutOnWord('abc defghij', 8)).toBe('abc defg');
  });

  it('cleans before it measures', () => {
    // "Ann \u0000  Lee Smith" cleans to "Ann Lee Smith" (13); at 7 "Ann Lee" fits to a word.
    expect(cutOnWord('Ann \u0000  Lee Smith', 7)).toBe('Ann Lee');
  });
});

describe('cutText', () => {
  it('text within the limit is returned as it is, spaces and all', () => {
    expect(cutText(' a  b \n', 7)).toBe(' a  b \n');
  });

  it('cuts at the last space or line break within the limit + 1, if in the second half', () => {
    // "Line one\nLine two", 12: the first 13 are "Line one\nLine"; last space 4, last break 8 → "Line one".
    expect(cutText('Line one\nLine two', 12)).toBe('Line one');
    // A line break right after the limit: "Line one\nx", 8 → "Line one".
    expect(cutText('Line one\nx', 8)).toBe('Line one');
    // "Line\none two", 10: the first 11 are "Line\none tw"; last break 4, last space 8 → "Line\none".
    expect(cutText('Line\none two', 10)).toBe('Line\none');
  });

  it('a word end at exactly half the limit is used; before half, the cut is hard', () => {
    expect(cutText('abcd efghij', 8)).toBe('abcd');
    expect(cutText('abc defghij', 8)).toBe('abc defg');
    expect(cutText('Supercalifragilistic', 10)).toBe('Supercalif');
  });

  it('what is left ends in no space', () => {
    // "abcdef   ghijkl", 10: the first 11 are "abcdef   gh", last space at 8 → "abcdef  " → "abcdef".
    expect(cutText('abcdef   ghijkl', 10)).toBe('abcdef');
    // "ab   cdefgh", 3: the first 4 are "ab  ", last space at 3 → "ab " → "ab".
    expect(cutText('ab   cdefgh', 3)).toBe('ab');
  });
});

describe('nonEmpty', () => {
  it('the first value with text in it, trimmed', () => {
    expect(nonEmpty(null, undefined, '  ', ' Bob ', 'Ann')).toBe('Bob');
    expect(nonEmpty('Ann', 'Bob')).toBe('Ann');
  });

  it('none: undefined', () => {
    expect(nonEmpty(null, '', ' \t ', undefined)).toBeUndefined();
    expect(nonEmpty()).toBeUndefined();
  });
});
