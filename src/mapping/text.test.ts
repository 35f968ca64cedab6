import { describe, expect, it } from 'vitest';
import { cutOnWord } from './text.js';

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
