// Every validation message Xero gives for one element. Xero lists all of an element's problems, not the first (pyxero's
// recorded 400: three for one invoice), and puts a line's own problems on the line (a recorded line echo with "Account
// must be valid." and "Tax rate must be valid.", xero-node#702), not always on the element as well: both are read, in
// order, each once, so the log shows them all.

function messagesOf(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value
    .map((e) => (e !== null && typeof e === 'object' ? (e as Record<string, unknown>)['Message'] : undefined))
    .filter((m): m is string => typeof m === 'string' && m !== '');
}

export function elementMessages(element: unknown): string[] {
  if (element === null || typeof element !== 'object') return [];
  const e = element as Record<string, unknown>;
  const out = messagesOf(e['ValidationErrors']);
  const lines = Array.isArray(e['LineItems']) ? e['LineItems'] : [];
  lines.forEach((line, index) => {
    if (line === null || typeof line !== 'object') return;
    for (const m of messagesOf((line as Record<string, unknown>)['ValidationErrors'])) {
      if (!out.includes(m)) out.push(`Line ${index + 1}: ${m}`);
    }
  });
  return out;
}
