import { generateInstance } from '../bench/solver.js';
import { solveBatch } from '../src/scheduling/solver/index.js';
import { solveOffThread } from '../src/scheduling/solver-runner.js';

/** A big batch is solved in a worker thread: the same plan, and the server's event loop keeps turning meanwhile. */
describe(solveOffThread.name, () => {
  it('returns the same plan as solving inline, while timers on the main thread keep firing', async () => {
    const { input } = generateInstance('M', 3);
    // The longest the main thread went without its 5 ms timer firing: solving inline, it would be the whole solve.
    let last = performance.now();
    let longestGap = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      longestGap = Math.max(longestGap, now - last);
      last = now;
    }, 5);
    const started = performance.now();
    const offThread = await solveOffThread(input, { forceWorker: true });
    const elapsed = performance.now() - started;
    clearInterval(timer);
    const inline = solveBatch(input);
    expect(offThread.totalCost).toBe(inline.totalCost);
    expect(offThread.assigned.length).toBe(inline.assigned.length);
    // While the worker solved, the main thread was free: no pause near the solve's length (a loaded machine
    // still delays a timer now and then, so the bound is a quarter of it rather than a count of ticks).
    expect(longestGap).toBeLessThan(elapsed / 4);
  });
});
