import { generateInstance } from '../bench/solver.js';
import { solveBatch } from '../src/scheduling/solver/index.js';
import { solveOffThread } from '../src/scheduling/solver-runner.js';

/** A big batch is solved in a worker thread: the same plan, and the server's event loop keeps turning meanwhile. */
describe(solveOffThread.name, () => {
  it('returns the same plan as solving inline, while timers on the main thread keep firing', async () => {
    const { input } = generateInstance('M', 3);
    // Handing the batch over (copying it, starting the thread) is the caller's; what follows is the worker's.
    const solving = solveOffThread(input, { forceWorker: true });
    // The longest the main thread went without its 5 ms timer firing (solved inline, the solve would be over
    // before the timer started, and it would never fire).
    const started = performance.now();
    let last = started;
    let longestGap = 0;
    let ticks = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      longestGap = Math.max(longestGap, now - last);
      last = now;
      ticks += 1;
    }, 5);
    const offThread = await solving;
    const elapsed = performance.now() - started;
    clearInterval(timer);
    const inline = solveBatch(input);
    expect(offThread.totalCost).toBe(inline.totalCost);
    expect(offThread.assigned.length).toBe(inline.assigned.length);
    // While the worker solved, the main thread was free: no pause near the solve's length (a loaded shared
    // machine delays a timer now and then, so the bound is half of it rather than a count of ticks).
    expect(ticks).toBeGreaterThan(0);
    expect(longestGap).toBeLessThan(elapsed / 2);
  });
});
