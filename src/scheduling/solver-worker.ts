import { parentPort, workerData } from 'node:worker_threads';
import { solvePlan } from './solver/index.js';
import type { SolveInput } from './solver/types.js';

// A batch of thousands of orders takes seconds of CPU: solved here, off the event loop.
parentPort?.postMessage(solvePlan(workerData as SolveInput));
