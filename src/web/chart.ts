import { html, type SafeHtml } from './html.js';

export interface Bar {
  label: string;
  value: number;
  /** Drawn over the bar's foot: errors and 429s. */
  errors: number;
}

/**
 * An inline SVG bar chart with a dashed limit line: no chart library, no script, readable by a screen reader through its
 * title and the table the page puts beside it.
 */
export function barChart(bars: readonly Bar[], options: { title: string; limit?: number; slots?: number; width?: number; height?: number }): SafeHtml {
  const width = options.width ?? 720;
  const height = options.height ?? 220;
  const left = 44;
  const bottom = 24;
  const top = 10;
  const plotW = width - left - 8;
  const plotH = height - top - bottom;
  const max = Math.max(1, options.limit ?? 0, ...bars.map((b) => b.value)) * 1.1;
  const slots = Math.max(options.slots ?? bars.length, 1);
  const slot = plotW / slots;
  const barW = Math.max(0.5, slot * 0.8);
  const y = (v: number) => top + plotH - (v / max) * plotH;
  const labelEvery = Math.max(1, Math.ceil(bars.length / 10));
  const round = (n: number) => Math.round(n * 100) / 100;
  return html`<svg class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-label="${options.title}" preserveAspectRatio="xMinYMin meet">
<title>${options.title}</title>
<line x1="${left}" y1="${top + plotH}" x2="${width - 8}" y2="${top + plotH}" stroke="#9aa3b1"/>
<text x="${left - 4}" y="${top + 10}" text-anchor="end">${Math.round(max)}</text>
<text x="${left - 4}" y="${top + plotH}" text-anchor="end">0</text>
${bars.map((b, i) => {
  const x = round(left + i * slot + (slot - barW) / 2);
  return html`<g><title>${b.label}: ${b.value} calls, ${b.errors} errors or 429s</title>
<rect class="bar" x="${x}" y="${round(y(b.value))}" width="${round(barW)}" height="${round(top + plotH - y(b.value))}"/>
${b.errors > 0 ? html`<rect class="err" x="${x}" y="${round(y(b.errors))}" width="${round(barW)}" height="${round(top + plotH - y(b.errors))}"/>` : ''}
${i % labelEvery === 0 ? html`<text x="${round(x + barW / 2)}" y="${height - 6}" text-anchor="middle">${b.label}</text>` : ''}</g>`;
})}
${options.limit !== undefined ? html`<line class="limit" x1="${left}" y1="${round(y(options.limit))}" x2="${width - 8}" y2="${round(y(options.limit))}"/>
<text x="${width - 10}" y="${round(y(options.limit)) - 4}" text-anchor="end">limit ${options.limit}</text>` : ''}
</svg>`;
}
