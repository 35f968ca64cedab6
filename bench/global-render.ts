import { renderFromDisk } from './render.js';

// After every benchmark file has written its JSON: render bench/RESULTS.md.
export function teardown(): void {
  renderFromDisk();
}
