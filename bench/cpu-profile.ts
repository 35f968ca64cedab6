// Reads a V8 CPU profile (`node --cpu-prof`) and says where the time went: self time per function, and V8's own buckets
// (garbage collector, idle, program). Used by the CPU benchmark to keep a top ten with each result.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileEntry {
  /** Function name and where it lives (file below node_modules or src, line). */
  name: string;
  selfMs: number;
  percent: number;
}

export interface ProfileSummary {
  totalMs: number;
  top: ProfileEntry[];
  /** Self time by area: gc, idle, program, node internals, our code (src), each dependency by package. */
  areas: ProfileEntry[];
}

function place(url: string): { where: string; area: string } {
  if (url === '') return { where: '', area: 'V8 / native' };
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + 'node_modules/'.length);
    const parts = rest.split('/');
    const pkg = parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? rest);
    return { where: rest, area: pkg };
  }
  if (url.startsWith('node:')) return { where: url, area: 'node internals' };
  const dist = url.lastIndexOf('/dist/');
  if (dist >= 0) return { where: url.slice(dist + 1), area: `connector (${url.slice(dist + 6).split('/')[0]})` };
  return { where: url, area: 'other' };
}

export function summariseProfile(path: string, topN = 10): ProfileSummary {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  const areas = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    const micros = profile.timeDeltas[i] ?? 0;
    if (!node) return;
    total += micros;
    const { functionName, url, lineNumber } = node.callFrame;
    const { where, area } = place(url);
    const special = functionName.startsWith('(') && url === '';
    const name = special ? functionName : `${functionName || '(anonymous)'} ${where}:${lineNumber + 1}`;
    self.set(name, (self.get(name) ?? 0) + micros);
    const bucket = special ? functionName : area;
    areas.set(bucket, (areas.get(bucket) ?? 0) + micros);
  });
  const entries = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([name, micros]) => ({ name, selfMs: Math.round(micros / 1000), percent: +((100 * micros) / Math.max(1, total)).toFixed(1) }));
  return { totalMs: Math.round(total / 1000), top: entries(self).slice(0, topN), areas: entries(areas).slice(0, 15) };
}
