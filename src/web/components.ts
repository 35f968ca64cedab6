import { html, type HtmlValue, type SafeHtml } from './html.js';

export function csrfField(token: string): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${token}">`;
}

/** A form that posts one action, with an optional confirmation (app.js asks before submitting). */
export function actionButton(
  action: string,
  label: string,
  csrfToken: string,
  options: { fields?: Record<string, string>; confirm?: string; kind?: 'primary' | 'danger' | 'plain' } = {},
): SafeHtml {
  return html`<form method="post" action="${action}" class="inline"${options.confirm ? html` data-confirm="${options.confirm}"` : ''}>
${csrfField(csrfToken)}${Object.entries(options.fields ?? {}).map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`)}
<button type="submit" class="${options.kind ?? 'plain'}">${label}</button>
</form>`;
}

export function statusBadge(state: string): SafeHtml {
  const tone =
    state === 'synced' || state === 'success' || state === 'done' || state === 'connected' || state === 'ok' || state === 'answering' || state === 'accepted' || state === 'sent'
      ? 'good'
      : state === 'error' || state === 'failed' || state === 'parked' || state === 'differs' || state.includes('reconnect') || state === 'not answering' || state === 'refused'
        ? 'bad'
        : state === 'running' || state === 'pending' || state === 'waiting' || state === 'syncing'
          ? 'busy'
          : 'idle';
  return html`<span class="badge ${tone}">${state.replace(/-/g, ' ')}</span>`;
}

export function formatTime(ms: number | null | undefined): SafeHtml {
  if (ms === null || ms === undefined) return html`<span class="muted">never</span>`;
  const iso = new Date(ms).toISOString();
  return html`<time datetime="${iso}">${iso.slice(0, 19).replace('T', ' ')} UTC</time>`;
}

export function externalLink(url: string | undefined, label = 'View on Xero'): SafeHtml {
  return url ? html`<a href="${url}" target="_blank" rel="noopener noreferrer">${label}<span class="sr"> (opens in a new tab)</span></a>` : html``;
}

export interface Column<T> {
  header: string;
  cell: (row: T) => HtmlValue;
  className?: string;
}

/**
 * A table that fits its page: long cells wrap, and on a narrow screen (a phone) each row becomes a card whose cells carry
 * their column's name (`data-label`), so nothing is off-screen and no action is cut.
 */
export function table<T>(rows: readonly T[], columns: ReadonlyArray<Column<T>>, empty: string, caption?: string): SafeHtml {
  if (rows.length === 0) return html`<p class="empty">${empty}</p>`;
  return html`<div class="table-wrap"><table>
${caption ? html`<caption class="sr">${caption}</caption>` : ''}
<thead><tr>${columns.map((c) => html`<th scope="col"${c.className ? html` class="${c.className}"` : ''}>${c.header}</th>`)}</tr></thead>
<tbody>${rows.map((r) => html`<tr>${columns.map((c) => html`<td data-label="${c.header}"${c.className ? html` class="${c.className}"` : ''}>${c.cell(r)}</td>`)}</tr>`)}</tbody>
</table></div>`;
}

/** Previous / next links that keep the other query parameters. */
export function pagination(path: string, query: Record<string, string | undefined>, page: number, pageSize: number, total: number): SafeHtml {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const href = (p: number) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v) params.set(k, v);
    params.set('page', String(p));
    return `${path}?${params.toString()}`;
  };
  return html`<nav class="pager" aria-label="Pages">
${page > 1 ? html`<a href="${href(page - 1)}" rel="prev">← Previous</a>` : html`<span class="muted">← Previous</span>`}
<span>Page ${page} of ${pages} · ${total} in all</span>
${page < pages ? html`<a href="${href(page + 1)}" rel="next">Next →</a>` : html`<span class="muted">Next →</span>`}
</nav>`;
}

export function selectField(
  name: string,
  label: string,
  options: ReadonlyArray<{ value: string; label: string }>,
  selected: string | undefined,
  extra: { id?: string; help?: string; includeEmpty?: string } = {},
): SafeHtml {
  const id = extra.id ?? `f-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;
  return html`<div class="field">
<label for="${id}">${label}</label>
<select id="${id}" name="${name}"${extra.help ? html` aria-describedby="${id}-help"` : ''}>
${extra.includeEmpty !== undefined ? html`<option value="">${extra.includeEmpty}</option>` : ''}
${options.map((o) => html`<option value="${o.value}"${o.value === selected ? html` selected` : ''}>${o.label}</option>`)}
</select>
${extra.help ? html`<p class="help" id="${id}-help">${extra.help}</p>` : ''}
</div>`;
}

export function textField(
  name: string,
  label: string,
  value: string | number | undefined,
  extra: { id?: string; help?: string; type?: string; placeholder?: string; required?: boolean; autocomplete?: string } = {},
): SafeHtml {
  const id = extra.id ?? `f-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;
  return html`<div class="field">
<label for="${id}">${label}</label>
<input id="${id}" name="${name}" type="${extra.type ?? 'text'}" value="${value ?? ''}"${extra.placeholder ? html` placeholder="${extra.placeholder}"` : ''}${extra.required ? html` required` : ''}${extra.autocomplete ? html` autocomplete="${extra.autocomplete}"` : ''}${extra.help ? html` aria-describedby="${id}-help"` : ''}>
${extra.help ? html`<p class="help" id="${id}-help">${extra.help}</p>` : ''}
</div>`;
}

export function errorList(errors: readonly string[] | undefined): SafeHtml {
  if (!errors || errors.length === 0) return html``;
  return html`<div class="flash error" role="alert"><p>Not saved:</p><ul>${errors.map((e) => html`<li>${e}</li>`)}</ul></div>`;
}
