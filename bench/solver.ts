/**
 * Benchmark of the batch solver: `npm run bench:solver [-- --sizes S,M,L] [--seed N] [--runs tours,solver]
 * [--tour-budget-ms N]` (the tour search's time budget in ms, default the app's: 0, none).
 *
 * A seeded generator scatters branches (villages, townships, banner seats, city) around the 14
 * banner seats of data/hulunbuir-banners.json and draws lecturers, a course menu and orders. For
 * every size it runs, each in its own child process (so the peak RSS is that solver's own):
 *   tours   the solver with tours (巡回宣讲, at most 3 nights away, 60 km/h): cost, nights, the proven
 *           lower bound and the gap to it
 *   solver  this min-cost-flow solver without tours (network building included in the wall time)
 *   greedy  first come, first served: orders by creation time, each takes the cheapest usable free
 *           slot (same hard rules and costs)
 *   HiGHS   the same network LP solved by HiGHS (WebAssembly), abandoned after 120 s
 *   tours-mip  only when named in --runs: the tour model on the tour search's own network solved as a MIP by
 *           HiGHS (cutting planes, branch and bound) within 300 s: its plan, its proven bound and the LP
 *           relaxation's, against the tour search's (bench/tour-mip.ts)
 * and prints wall time, peak RSS, total cost, orders served, served share of remote/border/weak
 * orders, travel, and the spread of lecturer load (max / mean lectures per lecturer in the batch).
 */
import { spawn } from 'node:child_process';
import type { Highs } from 'highs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ARC_ORDER_SLOT, describeNetwork, toSparseLp } from '../src/scheduling/solver/model.js';
import { buildNetwork } from '../src/scheduling/solver/network.js';
import { buildTourGraph } from '../src/scheduling/solver/tours.js';
import { solveTourMip } from './tour-mip.js';
import { travelKm } from '../src/kernel/geo.js';
import { greedyBatch, solveBatch, solveBatchWithTours, DEFAULT_SLOT_MODEL } from '../src/scheduling/solver/index.js';
import type { SolveInput, SolveResult, SolverLecturer, SolverOrder } from '../src/scheduling/solver/index.js';
import { FORMATS, isOnSite, LECTURER_CATEGORIES, TOPICS, type LecturerLevel, type RegionLevel } from '../src/kernel/vocabulary.js';
import { loadBanners } from '../src/kernel/banners.js';
import { DAY_MS as DAY, HOUR_MS as HOUR } from '../src/kernel/time.js';
import { mulberry32 } from '../src/kernel/seeded-random.js';

// ---- seeded generator ------------------------------------------------------------------------------

const TOPIC_WEIGHTS = [3, 2, 2, 3, 2, 1.5, 1];
const MONGOLIAN_BANNERS = new Set(['New Barag Left Banner', 'New Barag Right Banner', 'Old Barag Banner', 'Evenk Autonomous Banner']);
/** The app's default TRAVEL_SPEED_KMH: what the lecturers' bookings block around on-site lectures, and a tour's legs. */
const TRAVEL_SPEED_KMH = 60;

export const SIZES = {
  S: { orders: 200, lecturers: 60, days: 14 },
  M: { orders: 2000, lecturers: 500, days: 30 },
  L: { orders: 10000, lecturers: 2000, days: 90 },
  /** Tour-friendly: campaigns in remote sumu — clusters of village orders far from any seat, with overlapping windows. */
  T: { orders: 600, lecturers: 150, days: 21 },
} as const;
type SizeName = keyof typeof SIZES;

export interface BenchInstance {
  input: SolveInput;
  categories: Record<string, string>;
}

export function generateInstance(size: SizeName, seed: number): BenchInstance {
  const { orders: nOrders, lecturers: nLecturers, days } = SIZES[size];
  const rnd = mulberry32(seed * 7919 + size.charCodeAt(0));
  const { city, banners } = loadBanners();
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const weighted = <T>(xs: readonly T[], ws: readonly number[]): T => {
    const total = ws.reduce((a, b) => a + b, 0);
    let r = rnd() * total;
    for (let i = 0; i < xs.length; i++) if ((r -= ws[i]) < 0) return xs[i];
    return xs[xs.length - 1];
  };
  const around = (lat: number, lon: number, minKm: number, maxKm: number) => {
    const r = minKm + (maxKm - minKm) * Math.sqrt(rnd());
    const th = rnd() * 2 * Math.PI;
    return { latitude: lat + (r * Math.cos(th)) / 111, longitude: lon + (r * Math.sin(th)) / (111 * Math.cos((lat * Math.PI) / 180)) };
  };
  // The plan starts on the Monday after 2025-03-02 (local); 00:00 local = 16:00 UTC the day before.
  const horizonStart = Date.UTC(2025, 2, 3) - 8 * HOUR;

  // Branches.
  const nBranches = Math.max(20, Math.round(nOrders * 0.6));
  const branches = Array.from({ length: nBranches }, (_, i) => {
    const banner = pick(banners);
    const regionLevel = weighted<RegionLevel>(['village', 'township', 'banner', 'city'], [62, 22, 11, 5]);
    const pos =
      regionLevel === 'city'
        ? around(city.latitude, city.longitude, 0, 8)
        : around(
            banner.latitude,
            banner.longitude,
            regionLevel === 'banner' ? 0 : regionLevel === 'township' ? 8 : 20,
            regionLevel === 'banner' ? 8 : regionLevel === 'township' ? 70 : 150,
          );
    const far = travelKm(pos, banner) > 70;
    const remote = regionLevel === 'village' ? rnd() < (far ? 0.75 : 0.15) : false;
    return {
      id: `b${i}`,
      bannerName: banner.nameEn,
      branch: {
        ...pos,
        regionLevel,
        remote,
        border: banner.border && regionLevel !== 'city' && rnd() < 0.7,
        weak: rnd() < 0.15,
        lecturesThisYear: Math.floor(rnd() * (remote ? 4 : 12)),
      },
    };
  });

  // Lecturers.
  const weeklyPatterns = [
    [1, 2, 3, 4, 5]
      .flatMap((d) => [{ weekday: d, from: '08:00', to: '18:00' }])
      .concat([1, 2, 3, 4].map((d) => ({ weekday: d, from: '19:00', to: '22:00' }))),
    [1, 2, 3, 4, 5, 6, 7].map((d) => ({ weekday: d, from: '08:00', to: '22:00' })),
    [5, 6, 7].map((d) => ({ weekday: d, from: '08:00', to: '24:00' })).concat([{ weekday: 3, from: '19:00', to: '23:00' }]),
    [1, 3, 5, 6].map((d) => ({ weekday: d, from: '08:30', to: '21:30' })),
  ];
  const categories: Record<string, string> = {};
  const homeBanner: number[] = [];
  const lecturers: SolverLecturer[] = Array.from({ length: nLecturers }, (_, i) => {
    const level = weighted<LecturerLevel>(['city', 'banner', 'township'], [15, 35, 50]);
    const bannerIndex = Math.floor(rnd() * banners.length);
    homeBanner.push(bannerIndex);
    const banner = banners[bannerIndex];
    const pos =
      level === 'city'
        ? around(city.latitude, city.longitude, 0, 5)
        : level === 'banner'
          ? around(banner.latitude, banner.longitude, 0, 10)
          : around(banner.latitude, banner.longitude, 10, 80);
    const topics = new Set<string>();
    const nTopics = 1 + Math.floor(rnd() * 3);
    while (topics.size < nTopics) topics.add(weighted(TOPICS, TOPIC_WEIGHTS));
    const mongolianArea = MONGOLIAN_BANNERS.has(banner.nameEn);
    const languages = rnd() < 0.97 ? ['zh'] : [];
    if (rnd() < (mongolianArea ? 0.6 : 0.2) || languages.length === 0) languages.push('mn');
    const formats = FORMATS.filter((_, k) => rnd() < [0.9, 0.6, 0.4, 0.35][k]);
    if (formats.length === 0) formats.push('on_site');
    const exceptions = Array.from({ length: Math.floor(rnd() * 3) }, () => {
      const from = horizonStart + Math.floor(rnd() * days) * DAY;
      return { from, to: from + (1 + Math.floor(rnd() * 5)) * DAY };
    });
    const bookedPerMonth: Record<string, number> = {};
    const bookings = Array.from({ length: Math.floor(rnd() * 4) }, () => {
      const start = horizonStart + Math.floor(rnd() * days) * DAY + 8 * HOUR + Math.floor(rnd() * 8) * HOUR;
      const d = new Date(start + 8 * HOUR);
      const key = `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
      bookedPerMonth[key] = (bookedPerMonth[key] ?? 0) + 1;
      return { start, end: start + (3 + Math.floor(rnd() * 5)) * HOUR };
    });
    const rated = rnd() < 0.8;
    const id = `l${i}`;
    categories[id] = pick(LECTURER_CATEGORIES);
    return {
      id,
      level,
      ...pos,
      topics: [...topics],
      languages,
      formats,
      travelRadiusKm:
        level === 'city' ? 300 + Math.floor(rnd() * 200) : level === 'banner' ? 150 + Math.floor(rnd() * 150) : 60 + Math.floor(rnd() * 90),
      travelSpeedKmh: TRAVEL_SPEED_KMH,
      maxLecturesPerMonth: 3 + Math.floor(rnd() * 6),
      rating: rated ? Math.round((3 + 2 * rnd()) * 10) / 10 : null,
      ratingCount: rated ? 1 + Math.floor(rnd() * 40) : 0,
      weekly: pick(weeklyPatterns),
      exceptions,
      bookings,
      bookedPerMonth,
    };
  });

  // Course menu: every banner has its own menu; a course is given by 3–8 lecturers who teach its
  // topic, from that banner or from the city pool.
  const courses = banners.flatMap((banner, bi) =>
    Array.from({ length: Math.max(4, Math.round(nLecturers / 30)) }, (_, i) => {
      const topic = weighted(TOPICS, TOPIC_WEIGHTS);
      const local = lecturers.filter((l, li) => l.topics.includes(topic) && (homeBanner[li] === bi || l.level === 'city'));
      const pool = local.length >= 3 ? local : lecturers.filter((l) => l.topics.includes(topic));
      const ids = new Set<string>();
      const k = Math.min(pool.length, 3 + Math.floor(rnd() * 6));
      while (ids.size < k) ids.add(pick(pool).id);
      return { id: `c${bi}-${i}`, banner: banner.nameEn, topic, lecturerIds: [...ids] };
    }),
  );
  const menuOf = new Map<string, typeof courses>();
  for (const c of courses) menuOf.set(c.banner, [...(menuOf.get(c.banner) ?? []), c]);

  // Orders, in creation order.
  const orders: SolverOrder[] = Array.from({ length: nOrders }, (_, i) => {
    const b = pick(branches);
    const menu = rnd() < 0.55;
    const course = pick(rnd() < 0.85 ? menuOf.get(b.bannerName)! : courses);
    const format = weighted(FORMATS, [45, 25, 15, 15]);
    const mongolianArea = MONGOLIAN_BANNERS.has(b.bannerName);
    const windowDays = 3 + Math.floor(rnd() * 12);
    const startDay = Math.floor(rnd() * Math.max(1, days - windowDays));
    const earliestStart = horizonStart + startDay * DAY + 8 * HOUR;
    const declined = rnd() < 0.05 ? [pick(lecturers).id] : undefined;
    return {
      id: `o${i}`,
      branchId: b.id,
      courseId: menu ? course.id : null,
      courseLecturerIds: menu ? course.lecturerIds : undefined,
      topic: menu ? course.topic : weighted(TOPICS, TOPIC_WEIGHTS),
      format,
      language: rnd() < (mongolianArea ? 0.35 : 0.08) ? 'mn' : 'zh',
      earliestStart,
      latestStart: earliestStart + windowDays * DAY + 12 * HOUR,
      durationMinutes: pick([60, 90, 120, 180]),
      branch: b.branch,
      declinedLecturerIds: declined,
    };
  });
  if (size === 'T') campaignsInRemoteSumu(orders, rnd, around, banners);
  return { input: { orders, lecturers, slotModel: DEFAULT_SLOT_MODEL }, categories };
}

/**
 * Tour-friendly instance: seven in ten orders come from six campaigns, each in a remote sumu 120–220 km
 * from a banner seat, whose village branches (within ~15 km of each other) ask for on-site lectures in
 * the same week.
 */
function campaignsInRemoteSumu(
  orders: SolverOrder[],
  rnd: () => number,
  around: (lat: number, lon: number, minKm: number, maxKm: number) => { latitude: number; longitude: number },
  banners: ReturnType<typeof loadBanners>['banners'],
): void {
  const horizonStart = orders.reduce((m, o) => Math.min(m, o.earliestStart), Infinity) - 8 * HOUR;
  const campaigns = Array.from({ length: 6 }, (_, c) => {
    const seat = banners[Math.floor(rnd() * banners.length)];
    return { centre: around(seat.latitude, seat.longitude, 120, 220), firstDay: 2 * c };
  });
  for (const o of orders) {
    if (rnd() >= 0.7) continue;
    const c = campaigns[Math.floor(rnd() * campaigns.length)];
    const earliestStart = horizonStart + (c.firstDay + Math.floor(rnd() * 3)) * DAY + 8 * HOUR;
    Object.assign(o, {
      format: 'on_site',
      earliestStart,
      latestStart: earliestStart + 7 * DAY,
      branch: { ...o.branch, ...around(c.centre.latitude, c.centre.longitude, 0, 15), regionLevel: 'village', remote: true },
    });
  }
}

// ---- metrics -----------------------------------------------------------------------------------------

interface Metrics {
  wallMs: number;
  /** User + system CPU time of the run (holds better than wall on a loaded machine). */
  cpuMs: number;
  /** process.resourceUsage().maxRSS is in KiB: this is MiB. */
  maxRssMb: number;
  instanceRssMb: number;
  totalCost: number;
  served: number;
  orders: number;
  priorityServed: number;
  priorityOrders: number;
  travelKm: number;
  loadMax: number;
  loadMean: number;
  arcs?: number;
  lpColumns?: number;
  /** Travel km per served order (solver and greedy), to compare travel on the orders both serve. */
  kmByOrder?: Record<string, number>;
  buildMs?: number;
  solveMs?: number;
  /** With tours. */
  nights?: number;
  tours?: number;
  lowerBound?: number;
  gap?: number;
  /** HiGHS on the tour model: the LP relaxation's optimum, and whether the MIP finished within its time. */
  lpBound?: number;
  finished?: boolean;
  timedOut?: boolean;
}

function planMetrics(input: SolveInput, plan: { orderId: string; lecturerId: string; travelKm: number }[]) {
  const priority = new Set(input.orders.filter((o) => o.branch.remote || o.branch.border || o.branch.weak).map((o) => o.id));
  const load = new Map<string, number>();
  let priorityServed = 0;
  let km = 0;
  for (const a of plan) {
    if (priority.has(a.orderId)) priorityServed++;
    km += a.travelKm;
    load.set(a.lecturerId, (load.get(a.lecturerId) ?? 0) + 1);
  }
  return {
    served: plan.length,
    orders: input.orders.length,
    priorityServed,
    priorityOrders: priority.size,
    travelKm: km,
    loadMax: Math.max(0, ...load.values()),
    loadMean: plan.length / input.lecturers.length,
  };
}

function resultMetrics(input: SolveInput, r: SolveResult) {
  const kmByOrder: Record<string, number> = {};
  for (const a of r.assigned) kmByOrder[a.orderId] = a.travelKm;
  return {
    totalCost: r.totalCost,
    arcs: r.stats.arcs,
    kmByOrder,
    buildMs: r.stats.buildMs,
    solveMs: r.stats.solveMs,
    ...planMetrics(input, r.assigned),
    // a tour's stops are each km from home; what the tours drive is in the stats
    travelKm: r.stats.travelKm,
  };
}

// ---- child: run one solver on one instance ------------------------------------------------------------

/** Tours as the app plans them by default: at most 3 nights away, travel at 60 km/h, no time budget (0). */
const TOURS = { maxNights: 3, travelSpeedKmh: TRAVEL_SPEED_KMH };
const TOUR_TIME_BUDGET_MS = 0;
/** HiGHS's time for the tour model as a MIP (--runs tours-mip). */
const TOUR_MIP_TIME_LIMIT_S = 300;

/** highs is CommonJS-typed but its ESM entry's default export is the loader. */
async function loadHighsRuntime(): Promise<Highs> {
  const mod = (await import('highs')) as unknown as { default: (() => Promise<Highs>) | { default: () => Promise<Highs> } };
  const loader = typeof mod.default === 'function' ? mod.default : mod.default.default;
  return loader();
}

async function runChild(solver: string, size: SizeName, seed: number, tourBudgetMs: number): Promise<void> {
  const { input } = generateInstance(size, seed);
  const instanceRssMb = process.memoryUsage().rss / 2 ** 20;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let m: Omit<Metrics, 'wallMs' | 'cpuMs' | 'maxRssMb' | 'instanceRssMb'>;
  if (solver === 'tours') {
    const r = solveBatchWithTours({ ...input, tours: { ...TOURS, timeBudgetMs: tourBudgetMs > 0 ? tourBudgetMs : undefined } });
    const t = r.stats.tours!;
    m = { ...resultMetrics(input, r), nights: t.nights, tours: t.tours, lowerBound: t.lowerBound, gap: t.gap, timedOut: t.timedOut };
  } else if (solver === 'solver') {
    m = resultMetrics(input, solveBatch(input));
  } else if (solver === 'greedy') {
    m = resultMetrics(input, greedyBatch(input));
  } else if (solver === 'tours-mip') {
    const highs = await loadHighsRuntime();
    const withTours = { ...input, tours: TOURS };
    const net = buildNetwork(withTours, { tourStops: TOURS.maxNights + 1 });
    const r = solveTourMip(highs, buildTourGraph(net, TOURS), TOUR_MIP_TIME_LIMIT_S);
    const plan = [...r.orderArc.entries()]
      .filter(([, a]) => a >= 0)
      .map(([o, a]) => ({ orderId: net.orders[o].id, lecturerId: net.lecturers[net.slotLecturer[net.arcSlot[a]]].id, travelKm: 0 }));
    m = {
      totalCost: r.cost,
      ...planMetrics(input, plan),
      travelKm: r.travelKm,
      nights: r.nights,
      tours: r.tours,
      lowerBound: r.bound,
      gap: (r.cost - r.bound) / r.bound,
      lpBound: r.lpBound,
      finished: r.finished,
    };
  } else {
    const highs = await loadHighsRuntime();
    const d = describeNetwork(input);
    const lp = toSparseLp(d);
    let model: ReturnType<Highs['createModel']>;
    try {
      model = highs.createModel(lp);
    } catch (e) {
      throw new Error(
        `out of its ${(highs.memoryBytes / 2 ** 30).toFixed(0)} GiB WASM memory loading ${fmtInt(d.arcs.count)} LP columns after ${((performance.now() - t0) / 1000).toFixed(0)} s (${e instanceof Error ? e.message.slice(0, 20) : String(e)})`,
        { cause: e },
      );
    }
    try {
      model.options.set({ output_flag: false, time_limit: 120, presolve: 'on' });
      try {
        model.run();
      } catch (e) {
        throw new Error(
          `out of its ${(highs.memoryBytes / 2 ** 30).toFixed(0)} GiB WASM memory solving ${fmtInt(d.arcs.count)} LP columns, after ${((performance.now() - t0) / 1000).toFixed(0)} s (${e instanceof Error ? e.message.slice(0, 9) : String(e)})`,
          { cause: e },
        );
      }
      const status = model.getModelStatus();
      if (status === highs.constants.modelStatus.timeLimit) throw new Error('> 120 s (HiGHS time limit)');
      if (status !== highs.constants.modelStatus.optimal) throw new Error(`HiGHS status ${status}`);
      const x = model.getSolution().colValue;
      const plan: { orderId: string; lecturerId: string; travelKm: number }[] = [];
      const orderById = new Map(input.orders.map((o) => [o.id, o]));
      const lecturerById = new Map(input.lecturers.map((l) => [l.id, l]));
      for (let e = 0; e < d.arcs.count; e++) {
        if (d.arcs.kind[e] !== ARC_ORDER_SLOT || x[e] < 0.5) continue;
        const order = orderById.get(d.orders[d.arcs.from[e]])!;
        const slot = d.slots[d.arcs.to[e] - d.orders.length];
        const l = lecturerById.get(slot.lecturerId)!;
        const onSite = isOnSite(order.format);
        plan.push({ orderId: order.id, lecturerId: l.id, travelKm: onSite ? travelKm(l, order.branch) : 0 });
      }
      let orderSlotArcs = 0;
      for (let e = 0; e < d.arcs.count; e++) if (d.arcs.kind[e] === ARC_ORDER_SLOT) orderSlotArcs++;
      m = { totalCost: model.getObjectiveValue(), arcs: orderSlotArcs, lpColumns: d.arcs.count, ...planMetrics(input, plan) };
    } finally {
      model.dispose();
    }
  }
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const out: Metrics = {
    ...m,
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    instanceRssMb,
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

function runInChild(
  solver: string,
  size: SizeName,
  seed: number,
  tourBudgetMs: number,
  timeoutMs: number,
): Promise<Metrics | { error: string }> {
  return new Promise((done) => {
    const child = spawn(
      process.execPath,
      ['--max-old-space-size=4096', fileURLToPath(import.meta.url), '--child', solver, size, String(seed), String(tourBudgetMs)],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL') return done({ error: `not finished: > 120 s, abandoned` });
      const line = stdout.trim().split('\n').pop() ?? '';
      try {
        const parsed = JSON.parse(line) as Metrics | { error: string };
        done('error' in parsed ? { error: `failed: ${parsed.error}` } : parsed);
      } catch {
        done({ error: `failed (exit ${code}): ${(stderr.trim().split('\n').pop() ?? '').slice(0, 120)}` });
      }
    });
  });
}

// ---- parent: the table ----------------------------------------------------------------------------------

const fmtInt = (v: number): string => Math.round(v).toLocaleString('en-US');
const pct = (a: number, b: number): string => (b === 0 ? '–' : `${((100 * a) / b).toFixed(1)}%`);

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--child') {
    try {
      await runChild(args[1], args[2] as SizeName, Number(args[3]), args[4] === undefined ? TOUR_TIME_BUDGET_MS : Number(args[4]));
    } catch (e) {
      process.stdout.write(`${JSON.stringify({ error: e instanceof Error ? e.message : String(e) })}\n`);
    }
    return;
  }
  const sizesArg = args.includes('--sizes') ? args[args.indexOf('--sizes') + 1] : 'S,M,L,T';
  const seed = args.includes('--seed') ? Number(args[args.indexOf('--seed') + 1]) : 1;
  const tourBudgetMs = args.includes('--tour-budget-ms') ? Number(args[args.indexOf('--tour-budget-ms') + 1]) : TOUR_TIME_BUDGET_MS;
  const runs = args.includes('--runs') ? args[args.indexOf('--runs') + 1].split(',') : null;
  const sizes = sizesArg.split(',').map((s) => s.trim().toUpperCase()) as SizeName[];
  for (const s of sizes) if (!(s in SIZES)) throw new Error(`unknown size ${s}; use S, M, L, T`);

  console.log(
    `Grassland Pioneer Lecturer — batch solver benchmark (seed ${seed}, node ${process.version}, ${(await import('node:os')).cpus().length} cores)`,
  );
  const header = [
    'size',
    'run',
    'wall',
    'peak RSS',
    'total cost',
    'served',
    'remote/border/weak served',
    'travel km',
    'km / lecture',
    'load max/mean',
    'nights',
    'gap to bound',
    'arcs (LP cols)',
  ];
  const rows: string[][] = [header];
  const notes: string[] = [];
  for (const size of sizes) {
    const { orders, lecturers, days } = SIZES[size];
    const results: Record<string, Metrics | { error: string }> = {};
    const solvers = [...(size === 'T' ? ['tours', 'solver', 'greedy'] : ['tours', 'solver', 'greedy', 'highs']), 'tours-mip'];
    for (const solver of solvers) {
      results[solver] =
        (runs && !runs.includes(solver)) || (solver === 'tours-mip' && !runs?.includes(solver))
          ? { error: 'not run (--runs)' }
          : await runInChild(solver, size, seed, tourBudgetMs, solver === 'highs' ? 130_000 : solver === 'tours-mip' ? 900_000 : 600_000);
    }
    for (const solver of solvers) {
      const r = results[solver];
      const label = `${size} (${fmtInt(orders)}×${fmtInt(lecturers)}×${days}d)`;
      const name = {
        tours: 'with tours',
        solver: 'min-cost flow (no tours)',
        greedy: 'greedy FCFS',
        highs: 'HiGHS LP (no tours)',
        'tours-mip': 'HiGHS MIP (tours)',
      }[solver]!;
      if ('error' in r) {
        if (!runs?.includes(solver)) continue;
        rows.push([label, name, r.error, '', '', '', '', '', '', '', '', '', '']);
        continue;
      }
      rows.push([
        label,
        name,
        `${(r.wallMs / 1000).toFixed(2)} s (cpu ${(r.cpuMs / 1000).toFixed(2)} s)`,
        `${fmtInt(r.maxRssMb)} MiB`,
        fmtInt(r.totalCost),
        `${fmtInt(r.served)}/${fmtInt(r.orders)} (${pct(r.served, r.orders)})`,
        `${fmtInt(r.priorityServed)}/${fmtInt(r.priorityOrders)} (${pct(r.priorityServed, r.priorityOrders)})`,
        fmtInt(r.travelKm),
        (r.served ? r.travelKm / r.served : 0).toFixed(1),
        `${r.loadMax}/${r.loadMean.toFixed(2)} = ${(r.loadMean ? r.loadMax / r.loadMean : 0).toFixed(2)}`,
        r.nights !== undefined ? `${r.nights} (${r.tours} tours)` : '',
        r.gap !== undefined ? `${(100 * r.gap).toFixed(2)}% (bound ${fmtInt(r.lowerBound!)})${r.timedOut ? ', budget spent' : ''}` : '',
        r.arcs !== undefined ? fmtInt(r.arcs) + (r.lpColumns ? ` (${fmtInt(r.lpColumns)})` : '') : '',
      ]);
    }
    const ours = results.solver;
    const hi = results.highs ?? { error: 'not run' };
    const gr = results.greedy;
    const tr = results.tours;
    const mip = results['tours-mip'];
    if (!('error' in tr) && !('error' in mip)) {
      notes.push(
        `${size}: HiGHS on the tour model: plan ${fmtInt(mip.totalCost)}${mip.finished ? ' (finished)' : ' (time limit)'}, bound ${fmtInt(mip.lowerBound!)}, LP relaxation ${fmtInt(mip.lpBound!)}; ` +
          `the tour search's plan ${pct(tr.totalCost - mip.totalCost, mip.totalCost)} above HiGHS's plan, its bound ${pct(mip.lowerBound! - tr.lowerBound!, mip.lowerBound!)} below HiGHS's bound.`,
      );
    }
    if (!('error' in tr) && !('error' in ours) && !('error' in gr)) {
      notes.push(
        `${size}: with tours: build ${((tr.buildMs ?? 0) / 1000).toFixed(2)} s + search ${((tr.solveMs ?? 0) / 1000).toFixed(2)} s; cost ${fmtInt(tr.totalCost)} vs ${fmtInt(ours.totalCost)} without tours (${pct(ours.totalCost - tr.totalCost, ours.totalCost)} lower); ` +
          `served ${tr.served} vs ${ours.served}; km/lecture ${(tr.travelKm / Math.max(1, tr.served)).toFixed(1)} vs ${(ours.travelKm / Math.max(1, ours.served)).toFixed(1)} (greedy ${(gr.travelKm / Math.max(1, gr.served)).toFixed(1)}).`,
      );
    }
    if (!('error' in ours)) {
      notes.push(
        `${size}: solver wall = network ${((ours.buildMs ?? 0) / 1000).toFixed(2)} s + flow ${((ours.solveMs ?? 0) / 1000).toFixed(2)} s (+ result); instance alone ${fmtInt(ours.instanceRssMb)} MiB RSS before solving.`,
      );
      if (!('error' in hi)) {
        const rel = Math.abs(ours.totalCost - hi.totalCost) / Math.max(1, Math.abs(hi.totalCost));
        notes.push(
          `${size}: solver vs HiGHS optimum: ${fmtInt(ours.totalCost)} vs ${hi.totalCost.toFixed(3)} → relative gap ${rel.toExponential(2)} (${rel <= 1e-6 ? 'equal' : 'DIFFERENT'}).`,
        );
      } else notes.push(`${size}: HiGHS ${hi.error}.`);
      if (!('error' in gr) && ours.kmByOrder && gr.kmByOrder) {
        const both = Object.keys(ours.kmByOrder).filter((id) => id in gr.kmByOrder!);
        const sum = (m: Record<string, number>, ids: string[]): number => ids.reduce((a, id) => a + m[id], 0);
        const onlyOurs = Object.keys(ours.kmByOrder).filter((id) => !(id in gr.kmByOrder!));
        notes.push(
          `${size}: vs greedy: served ${ours.served} vs ${gr.served}, cost ${fmtInt(ours.totalCost)} vs ${fmtInt(gr.totalCost)} (${pct(gr.totalCost - ours.totalCost, gr.totalCost)} lower), ` +
            `km/lecture ${(ours.travelKm / Math.max(1, ours.served)).toFixed(1)} vs ${(gr.travelKm / Math.max(1, gr.served)).toFixed(1)}, ` +
            `remote/border/weak served ${pct(ours.priorityServed, ours.priorityOrders)} vs ${pct(gr.priorityServed, gr.priorityOrders)}.`,
        );
        notes.push(
          `${size}: on the ${both.length} orders both serve, km/lecture ${(sum(ours.kmByOrder, both) / Math.max(1, both.length)).toFixed(1)} (solver) vs ${(sum(gr.kmByOrder, both) / Math.max(1, both.length)).toFixed(1)} (greedy); ` +
            `the ${onlyOurs.length} orders only the solver serves average ${(sum(ours.kmByOrder, onlyOurs) / Math.max(1, onlyOurs.length)).toFixed(1)} km.`,
        );
      }
    }
  }
  const widths = header.map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (r: string[]): string => `| ${r.map((v, c) => v.padEnd(widths[c])).join(' | ')} |`;
  console.log(line(rows[0]));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows.slice(1)) console.log(line(r));
  console.log('');
  for (const n of notes) console.log(n);
  console.log(
    'peak RSS: process.resourceUsage().maxRSS of a separate child process per run (instance generation included), MiB; wall: network building + solving (HiGHS: model building + LP solve), with its CPU time (user + system).',
  );
  console.log('load max/mean: lectures of the busiest lecturer in this batch / mean over all lecturers of the pool.');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
