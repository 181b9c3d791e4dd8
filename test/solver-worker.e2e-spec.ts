import { generateInstance } from '../bench/solver.js';
import { solveBatch } from '../src/scheduling/solver/index.js';
import { solveOffThread } from '../src/scheduling/solver-runner.js';

/** A big batch is solved in a worker thread: the same plan, and the server's event loop keeps turning meanwhile. */
describe(solveOffThread.name, () => {
  it('returns the same plan as solving inline, while timers on the main thread keep firing', async () => {
    const { input } = generateInstance('M', 3);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const started = performance.now();
    const offThread = await solveOffThread(input, { forceWorker: true });
    const elapsed = performance.now() - started;
    clearInterval(timer);
    const inline = solveBatch(input);
    expect(offThread.totalCost).toBe(inline.totalCost);
    expect(offThread.assigned.length).toBe(inline.assigned.length);
    // While the worker solved, the main thread was free: at least half the 5 ms ticks happened.
    expect(ticks).toBeGreaterThan(elapsed / 5 / 2);
  });
});
