/**
 * Exact min-cost flow on the batch network by successive shortest paths: one order (one unit of
 * flow) at a time, Dijkstra on reduced costs with node potentials (Johnson), stopping as soon as the
 * sink is reached (ties broken toward it), all in typed arrays, no per-arc objects.
 *
 * Node ids: orders [0, n), slots [n, n + S), lecturer-months [n + S, n + S + M), sink T = n + S + M.
 * Residual arcs (every capacity is 1 except the lecturer-month → sink unit arcs, kept as a count
 * `monthUsed` since their costs rise and the cheapest ones always carry the flow):
 *   order → slot (no flow on the arc)         cost  c(o, s)
 *   slot → order (flow on the arc)            cost −c(o, s)
 *   order → T  (order not unserved)           cost  penalty(o)
 *   slot → month (slot not used)              cost 0
 *   month → slot (slot used)                  cost 0
 *   month → T  (used < capacity)              cost  load(used + 1)
 * Every search starts at an order and ends at the sink, so arcs out of the sink never matter. A slot
 * is used exactly when one order's arc into it carries flow (conservation), so that arc is all the
 * slot's state.
 *
 * Potentials are updated lazily: after a search that reached the sink at distance D, every node
 * settled at distance d gets π += d − D; the others conceptually get +0 instead of +D, the same
 * constant for all of them, so no reduced cost changes. All costs are integers and so are the
 * potentials: no rounding anywhere.
 */
import type { Network } from './network.js';

export const UNSERVED = -2;
const NONE = -1;

export interface FlowResult {
  /** The arc carrying the order's unit, or UNSERVED. */
  orderArc: Int32Array;
  /** The order using the slot, or −1. */
  slotOrder: Int32Array;
  monthUsed: Int32Array;
  augmentations: number;
}

/** Cost of the k-th (1-based) unit arc of lecturer-month m. */
export function monthUnitCost(net: Network, m: number, k: number): number {
  return Math.round(net.weights.fairLoad * Math.max(0, net.monthBooked[m] + k - 1));
}

export function solveFlow(net: Network): FlowResult {
  const flow = new ResidualFlow(net);
  for (const o of ordersByDegree(net)) flow.augmentFrom(o);
  return flow.result();
}

/** Orders with fewer arcs first (ties by index): the hardest to place claim their few slots early. */
function ordersByDegree(net: Network): Int32Array {
  const degree = (o: number): number => net.arcStart[o + 1] - net.arcStart[o];
  return Int32Array.from({ length: net.nOrders }, (_, i) => i).sort((a, b) => degree(a) - degree(b) || a - b);
}

/** A binary min-heap of (key, node) pairs on typed arrays. */
class NodeHeap {
  key = new Float64Array(1024);
  node = new Int32Array(1024);
  size = 0;

  push(v: number, key: number): void {
    if (this.size === this.key.length) this.grow();
    let i = this.size++;
    while (i > 0) {
      const pi = (i - 1) >> 1;
      if (this.key[pi] <= key) break;
      this.key[i] = this.key[pi];
      this.node[i] = this.node[pi];
      i = pi;
    }
    this.key[i] = key;
    this.node[i] = v;
  }

  /** Removes the minimum (read it first from key[0], node[0]). */
  pop(): void {
    const size = --this.size;
    if (size === 0) return;
    const k = this.key[size];
    const v = this.node[size];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= size) break;
      if (c + 1 < size && this.key[c + 1] < this.key[c]) c++;
      if (this.key[c] >= k) break;
      this.key[i] = this.key[c];
      this.node[i] = this.node[c];
      i = c;
    }
    this.key[i] = k;
    this.node[i] = v;
  }

  private grow(): void {
    const key = new Float64Array(this.size * 2);
    key.set(this.key);
    this.key = key;
    const node = new Int32Array(this.size * 2);
    node.set(this.node);
    this.node = node;
  }
}

/** The residual network of one batch: the flow so far, the potentials, and the shortest-path search. */
class ResidualFlow {
  private readonly n: number;
  private readonly S: number;
  private readonly T: number;
  /** The order of every arc (arcs are stored by order). */
  private readonly arcOrder: Int32Array;

  // Flow state.
  private readonly arcFlow: Uint8Array;
  private readonly unserved: Uint8Array;
  /** The arc carrying flow into the slot, or NONE when the slot is free. */
  private readonly slotArc: Int32Array;
  private readonly monthUsed: Int32Array;
  private augmentations = 0;

  // Search state: entries count for the current search only when their stamp is `stamp`.
  private readonly pot: Float64Array;
  private readonly dist: Float64Array;
  private readonly seen: Int32Array;
  private readonly done: Int32Array;
  private readonly parent: Int32Array;
  private readonly parentArc: Int32Array;
  private readonly settled: Int32Array;
  private nSettled = 0;
  private stamp = 0;
  private readonly heap = new NodeHeap();
  /** Best distance to the sink found so far, and its last node and arc. */
  private bestD = Infinity;
  private bestFrom = -1;
  private bestArc = -1;
  private readonly path: Int32Array;
  private readonly pathArc: Int32Array;

  constructor(private readonly net: Network) {
    const n = (this.n = net.nOrders);
    const S = (this.S = net.nSlots);
    const N = n + S + net.nMonths + 1;
    this.T = N - 1;
    this.arcOrder = new Int32Array(net.nArcs);
    for (let o = 0; o < n; o++) this.arcOrder.fill(o, net.arcStart[o], net.arcStart[o + 1]);
    this.arcFlow = new Uint8Array(net.nArcs);
    this.unserved = new Uint8Array(n);
    this.slotArc = new Int32Array(S).fill(NONE);
    this.monthUsed = new Int32Array(net.nMonths);
    this.pot = new Float64Array(N);
    this.dist = new Float64Array(N);
    this.seen = new Int32Array(N);
    this.done = new Int32Array(N);
    this.parent = new Int32Array(N);
    this.parentArc = new Int32Array(N);
    this.settled = new Int32Array(N);
    this.path = new Int32Array(N + 1);
    this.pathArc = new Int32Array(N + 1);
  }

  /** Sends order src's unit to the sink along a shortest residual path. */
  augmentFrom(src: number): void {
    this.searchShortestPath(src);
    this.updatePotentials();
    this.applyPath(this.tracePath(src));
    this.augmentations++;
  }

  /** Dijkstra on reduced costs from src, until the sink is the nearest node left. */
  private searchShortestPath(src: number): void {
    const { n, S, T, heap, dist, done } = this;
    const stamp = ++this.stamp;
    this.bestD = Infinity;
    this.bestFrom = -1;
    this.bestArc = -1;
    this.nSettled = 0;
    heap.size = 0;
    dist[src] = 0;
    this.seen[src] = stamp;
    this.parent[src] = -1;
    heap.push(src, 0);
    while (heap.size > 0) {
      const d = heap.key[0];
      const u = heap.node[0];
      heap.pop();
      if (done[u] === stamp || d > dist[u]) continue;
      if (d >= this.bestD) break; // the sink is next (ties go to the sink)
      done[u] = stamp;
      this.settled[this.nSettled++] = u;
      const pu = this.pot[u] + d;
      if (u < n) this.scanOrder(u, pu);
      else if (u < n + S) this.scanSlot(u, pu);
      else if (u < T) this.scanMonth(u, pu);
    }
    if (this.bestFrom < 0) throw new Error('internal: no augmenting path');
  }

  /** Order u: its free arcs to slots, and the unserved arc unless it is already unserved. */
  private scanOrder(u: number, pu: number): void {
    const { arcSlot, arcCost, arcStart, penalty } = this.net;
    for (let a = arcStart[u], end = arcStart[u + 1]; a < end; a++) {
      if (this.arcFlow[a] !== 0) continue;
      const v = this.n + arcSlot[a];
      this.relax(v, pu + arcCost[a] - this.pot[v], u, a);
    }
    if (this.unserved[u] === 0) this.relax(this.T, pu + penalty[u] - this.pot[this.T], u, -1);
  }

  /** Slot u: on to its lecturer-month when free, else back to the order using it. */
  private scanSlot(u: number, pu: number): void {
    const a = this.slotArc[u - this.n];
    if (a === NONE) {
      const v = this.n + this.S + this.net.slotMonth[u - this.n];
      this.relax(v, pu - this.pot[v], u, -1);
    } else {
      const o = this.arcOrder[a];
      this.relax(o, pu - this.net.arcCost[a] - this.pot[o], u, a);
    }
  }

  /** Lecturer-month u: its next unit arc to the sink, and back to each of its used slots. */
  private scanMonth(u: number, pu: number): void {
    const { monthCap, monthSlotStart, monthSlots } = this.net;
    const m = u - this.n - this.S;
    const used = this.monthUsed[m];
    if (used < monthCap[m]) this.relax(this.T, pu + monthUnitCost(this.net, m, used + 1) - this.pot[this.T], u, -1);
    if (used > 0) {
      for (let i = monthSlotStart[m], e = monthSlotStart[m + 1]; i < e; i++) {
        const s = monthSlots[i];
        if (this.slotArc[s] !== NONE) this.relax(this.n + s, pu - this.pot[this.n + s], u, -1);
      }
    }
  }

  /** Tentative distance nd to v via u (arc for order↔slot edges, else −1). */
  private relax(v: number, nd: number, u: number, arc: number): void {
    if (nd >= this.bestD) return;
    if (v === this.T) {
      this.bestD = nd;
      this.bestFrom = u;
      this.bestArc = arc;
      return;
    }
    const stamp = this.stamp;
    if (this.done[v] === stamp || (this.seen[v] === stamp && nd >= this.dist[v])) return;
    this.seen[v] = stamp;
    this.dist[v] = nd;
    this.parent[v] = u;
    this.parentArc[v] = arc;
    this.heap.push(v, nd);
  }

  /** Keeps every reduced cost ≥ 0 (lazy update, see the header). */
  private updatePotentials(): void {
    for (let i = 0; i < this.nSettled; i++) {
      const v = this.settled[i];
      this.pot[v] += this.dist[v] - this.bestD;
    }
  }

  /** Writes the path T ← bestFrom ← … ← src into path/pathArc (edge i−1 goes path[i] → path[i−1]); returns its length. */
  private tracePath(src: number): number {
    let len = 0;
    this.path[len] = this.T;
    this.pathArc[len++] = this.bestArc;
    for (let v = this.bestFrom; v !== -1; v = this.parent[v]) {
      this.path[len] = v;
      this.pathArc[len++] = v === src ? -1 : this.parentArc[v];
    }
    return len;
  }

  /** Pushes one unit along the path: arcs leaving slots first, then those entering them (a slot never holds two). */
  private applyPath(len: number): void {
    const { n, S, T, path, pathArc } = this;
    for (let i = len - 1; i > 0; i--) {
      const u = path[i];
      if (u >= n && u < n + S && path[i - 1] < n) this.takeArcBack(pathArc[i - 1]);
    }
    for (let i = len - 1; i > 0; i--) {
      const u = path[i];
      const v = path[i - 1];
      if (u < n) {
        if (v === T) this.unserved[u] = 1;
        else this.putFlow(pathArc[i - 1]);
      } else if (u >= n + S && v === T) this.monthUsed[u - n - S]++;
    }
  }

  private putFlow(arc: number): void {
    const s = this.net.arcSlot[arc];
    if (this.slotArc[s] !== NONE) throw new Error('internal: slot inflow > 1');
    this.arcFlow[arc] = 1;
    this.slotArc[s] = arc;
  }

  private takeArcBack(arc: number): void {
    const s = this.net.arcSlot[arc];
    if (this.slotArc[s] !== arc) throw new Error('internal: arc not in slot inflow');
    this.arcFlow[arc] = 0;
    this.slotArc[s] = NONE;
  }

  /** The final flow in the compact form, checking that every order carries exactly one unit. */
  result(): FlowResult {
    const { net, n } = this;
    const orderArc = new Int32Array(n).fill(NONE);
    const slotOrder = new Int32Array(this.S).fill(-1);
    for (let o = 0; o < n; o++) {
      let units = this.unserved[o];
      if (this.unserved[o]) orderArc[o] = UNSERVED;
      for (let a = net.arcStart[o]; a < net.arcStart[o + 1]; a++) {
        if (this.arcFlow[a]) {
          units++;
          orderArc[o] = a;
          slotOrder[net.arcSlot[a]] = o;
        }
      }
      if (units !== 1) throw new Error(`internal: order ${o} carries ${units} units`);
    }
    return { orderArc, slotOrder, monthUsed: this.monthUsed, augmentations: this.augmentations };
  }
}
