/**
 * Baseline for the benchmark and the tests: first come, first served. Orders are taken in the given
 * order (creation time); each takes the cheapest usable slot still free whose lecturer-month still
 * has room (cost including the load of one more lecture that month). Same network, hard rules and
 * costs as the solver, so its total cost is directly comparable (and never lower).
 */
import { UNSERVED } from './flow.js';
import { buildNetwork } from './network.js';
import { assemble } from './solve.js';
import type { SolveInput, SolveResult } from './types.js';

export function greedyBatch(input: SolveInput): SolveResult {
  const t0 = performance.now();
  const net = buildNetwork(input);
  const t1 = performance.now();
  const n = net.nOrders;
  const orderArc = new Int32Array(n).fill(UNSERVED);
  const slotOrder = new Int32Array(net.nSlots).fill(-1);
  const monthUsed = new Int32Array(net.nMonths);
  const fairLoad = net.weights.fairLoad;
  for (let o = 0; o < n; o++) {
    let best = -1;
    let bestCost = Infinity;
    for (let a = net.arcStart[o]; a < net.arcStart[o + 1]; a++) {
      const s = net.arcSlot[a];
      if (slotOrder[s] >= 0) continue;
      const m = net.slotMonth[s];
      if (monthUsed[m] >= net.monthCap[m]) continue;
      const c = net.arcCost[a] + Math.round(fairLoad * (net.monthBooked[m] + monthUsed[m]));
      if (c < bestCost) {
        bestCost = c;
        best = a;
      }
    }
    if (best >= 0) {
      orderArc[o] = best;
      slotOrder[net.arcSlot[best]] = o;
      monthUsed[net.slotMonth[net.arcSlot[best]]]++;
    }
  }
  const t2 = performance.now();
  return assemble(net, { orderArc, slotOrder, monthUsed, augmentations: 0 }, { buildMs: t1 - t0, solveMs: t2 - t1, t0 });
}
