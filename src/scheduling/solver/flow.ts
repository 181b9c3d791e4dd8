/**
 * Exact min-cost flow on the batch network by successive shortest paths: one order (one unit of
 * flow) at a time, Dijkstra on reduced costs with node potentials (Johnson), stopping as soon as the
 * target is reached (ties broken toward it), all in typed arrays, no per-arc objects.
 *
 * Node ids: orders [0, n), slots [n, n + S), lecturer-months [n + S, n + S + M), sink T = n + S + M.
 * Residual arcs (every capacity is 1 except the lecturer-month → sink unit arcs, kept as a count
 * `monthUsed` since their costs rise and the cheapest ones always carry the flow):
 *   order → slot (no flow on the arc)         cost  c(o, s)
 *   slot → order (flow on the arc)            cost −c(o, s)
 *   order → T  (order not unserved)           cost  penalty(o)
 *   T → order  (order unserved)               cost −penalty(o)
 *   slot → month (slot not used)              cost 0
 *   month → slot (slot used)                  cost 0
 *   month → T  (used < capacity)              cost  load(used + 1)
 *   T → month  (used > 0)                     cost −load(used)
 *
 * Potentials are updated lazily: after a search that reached its target at distance D, every node
 * settled at distance d gets π += d − D; the others conceptually get +0 instead of +D, the same
 * constant for all of them, so no reduced cost changes. All costs are integers and so are the
 * potentials: no rounding anywhere.
 *
 * Optional K-restriction with exact pricing (options.candidateArcs = K > 0): each order starts with
 * only its K cheapest arcs, at most one per lecturer (the "active" prefix of its arc list). When
 * the flow is optimal on the active arcs, the potentials are tightened — slots, months and the sink
 * to π*(v) = π(T) − (shortest residual distance v → T) by one reverse Dijkstra from T (valid: no
 * negative cycle), then every order raised to its upper bound (its slot's π* − c, or π*(T) −
 * penalty when unserved) — and every left-out arc is priced: reduced cost < 0 means it might improve
 * the plan. Each violator is then activated; if it still prices negative under the current
 * potentials it is saturated, which leaves one unit of excess at its slot and one of deficit at its
 * order, and a shortest path from the slot to the order restores the balance (successive shortest
 * paths with supplies and demands; the invariant "every residual arc has reduced cost ≥ 0" holds
 * throughout, and the sink becomes an ordinary node that can give a unit back). Repeat until no
 * left-out arc prices negative: then the reduced-cost optimality conditions hold on the whole
 * network, so the flow is optimal for the full problem whatever K is (the tests check K > 0 against
 * HiGHS too). Measured on the benchmark instances it is slower than searching all arcs (most
 * violators are false alarms whose repair explores a zero-reduced-cost plateau), so the default is
 * K = 0: all arcs from the start, one round.
 */
import type { Network } from './network.js';

export const NONE = -1;
export const UNSERVED = -2;

export interface FlowResult {
  /** The arc carrying the order's unit, or UNSERVED. */
  orderArc: Int32Array;
  /** The order using the slot, or −1. */
  slotOrder: Int32Array;
  monthUsed: Int32Array;
  potential: Float64Array;
  augmentations: number;
  pricingRounds: number;
  activeArcs: number;
}

/** Cost of the k-th (1-based) unit arc of lecturer-month m. */
export function monthUnitCost(net: Network, m: number, k: number): number {
  return Math.round(net.weights.fairLoad * Math.max(0, net.monthBooked[m] + k - 1));
}

export function solveFlow(net: Network, candidateArcs: number): FlowResult {
  const n = net.nOrders;
  const S = net.nSlots;
  const M = net.nMonths;
  const N = n + S + M + 1;
  const T = N - 1;
  const E = net.nArcs;
  const { arcStart, arcSlot, arcCost, penalty, slotMonth, monthCap, monthBooked, monthSlotStart, monthSlots } = net;
  const fairLoad = net.weights.fairLoad;
  const unitCost = (m: number, k: number): number => Math.round(fairLoad * (monthBooked[m] + k - 1));

  // Active prefix of every order's arc list: its K cheapest arcs, at most one per lecturer (a
  // lecturer's consecutive days cost nearly the same, so the K cheapest arcs would otherwise be two
  // or three lecturers' whole weeks), moved to the front; the rest stays in cost order after them.
  const actEnd = new Int32Array(n);
  const perLecturer = 1;
  {
    const lastSeen = new Int32Array(net.lecturers.length).fill(-1);
    const taken = new Int32Array(net.lecturers.length);
    let bufS = new Int32Array(64);
    let bufC = new Int32Array(64);
    for (let o = 0; o < n; o++) {
      const a0 = arcStart[o];
      const deg = arcStart[o + 1] - a0;
      if (candidateArcs <= 0 || deg <= candidateArcs) {
        actEnd[o] = a0 + deg;
        continue;
      }
      if (bufS.length < deg) {
        bufS = new Int32Array(deg * 2);
        bufC = new Int32Array(deg * 2);
      }
      let front = 0;
      let back = 0;
      // selected arcs go to arcSlot/arcCost in place (front ≤ position); the others to the buffer
      for (let a = a0; a < a0 + deg; a++) {
        const l = net.slotLecturer[arcSlot[a]];
        if (lastSeen[l] !== o) {
          lastSeen[l] = o;
          taken[l] = 0;
        }
        if (front < candidateArcs && taken[l] < perLecturer) {
          taken[l]++;
          arcSlot[a0 + front] = arcSlot[a];
          arcCost[a0 + front] = arcCost[a];
          front++;
        } else {
          bufS[back] = arcSlot[a];
          bufC[back] = arcCost[a];
          back++;
        }
      }
      arcSlot.set(bufS.subarray(0, back), a0 + front);
      arcCost.set(bufC.subarray(0, back), a0 + front);
      actEnd[o] = a0 + front;
    }
  }
  const arcOrder = new Int32Array(E);
  for (let o = 0; o < n; o++) arcOrder.fill(o, arcStart[o], arcStart[o + 1]);

  // Flow state.
  const arcFlow = new Uint8Array(E);
  const unserved = new Uint8Array(n);
  const outCount = new Uint8Array(n);
  const slotIn1 = new Int32Array(S).fill(-1);
  const slotIn2 = new Int32Array(S).fill(-1);
  const slotOut = new Uint8Array(S);
  const monthUsed = new Int32Array(M);
  const unservedList = new Int32Array(n);
  const unservedPos = new Int32Array(n).fill(-1);
  let nUnserved = 0;

  // Search state.
  const pot = new Float64Array(N);
  const dist = new Float64Array(N);
  const seen = new Int32Array(N);
  const done = new Int32Array(N);
  const parent = new Int32Array(N);
  const parentArc = new Int32Array(N);
  const settled = new Int32Array(N);
  let heapKey = new Float64Array(1024);
  let heapNode = new Int32Array(1024);
  let hSize = 0;
  let stamp = 0;
  let target = T;
  let bestD = Infinity;
  let bestFrom = -1;
  let bestArc = -1;
  let augmentations = 0;

  const heapPush = (v: number, key: number): void => {
    if (hSize === heapKey.length) {
      const k2 = new Float64Array(hSize * 2);
      k2.set(heapKey);
      heapKey = k2;
      const n2 = new Int32Array(hSize * 2);
      n2.set(heapNode);
      heapNode = n2;
    }
    let i = hSize++;
    while (i > 0) {
      const pi = (i - 1) >> 1;
      if (heapKey[pi] <= key) break;
      heapKey[i] = heapKey[pi];
      heapNode[i] = heapNode[pi];
      i = pi;
    }
    heapKey[i] = key;
    heapNode[i] = v;
  };
  const heapPop = (): void => {
    hSize--;
    if (hSize === 0) return;
    const k = heapKey[hSize];
    const v = heapNode[hSize];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= hSize) break;
      if (c + 1 < hSize && heapKey[c + 1] < heapKey[c]) c++;
      if (heapKey[c] >= k) break;
      heapKey[i] = heapKey[c];
      heapNode[i] = heapNode[c];
      i = c;
    }
    heapKey[i] = k;
    heapNode[i] = v;
  };

  /** Tentative distance nd to v via u (arc for order↔slot edges, else −1). */
  const relax = (v: number, nd: number, u: number, arc: number): void => {
    if (nd >= bestD) return;
    if (v === target) {
      bestD = nd;
      bestFrom = u;
      bestArc = arc;
      return;
    }
    if (done[v] === stamp || (seen[v] === stamp && nd >= dist[v])) return;
    seen[v] = stamp;
    dist[v] = nd;
    parent[v] = u;
    parentArc[v] = arc;
    heapPush(v, nd);
  };

  const slotInAdd = (s: number, arc: number): void => {
    if (slotIn1[s] < 0) slotIn1[s] = arc;
    else if (slotIn2[s] < 0) slotIn2[s] = arc;
    else throw new Error('internal: slot inflow > 2');
  };
  const slotInRemove = (s: number, arc: number): void => {
    if (slotIn1[s] === arc) {
      slotIn1[s] = slotIn2[s];
      slotIn2[s] = -1;
    } else if (slotIn2[s] === arc) slotIn2[s] = -1;
    else throw new Error('internal: arc not in slot inflow');
  };
  const setUnserved = (o: number, on: boolean): void => {
    unserved[o] = on ? 1 : 0;
    if (on) {
      unservedPos[o] = nUnserved;
      unservedList[nUnserved++] = o;
    } else {
      const p = unservedPos[o];
      const last = unservedList[--nUnserved];
      unservedList[p] = last;
      unservedPos[last] = p;
      unservedPos[o] = -1;
    }
  };

  /** Shortest path from src to `tgt`, update potentials, augment one unit along it. */
  const augment = (src: number, tgt: number): void => {
    stamp++;
    target = tgt;
    bestD = Infinity;
    bestFrom = -1;
    bestArc = -1;
    hSize = 0;
    let nSettled = 0;
    dist[src] = 0;
    seen[src] = stamp;
    parent[src] = -1;
    heapPush(src, 0);
    while (hSize > 0) {
      const d = heapKey[0];
      const u = heapNode[0];
      heapPop();
      if (done[u] === stamp || d > dist[u]) continue;
      if (d >= bestD) break; // the target is next (ties go to the target)
      done[u] = stamp;
      settled[nSettled++] = u;
      const pu = pot[u] + d;
      if (u < n) {
        for (let a = arcStart[u], end = actEnd[u]; a < end; a++) {
          if (arcFlow[a] !== 0) continue;
          const v = n + arcSlot[a];
          const nd = pu + arcCost[a] - pot[v];
          if (nd < bestD && (v === target || (done[v] !== stamp && (seen[v] !== stamp || nd < dist[v])))) relax(v, nd, u, a);
        }
        if (unserved[u] === 0) relax(T, pu + penalty[u] - pot[T], u, -1);
      } else if (u < n + S) {
        const s = u - n;
        if (slotOut[s] === 0) {
          const v = n + S + slotMonth[s];
          relax(v, pu - pot[v], u, -1);
        }
        const a1 = slotIn1[s];
        if (a1 >= 0) {
          const o = arcOrder[a1];
          relax(o, pu - arcCost[a1] - pot[o], u, a1);
          const a2 = slotIn2[s];
          if (a2 >= 0) {
            const o2 = arcOrder[a2];
            relax(o2, pu - arcCost[a2] - pot[o2], u, a2);
          }
        }
      } else if (u < T) {
        const m = u - n - S;
        const used = monthUsed[m];
        if (used < monthCap[m]) relax(T, pu + unitCost(m, used + 1) - pot[T], u, -1);
        if (used > 0) {
          for (let i = monthSlotStart[m], e = monthSlotStart[m + 1]; i < e; i++) {
            const s = monthSlots[i];
            if (slotOut[s] !== 0) relax(n + s, pu - pot[n + s], u, -1);
          }
        }
      } else {
        // The sink as an intermediate node (repairs only): give a unit back.
        for (let m = 0; m < M; m++) {
          const used = monthUsed[m];
          if (used > 0) relax(n + S + m, pu - unitCost(m, used) - pot[n + S + m], u, -1);
        }
        for (let i = 0; i < nUnserved; i++) {
          const o = unservedList[i];
          relax(o, pu - penalty[o] - pot[o], u, -1);
        }
      }
    }
    if (bestFrom < 0) throw new Error('internal: no augmenting path');

    for (let i = 0; i < nSettled; i++) {
      const v = settled[i];
      pot[v] += dist[v] - bestD;
    }

    // Path: tgt ← bestFrom ← … ← src. Removals first, then additions (a slot never holds > 2).
    let len = 0;
    path[len] = tgt;
    pathArc[len++] = bestArc;
    for (let v = bestFrom; v !== -1; v = parent[v]) {
      path[len] = v;
      pathArc[len++] = v === src ? -1 : parentArc[v];
    }
    for (let pass = 0; pass < 2; pass++) {
      for (let i = len - 1; i > 0; i--) {
        const u = path[i];
        const v = path[i - 1];
        const arc = pathArc[i - 1];
        if (u < n) {
          if (pass === 0) continue;
          if (v === T) {
            setUnserved(u, true);
            outCount[u]++;
          } else {
            arcFlow[arc] = 1;
            slotInAdd(v - n, arc);
            outCount[u]++;
          }
        } else if (u < n + S) {
          if (v < n) {
            if (pass === 1) continue;
            arcFlow[arc] = 0;
            slotInRemove(u - n, arc);
            outCount[v]--;
          } else if (pass === 1) slotOut[u - n] = 1;
        } else if (u < T) {
          if (pass === 0) continue;
          if (v === T) monthUsed[u - n - S]++;
          else slotOut[v - n] = 0;
        } else {
          if (pass === 1) continue;
          if (v < n) {
            setUnserved(v, false);
            outCount[v]--;
          } else monthUsed[v - n - S]--;
        }
      }
    }
    augmentations++;
  };
  const path = new Int32Array(N + 1);
  const pathArc = new Int32Array(N + 1);

  /**
   * Tight potentials π*(v) = π(v) − δ(v), δ = reduced distance v → T (reverse Dijkstra from T on the
   * residual graph). Valid (no negative cycle) and as low as possible on slots and months, so only
   * arcs that can really help price negative.
   */
  const tightenPotentials = (): void => {
    // Active arcs without flow, by slot (the residual arcs into each slot from orders).
    const inStart = new Int32Array(S + 1);
    for (let o = 0; o < n; o++) for (let a = arcStart[o], e = actEnd[o]; a < e; a++) if (arcFlow[a] === 0) inStart[arcSlot[a] + 1]++;
    for (let s = 0; s < S; s++) inStart[s + 1] += inStart[s];
    const fill = inStart.slice(0, S);
    const inArcs = new Int32Array(inStart[S]);
    for (let o = 0; o < n; o++) for (let a = arcStart[o], e = actEnd[o]; a < e; a++) if (arcFlow[a] === 0) inArcs[fill[arcSlot[a]]++] = a;

    stamp++;
    hSize = 0;
    let nSettled = 0;
    const relaxBack = (u: number, nd: number): void => {
      if (done[u] === stamp || (seen[u] === stamp && nd >= dist[u])) return;
      seen[u] = stamp;
      dist[u] = nd;
      heapPush(u, nd);
    };
    dist[T] = 0;
    seen[T] = stamp;
    heapPush(T, 0);
    while (hSize > 0) {
      const d = heapKey[0];
      const v = heapNode[0];
      heapPop();
      if (done[v] === stamp || d > dist[v]) continue;
      done[v] = stamp;
      settled[nSettled++] = v;
      const pv = pot[v] - d; // δ(u) = d + c(u,v) + π(u) − π(v)
      if (v === T) {
        for (let m = 0; m < M; m++) if (monthUsed[m] < monthCap[m]) relaxBack(n + S + m, unitCost(m, monthUsed[m] + 1) + pot[n + S + m] - pv);
        for (let o = 0; o < n; o++) if (unserved[o] === 0) relaxBack(o, penalty[o] + pot[o] - pv);
      } else if (v >= n + S) {
        const m = v - n - S;
        for (let i = monthSlotStart[m], e = monthSlotStart[m + 1]; i < e; i++) {
          const s = monthSlots[i];
          if (slotOut[s] === 0) relaxBack(n + s, pot[n + s] - pv);
        }
      } else if (v >= n) {
        const s = v - n;
        for (let i = inStart[s], e = inStart[s + 1]; i < e; i++) {
          const a = inArcs[i];
          const o = arcOrder[a];
          relaxBack(o, arcCost[a] + pot[o] - pv);
        }
        if (slotOut[s] !== 0) {
          const m = n + S + slotMonth[s];
          relaxBack(m, pot[m] - pv);
        }
      } else {
        // order: residual arcs into it come from the slot it uses (reverse arc)
        for (let a = arcStart[v], e = actEnd[v]; a < e; a++) {
          if (arcFlow[a] === 0) continue;
          const s = n + arcSlot[a];
          relaxBack(s, -arcCost[a] + pot[s] - pv);
        }
      }
    }
    let maxD = 0;
    for (let i = 0; i < nSettled; i++) maxD = Math.max(maxD, dist[settled[i]]);
    for (let v = 0; v < N; v++) {
      if (done[v] === stamp) pot[v] -= dist[v];
      else pot[v] -= maxD + 1; // cannot reach T: only orders without arcs (see header)
    }
    // Raise every order's potential to its upper bound (the residual arc into it: from its slot, or
    // from T when unserved). Orders only have arcs to slots and T, so this keeps π valid, and it
    // makes a left-out arc price negative only if switching to it beats the order's current use.
    for (let o = 0; o < n; o++) {
      if (unserved[o]) {
        pot[o] = pot[T] - penalty[o];
        continue;
      }
      for (let a = arcStart[o], e = actEnd[o]; a < e; a++) {
        if (arcFlow[a] !== 0) {
          pot[o] = pot[n + arcSlot[a]] - arcCost[a];
          break;
        }
      }
    }
  };

  // Round 1: every order is a source of one unit, the sink the only demand.
  const seq = Int32Array.from({ length: n }, (_, i) => i);
  const degree = (o: number): number => arcStart[o + 1] - arcStart[o];
  seq.sort((a, b) => degree(a) - degree(b) || a - b);
  for (let q = 0; q < n; q++) augment(seq[q], T);

  // Pricing rounds: tighten the potentials, move every violator to the front of its order's
  // left-out arcs ([actEnd, pendEnd) — not yet visible to the searches), then activate them one at
  // a time, saturating and repairing those that still price negative.
  let pricingRounds = 1;
  const pendEnd = new Int32Array(n);
  while (candidateArcs > 0) {
    tightenPotentials();
    let violators = 0;
    for (let o = 0; o < n; o++) {
      const po = pot[o];
      let p = actEnd[o];
      for (let a = p, end = arcStart[o + 1]; a < end; a++) {
        if (arcCost[a] + po - pot[n + arcSlot[a]] < 0) {
          if (a !== p) {
            const ts = arcSlot[a];
            arcSlot[a] = arcSlot[p];
            arcSlot[p] = ts;
            const tc = arcCost[a];
            arcCost[a] = arcCost[p];
            arcCost[p] = tc;
          }
          p++;
        }
      }
      pendEnd[o] = p;
      violators += p - actEnd[o];
    }
    if (violators === 0) break;
    pricingRounds++;
    for (let o = 0; o < n; o++) {
      while (actEnd[o] < pendEnd[o]) {
        const a = actEnd[o]++;
        const s = arcSlot[a];
        if (arcCost[a] + pot[o] - pot[n + s] >= 0) continue;
        arcFlow[a] = 1;
        slotInAdd(s, a);
        outCount[o]++;
        augment(n + s, o);
      }
    }
  }

  // Final state in the compact form.
  const orderArc = new Int32Array(n).fill(NONE);
  const slotOrder = new Int32Array(S).fill(-1);
  let activeArcs = 0;
  for (let o = 0; o < n; o++) {
    if (outCount[o] !== 1) throw new Error(`internal: order ${o} carries ${outCount[o]} units`);
    activeArcs += actEnd[o] - arcStart[o];
    if (unserved[o]) orderArc[o] = UNSERVED;
    for (let a = arcStart[o]; a < actEnd[o]; a++) {
      if (arcFlow[a]) {
        orderArc[o] = a;
        slotOrder[arcSlot[a]] = o;
      }
    }
  }
  return { orderArc, slotOrder, monthUsed, potential: pot, augmentations, pricingRounds, activeArcs };
}
