import { describe, expect, it } from 'vitest';
import { escapeHtml, html, raw } from './html.js';

describe('html', () => {
  it('escapes every interpolated string, including quotes that would end an attribute', () => {
    const name = `"><img src=x onerror=alert(1)>'`;
    expect(html`<input value="${name}">`.toString()).toBe(
      '<input value="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;&#39;">',
    );
  });

  it('keeps markup made by html (nested templates, arrays) and raw, and drops null, undefined and false', () => {
    const items = ['<a>', 'b'].map((x) => html`<li>${x}</li>`);
    expect(html`<ul>${items}</ul>${null}${undefined}${false}${raw('<br>')}${0}`.toString()).toBe(
      '<ul><li>&lt;a&gt;</li><li>b</li></ul><br>0',
    );
  });

  it('escapes ampersands first so entities are not double-decoded', () => {
    expect(escapeHtml('&lt;')).toBe('&amp;lt;');
  });
});
