/**
 * Exact min-cost flow on the batch network by successive shortest paths: one order (one unit of
 * flow) at a time, Dijkstra on reduced costs with node potentials (Johnson), stopping as soon as the
 * sink is reached (ties broken toward the sink), all in typed arrays.
 *
 * Node ids: orders [0, n), slots [n, n + S), lecturer-months [n + S, n + S + M), sink n + S + M.
 * Flow state is implicit, because every capacity is 1 except the lecturer-month → sink unit arcs:
 *   orderArc[o]  the arc carrying o's unit (≥ 0), UNSERVED (its unit goes to the sink), or NONE
 *   slotOrder[s] the order using slot s, or −1
 *   monthUsed[m] how many of the month's unit arcs to the sink carry flow (the cheapest ones,
 *                since their costs rise: convex)
 * Residual arcs: order → slot (not its own), order → sink (unless unserved), free slot → month,
 * used slot → its order (cost −c), month → sink (next unit), month → used slot (cost 0).
 *
 * Potentials are updated lazily: after a search that reached the sink at distance D, every node
 * settled at distance d gets π += d − D; the others conceptually get +0 instead of +D, which
 * differs from the textbook update by the same constant for all nodes and so leaves every reduced
 * cost unchanged. All costs are integers and potentials stay integers: no rounding anywhere.
 *
 * Restriction with pricing: each order may start with only its K cheapest arcs ("active" prefix of
 * its cost-sorted arc list). After the flow is optimal on the active arcs, every left-out arc is
 * priced with the final potentials; one with negative reduced cost could improve the solution, so
 * violators are activated and the search repeats, until no left-out arc has negative reduced cost.
 * Then the flow with those potentials satisfies the reduced-cost optimality conditions on the whole
 * network: it is optimal for the full problem, for any K.
 */
import type { Network } from './network.js';

export const NONE = -1;
export const UNSERVED = -2;

export interface FlowResult {
  orderArc: Int32Array;
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
  const { arcStart, arcSlot, arcCost, penalty, slotMonth, monthCap, monthBooked, monthSlotStart, monthSlots } = net;
  const fairLoad = net.weights.fairLoad;

  // Active prefix end of every order's arc list.
  const actEnd = new Int32Array(n);
  for (let o = 0; o < n; o++) {
    const deg = arcStart[o + 1] - arcStart[o];
    actEnd[o] = arcStart[o] + (candidateArcs > 0 ? Math.min(candidateArcs, deg) : deg);
  }

  const orderArc = new Int32Array(n);
  const slotOrder = new Int32Array(S);
  const monthUsed = new Int32Array(M);
  const pot = new Float64Array(N);
  const dist = new Float64Array(N);
  const seen = new Int32Array(N); // search stamp when dist[v] was set
  const done = new Int32Array(N); // search stamp when v was settled
  const parent = new Int32Array(N);
  const parentArc = new Int32Array(N);
  const settled = new Int32Array(N);
  let heapKey = new Float64Array(1024);
  let heapNode = new Int32Array(1024);
  const path = new Int32Array(N);

  // Processing sequence: the most constrained orders (fewest arcs) first. Any order is exact; this
  // one keeps the re-routing chains short.
  const seq = Int32Array.from({ length: n }, (_, i) => i);
  const degree = (o: number): number => arcStart[o + 1] - arcStart[o];
  seq.sort((a, b) => degree(a) - degree(b) || a - b);

  let stamp = 0;
  let hSize = 0;
  let bestT = Infinity;
  /** Sets dist[v] = nd via u (arc `arc` for order↔slot edges) and pushes v, unless no better. */
  const relax = (v: number, nd: number, u: number, arc: number): void => {
    if (nd >= bestT || done[v] === stamp) return;
    if (seen[v] === stamp && nd >= dist[v]) return;
    seen[v] = stamp;
    dist[v] = nd;
    parent[v] = u;
    parentArc[v] = arc;
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
      if (heapKey[pi] <= nd) break;
      heapKey[i] = heapKey[pi];
      heapNode[i] = heapNode[pi];
      i = pi;
    }
    heapKey[i] = nd;
    heapNode[i] = v;
  };
  let augmentations = 0;
  let pricingRounds = 0;

  for (;;) {
    pricingRounds++;
    orderArc.fill(NONE);
    slotOrder.fill(-1);
    monthUsed.fill(0);
    pot.fill(0);

    for (let q = 0; q < n; q++) {
      const src = seq[q];
      stamp++;
      let nSettled = 0;
      bestT = Infinity;
      let parentT = -1;
      dist[src] = 0;
      seen[src] = stamp;
      parent[src] = -1;
      heapKey[0] = 0;
      heapNode[0] = src;
      hSize = 1;

      while (hSize > 0) {
        // pop min
        const d = heapKey[0];
        const u = heapNode[0];
        hSize--;
        if (hSize > 0) {
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
        }
        if (done[u] === stamp || d > dist[u]) continue;
        if (d >= bestT) break; // the sink is next (ties go to the sink)
        done[u] = stamp;
        settled[nSettled++] = u;
        const pu = pot[u];

        if (u < n) {
          // order: forward arcs to slots (except the one it uses), and the unserved arc
          const own = orderArc[u];
          const end = actEnd[u];
          for (let a = arcStart[u]; a < end; a++) {
            if (a === own) continue;
            const v = n + arcSlot[a];
            const nd = d + arcCost[a] + pu - pot[v];
            if (nd >= bestT || done[v] === stamp || (seen[v] === stamp && nd >= dist[v])) continue;
            relax(v, nd, u, a);
          }
          if (own !== UNSERVED) {
            const nd = d + penalty[u] + pu - pot[T];
            if (nd < bestT) {
              bestT = nd;
              parentT = u;
            }
          }
        } else if (u < n + S) {
          const s = u - n;
          const o2 = slotOrder[s];
          if (o2 < 0) {
            const v = n + S + slotMonth[s];
            relax(v, d + pu - pot[v], u, -1);
          } else {
            relax(o2, d - arcCost[orderArc[o2]] + pu - pot[o2], u, orderArc[o2]);
          }
        } else {
          const m = u - n - S;
          const used = monthUsed[m];
          if (used < monthCap[m]) {
            const nd = d + Math.round(fairLoad * (monthBooked[m] + used)) + pu - pot[T];
            if (nd < bestT) {
              bestT = nd;
              parentT = u;
            }
          }
          if (used > 0) {
            for (let i = monthSlotStart[m], e = monthSlotStart[m + 1]; i < e; i++) {
              const s = monthSlots[i];
              if (slotOrder[s] < 0) continue;
              relax(n + s, d + pu - pot[n + s], u, -1);
            }
          }
        }
      }

      // Potentials: settled nodes get d − D (see header).
      for (let i = 0; i < nSettled; i++) {
        const v = settled[i];
        pot[v] += dist[v] - bestT;
      }

      // Augment one unit along src → … → parentT → sink.
      let len = 0;
      for (let v = parentT; v !== -1; v = parent[v]) path[len++] = v;
      // path[len-1] = src … path[0] = parentT
      for (let i = len - 1; i > 0; i--) {
        const u = path[i];
        const v = path[i - 1];
        if (u >= n && u < n + S && v < n) {
          // slot → order: the order leaves the slot
          if (slotOrder[u - n] === v) slotOrder[u - n] = -1;
        }
      }
      for (let i = len - 1; i > 0; i--) {
        const u = path[i];
        const v = path[i - 1];
        if (u < n && v >= n && v < n + S) {
          orderArc[u] = parentArc[v];
          slotOrder[v - n] = u;
        }
      }
      if (parentT < n) orderArc[parentT] = UNSERVED;
      else monthUsed[parentT - n - S]++;
      augmentations++;
    }

    // Pricing: activate left-out arcs with negative reduced cost.
    let violators = 0;
    for (let o = 0; o < n; o++) {
      const end = arcStart[o + 1];
      let act = actEnd[o];
      const po = pot[o];
      for (let a = act; a < end; a++) {
        if (arcCost[a] + po - pot[n + arcSlot[a]] < 0) {
          if (a !== act) {
            const ts = arcSlot[a];
            arcSlot[a] = arcSlot[act];
            arcSlot[act] = ts;
            const tc = arcCost[a];
            arcCost[a] = arcCost[act];
            arcCost[act] = tc;
          }
          act++;
          violators++;
        }
      }
      actEnd[o] = act;
    }
    if (violators === 0) break;
  }

  let activeArcs = 0;
  for (let o = 0; o < n; o++) activeArcs += actEnd[o] - arcStart[o];
  return { orderArc, slotOrder, monthUsed, potential: pot, augmentations, pricingRounds, activeArcs };
}
