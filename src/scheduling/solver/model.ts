/**
 * The batch's flow model as a plain arc list, and writers of the same model as a linear program,
 * so an independent LP solver (HiGHS, in the tests and the benchmark only) can prove that the
 * solver's total cost is optimal. The LP is a network LP (flow conservation, 0 ≤ x ≤ capacity):
 * its constraint matrix is totally unimodular, so its optimum is integral and equals the min-cost
 * flow optimum.
 */
import { buildNetwork, type Network, type NetworkInput } from './network.js';
import { monthUnitCost } from './flow.js';

export const ARC_ORDER_SLOT = 0;
export const ARC_SLOT_MONTH = 1;
export const ARC_MONTH_SINK = 2;
export const ARC_UNSERVED = 3;

export interface NetworkDescription {
  /** Node ids: orders [0, orders.length), then slots, then lecturer-months, then the sink. */
  orders: string[];
  slots: { lecturerId: string; startsAt: number; part: string }[];
  months: { lecturerId: string; month: string; capacity: number; booked: number }[];
  sink: number;
  nodeCount: number;
  /** Supply per node: +1 per order, −orders at the sink, 0 elsewhere. */
  supply: Float64Array;
  arcs: {
    count: number;
    from: Int32Array;
    to: Int32Array;
    capacity: Float64Array;
    cost: Float64Array;
    /** ARC_ORDER_SLOT, ARC_SLOT_MONTH, ARC_MONTH_SINK (one per unit, rising cost) or ARC_UNSERVED. */
    kind: Uint8Array;
  };
}

export function describeNetwork(input: NetworkInput): NetworkDescription {
  return describe(buildNetwork(input));
}

export function describe(net: Network): NetworkDescription {
  const n = net.nOrders;
  const S = net.nSlots;
  const M = net.nMonths;
  const sink = n + S + M;
  let unitArcs = 0;
  for (let m = 0; m < M; m++) unitArcs += net.monthCap[m];
  const count = net.nArcs + S + unitArcs + n;
  const from = new Int32Array(count);
  const to = new Int32Array(count);
  const capacity = new Float64Array(count).fill(1);
  const cost = new Float64Array(count);
  const kind = new Uint8Array(count);
  let e = 0;
  for (let o = 0; o < n; o++) {
    for (let a = net.arcStart[o]; a < net.arcStart[o + 1]; a++) {
      from[e] = o;
      to[e] = n + net.arcSlot[a];
      cost[e] = net.arcCost[a];
      kind[e++] = ARC_ORDER_SLOT;
    }
  }
  for (let s = 0; s < S; s++) {
    from[e] = n + s;
    to[e] = n + S + net.slotMonth[s];
    kind[e++] = ARC_SLOT_MONTH;
  }
  for (let m = 0; m < M; m++) {
    for (let k = 1; k <= net.monthCap[m]; k++) {
      from[e] = n + S + m;
      to[e] = sink;
      cost[e] = monthUnitCost(net, m, k);
      kind[e++] = ARC_MONTH_SINK;
    }
  }
  for (let o = 0; o < n; o++) {
    from[e] = o;
    to[e] = sink;
    cost[e] = net.penalty[o];
    kind[e++] = ARC_UNSERVED;
  }
  const supply = new Float64Array(sink + 1);
  for (let o = 0; o < n; o++) supply[o] = 1;
  supply[sink] = -n;
  return {
    orders: net.orders.map((o) => o.id),
    slots: Array.from({ length: S }, (_, s) => ({
      lecturerId: net.lecturers[net.slotLecturer[s]].id,
      startsAt: net.slotStart[s],
      part: net.parts[net.slotPart[s]].name,
    })),
    months: Array.from({ length: M }, (_, m) => ({
      lecturerId: net.lecturers[net.monthLecturer[m]].id,
      month: net.monthKey[m],
      capacity: net.monthCap[m],
      booked: net.monthBooked[m],
    })),
    sink,
    nodeCount: sink + 1,
    supply,
    arcs: { count, from, to, capacity, cost, kind },
  };
}

/** The model as CPLEX LP text: minimise Σ cost·x s.t. out − in = supply at every node, 0 ≤ x ≤ cap. */
export function toLpText(d: NetworkDescription): string {
  const { count, from, to, capacity, cost } = d.arcs;
  const out: string[] = ['Minimize', ' obj:'];
  let line = '';
  for (let e = 0; e < count; e++) {
    if (cost[e] === 0) continue;
    line += ` + ${cost[e]} x${e}`;
    if (line.length > 200) {
      out.push(line);
      line = '';
    }
  }
  if (line) out.push(line);
  if (out.length === 2) out.push(' 0 x0');
  out.push('Subject To');
  const rows: string[][] = Array.from({ length: d.nodeCount }, () => []);
  for (let e = 0; e < count; e++) {
    rows[from[e]].push(`+ x${e}`);
    rows[to[e]].push(`- x${e}`);
  }
  for (let v = 0; v < d.nodeCount; v++) {
    if (rows[v].length === 0) continue;
    out.push(` n${v}: ${rows[v].join(' ')} = ${d.supply[v]}`);
  }
  out.push('Bounds');
  for (let e = 0; e < count; e++) out.push(` 0 <= x${e} <= ${capacity[e]}`);
  out.push('End');
  return out.join('\n');
}

/**
 * The same LP as column-wise sparse arrays, in the shape of HiGHS's `ModelData` (without importing
 * it): one column per arc, one equality row per node.
 */
export function toSparseLp(d: NetworkDescription) {
  const { count, from, to, capacity, cost } = d.arcs;
  const starts = new Int32Array(count + 1);
  const indices = new Int32Array(2 * count);
  const values = new Float64Array(2 * count);
  for (let e = 0; e < count; e++) {
    starts[e + 1] = 2 * (e + 1);
    indices[2 * e] = from[e];
    values[2 * e] = 1;
    indices[2 * e + 1] = to[e];
    values[2 * e + 1] = -1;
  }
  return {
    numCols: count,
    numRows: d.nodeCount,
    offset: 0,
    colCost: cost,
    colLower: new Float64Array(count),
    colUpper: capacity,
    rowLower: d.supply,
    rowUpper: d.supply,
    matrix: { format: 'csc' as const, numRows: d.nodeCount, numCols: count, starts, indices, values },
  };
}
