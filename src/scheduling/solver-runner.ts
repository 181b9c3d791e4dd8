import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { solvePlan } from './solver/index.js';
import type { SolveInput, SolveResult } from './solver/types.js';

/** Below this many orders the solve takes milliseconds: a worker would cost more than it saves. */
const INLINE_BELOW = 200;

/** The compiled worker script: beside this module when running from dist/, else the build's copy. */
function workerScript(): string | undefined {
  const here = fileURLToPath(new URL('./solver-worker.js', import.meta.url));
  const built = resolve('dist/src/scheduling/solver-worker.js');
  return [here, built].find((p) => existsSync(p));
}

/** Solves a batch in a worker thread so that other requests keep being served meanwhile. */
export function solveOffThread(input: SolveInput, opts: { forceWorker?: boolean } = {}): Promise<SolveResult> {
  const script = workerScript();
  if (!script || (!opts.forceWorker && input.orders.length < INLINE_BELOW)) return Promise.resolve(solvePlan(input));
  return new Promise((resolveResult, reject) => {
    const worker = new Worker(script, { workerData: input, resourceLimits: { maxOldGenerationSizeMb: 2048 } });
    worker.once('message', (result: SolveResult) => resolveResult(result));
    worker.once('error', reject);
    worker.once('exit', (code) => code !== 0 && reject(new Error(`solver worker exited with code ${code}`)));
  });
}
