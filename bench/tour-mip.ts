/**
 * The tour model as a MIP on the tour search's own network and links, for `npm run bench:solver -- --runs
 * tours-mip`: what a general MIP solver with cutting planes (HiGHS) reaches on exactly the model the tour search
 * plans on — its plan, its proven bound and the plain LP relaxation —, to tell how much of the search's gap is
 * its plan and how much its bound. The proof test's MIP (solve.proof.spec.ts) is written from the rules instead,
 * independently, but enumerates every pair of stops, which only small instances allow.
 *
 * Variables: x per usable arc (beyond the home radius only where a link reaches it), u per unserved order, y per
 * load unit of a lecturer-month (its convex cost), z per link, and positions p that keep a tour to maxNights
 * links.
 */
import type { Highs } from 'highs';
import { monthUnitCost } from '../src/scheduling/solver/flow.js';
import type { Network } from '../src/scheduling/solver/network.js';
import { forEachLinkFrom, legKm, type TourGraph } from '../src/scheduling/solver/tours.js';

export interface TourMipResult {
  /** HiGHS's best plan and proven bound (equal when it finished), and the LP relaxation's optimum. */
  cost: number;
  bound: number;
  lpBound: number;
  finished: boolean;
  /** The plan: served orders, per lecturer its lectures, travel km as the solver counts it. */
  served: number;
  lecturesBy: Map<number, number>;
  travelKm: number;
  orderArc: Int32Array;
  nights: number;
  /** Tours: stops linked onwards that no link reaches. */
  tours: number;
}

interface Link {
  from: number;
  to: number;
  cost: number;
}

function linksOf(g: TourGraph, usable: (a: number) => boolean): Link[] {
  const links: Link[] = [];
  for (let i = 0; i < g.slotArcs.length; i++) {
    const a = g.slotArcs[i];
    if (!usable(a) || g.nextSlot[g.net.arcSlot[a]] < 0) continue;
    forEachLinkFrom(g, i, (b, cost) => {
      if (usable(b)) links.push({ from: a, to: b, cost });
      return true;
    });
  }
  return links;
}

function push<K>(m: Map<K, string[]>, k: K, v: string): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/** The model in CPLEX LP format (binaries left out when `relaxed`). */
function lpText(net: Network, g: TourGraph, links: Link[], usable: (a: number) => boolean, relaxed: boolean): string {
  const far = net.arcFar!;
  const positions = g.opts.maxNights;
  const obj: string[] = [];
  const rows: string[] = [];
  const bounds: string[] = [];
  const binaries: string[] = [];
  const bySlot = new Map<number, string[]>();
  const byMonth = new Map<number, string[]>();
  for (let a = 0; a < net.nArcs; a++) {
    if (!usable(a)) continue;
    obj.push(`+ ${net.arcCost[a]} x${a}`);
    binaries.push(`x${a}`);
    push(bySlot, net.arcSlot[a], `+ x${a}`);
    push(byMonth, net.slotMonth[net.arcSlot[a]], `+ x${a}`);
  }
  for (let o = 0; o < net.nOrders; o++) {
    obj.push(`+ ${net.penalty[o]} u${o}`);
    binaries.push(`u${o}`);
    const xs: string[] = [];
    for (let a = net.arcStart[o]; a < net.arcStart[o + 1]; a++) if (usable(a)) xs.push(`+ x${a}`);
    rows.push(`order${o}: ${xs.join(' ')} + u${o} = 1`);
  }
  for (const [s, xs] of bySlot) if (xs.length > 1) rows.push(`slot${s}: ${xs.join(' ')} <= 1`);
  let units = 0;
  for (const [m, xs] of byMonth) {
    const ys: string[] = [];
    for (let k = 1; k <= net.monthCap[m]; k++) {
      const y = `y${units++}`;
      obj.push(`+ ${monthUnitCost(net, m, k)} ${y}`);
      bounds.push(` 0 <= ${y} <= 1`);
      ys.push(`- ${y}`);
    }
    rows.push(`month${m}: ${xs.join(' ')} ${ys.join(' ')} = 0`);
  }
  const into = new Map<number, string[]>();
  const out = new Map<number, string[]>();
  links.forEach((z, k) => {
    obj.push(`+ ${z.cost} z${k}`);
    binaries.push(`z${k}`);
    push(out, z.from, `z${k}`);
    push(into, z.to, `z${k}`);
    rows.push(`position${k}: p${z.to} - p${z.from} - ${positions + 1} z${k} >= -${positions}`);
  });
  for (let a = 0; a < net.nArcs; a++) {
    if (!usable(a) || !g.arcStop[a]) continue;
    const zin = into.get(a) ?? [];
    const zout = out.get(a) ?? [];
    if (zin.length) rows.push(`in${a}: ${zin.map((z) => `+ ${z}`).join(' ')} - x${a} <= 0`);
    if (zout.length) rows.push(`out${a}: ${zout.map((z) => `+ ${z}`).join(' ')} - x${a} <= 0`);
    if (far[a]) rows.push(`far${a}: x${a} ${zin.map((z) => `- ${z}`).join(' ')} <= 0`);
    if (zin.length || zout.length) bounds.push(` 0 <= p${a} <= ${positions}`);
  }
  const binary = relaxed ? [] : ['Binary', ...binaries.map((b) => ` ${b}`)];
  return ['Minimize', ` obj: ${obj.join(' ')}`, 'Subject To', ...rows.map((r) => ` ${r}`), 'Bounds', ...bounds, ...binary, 'End'].join(
    '\n',
  );
}

/** Solves the network's tour model with HiGHS (the LP relaxation, then the MIP within `timeLimitS`). */
export function solveTourMip(highs: Highs, g: TourGraph, timeLimitS: number): TourMipResult {
  const { net } = g;
  const usable = (a: number): boolean => !net.arcFar![a] || g.reachable[a] === 1;
  const links = linksOf(g, usable);
  const lp = highs.createModel({ format: 'lp', data: lpText(net, g, links, usable, true) });
  let lpBound: number;
  try {
    lp.options.set({ output_flag: false });
    lp.run();
    lpBound = lp.getObjectiveValue();
  } finally {
    lp.dispose();
  }
  const mip = highs.createModel({ format: 'lp', data: lpText(net, g, links, usable, false) });
  try {
    mip.options.set({ output_flag: false, time_limit: timeLimitS, mip_rel_gap: 1e-4 });
    mip.run();
    // 2: a feasible plan (HiGHS's solution status); on a large model the time may end before presolve does.
    if (Number(mip.info.get('primal_solution_status')) !== 2)
      throw new Error(`HiGHS found no plan within ${timeLimitS} s (LP relaxation ${Math.round(lpBound)})`);
    const value = mip.getSolution().colValue;
    const taken = (name: string): boolean => value[mip.getColByName(name)] > 0.5;
    const orderArc = new Int32Array(net.nOrders).fill(-1);
    const lecturesBy = new Map<number, number>();
    let travelKm = 0;
    for (let a = 0; a < net.nArcs; a++) {
      if (!usable(a) || !taken(`x${a}`)) continue;
      orderArc[g.arcOrder[a]] = a;
      const l = net.slotLecturer[net.arcSlot[a]];
      lecturesBy.set(l, (lecturesBy.get(l) ?? 0) + 1);
      travelKm += g.homeKm[a];
    }
    // A link drives the leg instead of home and back between the two lectures: half the km it saves per lecture.
    let nights = 0;
    const linkedInto = new Set<number>();
    const linkedFrom: number[] = [];
    links.forEach((z, k) => {
      if (!taken(`z${k}`)) return;
      nights++;
      linkedInto.add(z.to);
      linkedFrom.push(z.from);
      travelKm -= (g.homeKm[z.from] + g.homeKm[z.to] - legKm(g, z.from, z.to)) / 2;
    });
    const finished = mip.getModelStatus() === highs.constants.modelStatus.optimal;
    return {
      cost: mip.getObjectiveValue(),
      bound: Number(mip.info.get('mip_dual_bound')),
      lpBound,
      finished,
      served: orderArc.filter((a) => a >= 0).length,
      lecturesBy,
      travelKm,
      orderArc,
      nights,
      tours: linkedFrom.filter((a) => !linkedInto.has(a)).length,
    };
  } finally {
    mip.dispose();
  }
}
