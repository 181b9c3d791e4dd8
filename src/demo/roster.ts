/** The demo city's lecturers (with their availability and leave) and the course menu they give. */
import { localMidnight } from '../kernel/time.js';
import { FORMATS, type LectureFormat, type LecturerCategory, type LecturerLevel, TOPICS, type Topic } from '../kernel/vocabulary.js';
import { placeAround } from './city.js';
import type { Draws } from './draws.js';
import type { WeeklyWindow } from '../scheduling/solver/index.js';
import type { CourseRow, LeaveRow, LecturerRow, NewId, RegionRow } from './model.js';
import { COURSES, MN_NAMES, ZH_GIVEN, ZH_SURNAMES } from './names-zh.js';

/** The demo lecturer's name (the `lecturer` login); kept out of the drawn names. */
const DEMO_LECTURER_NAME = '其木格';

/** How many lecturers of each level and category: 60 in all. */
const LECTURER_PLAN: Array<[LecturerLevel, LecturerCategory, number]> = [
  ['city', 'party_government_leader', 3],
  ['city', 'expert_scholar', 4],
  ['city', 'model_figure', 2],
  ['city', 'five_elders', 1],
  ['banner', 'party_government_leader', 3],
  ['banner', 'party_affairs_worker', 5],
  ['banner', 'expert_scholar', 4],
  ['banner', 'model_figure', 4],
  ['banner', 'practical_technician', 5],
  ['banner', 'five_elders', 4],
  ['township', 'branch_secretary', 8],
  ['township', 'party_affairs_worker', 3],
  ['township', 'practical_technician', 6],
  ['township', 'model_figure', 3],
  ['township', 'five_elders', 5],
];

/** Topics each category draws from, the first ones always; formats likewise. */
const CATEGORY_TOPICS: Record<LecturerCategory, { always: Topic[]; maybe: Topic[] }> = {
  party_government_leader: { always: ['policy'], maybe: ['theory', 'rural_revitalization', 'border_security'] },
  branch_secretary: { always: ['rural_revitalization'], maybe: ['policy', 'practical_skills', 'party_history'] },
  party_affairs_worker: { always: ['theory'], maybe: ['party_history', 'policy'] },
  expert_scholar: { always: [], maybe: ['theory', 'party_history', 'ethnic_unity', 'policy'] },
  model_figure: { always: [], maybe: ['rural_revitalization', 'ethnic_unity', 'border_security', 'practical_skills', 'party_history'] },
  practical_technician: { always: ['practical_skills'], maybe: ['rural_revitalization'] },
  five_elders: { always: ['party_history'], maybe: ['ethnic_unity', 'border_security', 'theory'] },
};
const CATEGORY_FORMATS: Record<LecturerCategory, { always: LectureFormat[]; maybe: LectureFormat[] }> = {
  party_government_leader: { always: ['on_site'], maybe: ['online', 'field'] },
  branch_secretary: { always: ['on_site'], maybe: ['field', 'mobile'] },
  party_affairs_worker: { always: ['on_site'], maybe: ['online', 'mobile'] },
  expert_scholar: { always: ['on_site', 'online'], maybe: ['field'] },
  model_figure: { always: ['on_site'], maybe: ['field', 'mobile', 'online'] },
  practical_technician: { always: ['field'], maybe: ['on_site', 'mobile', 'online'] },
  five_elders: { always: ['on_site'], maybe: ['mobile'] },
};

const window = (weekday: number, from: string, to: string): WeeklyWindow => ({ weekday, from, to });
const evenings = (days: number[]): WeeklyWindow[] => days.map((d) => window(d, '19:00', '22:00'));
const byTime = (a: WeeklyWindow, b: WeeklyWindow): number => a.weekday - b.weekday || a.from.localeCompare(b.from);

/** Office hours on working days plus a few evenings; elders a few days a week, technicians at weekends too. */
function weeklyFor(draws: Draws, category: LecturerCategory): WeeklyWindow[] {
  let windows: WeeklyWindow[];
  switch (category) {
    case 'five_elders':
      windows = draws.sample([1, 2, 3, 4, 5], 3).map((d) => window(d, '09:00', '16:30'));
      break;
    case 'practical_technician':
      windows = [2, 3, 4, 5, 6, 7].map((d) => window(d, '08:00', '18:00')).concat(evenings(draws.sample([1, 3, 5], 2)));
      break;
    case 'branch_secretary':
    case 'model_figure':
      windows = [1, 2, 3, 4, 5, 6].map((d) => window(d, '08:30', '17:30')).concat(evenings(draws.sample([1, 2, 3, 4, 5, 6], 3)));
      break;
    default:
      windows = [1, 2, 3, 4, 5].map((d) => window(d, '08:30', '17:30')).concat(evenings(draws.sample([1, 2, 3, 4], 2)));
  }
  return windows.sort(byTime);
}

/** Up to two stretches of leave, training or field trips in the year around today. */
function exceptionsFor(draws: Draws, today: number): LeaveRow[] {
  const out: LeaveRow[] = [];
  const n = draws.int(0, 2);
  for (let i = 0; i < n; i++) {
    const [reason, len] = draws.pick([
      ['休假', draws.int(5, 10)],
      ['外出学习培训', draws.int(3, 7)],
      ['下乡调研', draws.int(2, 4)],
    ] as const);
    const start = today + draws.int(-300, 55);
    out.push({ from: localMidnight(start), to: localMidnight(start + len), reason });
  }
  return out.sort((a, b) => a.from - b.from);
}

/** The demo lecturer: a 陈巴尔虎旗委党校 lecturer, bilingual, who travels to the pastoral banners around. */
function makeDemoLecturer(row: LecturerRow, today: number): void {
  Object.assign(row, {
    topics: ['theory', 'party_history', 'ethnic_unity'],
    languages: ['zh', 'mn'],
    formats: ['on_site', 'online', 'mobile'],
    maxLecturesPerMonth: 10,
    travelRadiusKm: 300,
    weekly: [1, 2, 3, 4, 5]
      .map((d) => window(d, '08:30', '17:30'))
      .concat(evenings([2, 4]))
      .sort(byTime),
    exceptions: [
      { from: localMidnight(today - 130), to: localMidnight(today - 123), reason: '休假' },
      { from: localMidnight(today + 24), to: localMidnight(today + 29), reason: '赴自治区党校学习培训' },
    ],
  } satisfies Partial<LecturerRow>);
}

/** 60 lecturers after LECTURER_PLAN, the demo lecturer among the banner-level scholars; `today` is a local day number. */
export function buildLecturers(
  draws: Draws,
  regions: RegionRow[],
  today: number,
  newId: NewId,
): { lecturers: LecturerRow[]; demo: LecturerRow } {
  const city = regions[0];
  const banners = regions.filter((r) => r.level === 'banner');
  const townships = regions.filter((r) => r.level === 'township');
  const demoBanner = banners.find((b) => b.name === '陈巴尔虎旗') ?? banners[0];
  const bannerQueue = draws.shuffle(banners.filter((b) => b !== demoBanner)).concat(draws.shuffle(banners));
  const townshipPool = draws
    .shuffle(townships.filter((t) => t.profile !== 'urban'))
    .concat(draws.shuffle(townships.filter((t) => t.profile === 'urban')));
  const usedNames = new Set<string>([DEMO_LECTURER_NAME]);
  const mnPool = draws.shuffle(MN_NAMES);
  const lecturers: LecturerRow[] = [];
  let demo: LecturerRow | undefined;

  for (const [level, category, count] of LECTURER_PLAN) {
    for (let i = 0; i < count; i++) {
      const isDemo = demo === undefined && level === 'banner' && category === 'expert_scholar';
      const region =
        level === 'city'
          ? city
          : level === 'banner'
            ? isDemo
              ? demoBanner
              : (bannerQueue.shift() as RegionRow)
            : (townshipPool.shift() as RegionRow);
      const pMn = level === 'city' ? 0.45 : { pastoral: 0.8, urban: 0.4, forest: 0.25, agri: 0.2 }[region.profile];
      const mongolian = isDemo || draws.chance(pMn);
      let name = isDemo ? DEMO_LECTURER_NAME : '';
      while (!isDemo && (name === '' || usedNames.has(name))) {
        name = mongolian && mnPool.length > 0 ? (mnPool.shift() as string) : `${draws.pick(ZH_SURNAMES)}${draws.pick(ZH_GIVEN)}`;
      }
      usedNames.add(name);
      const languages = mongolian
        ? category === 'five_elders' && region.profile === 'pastoral' && draws.chance(0.6)
          ? ['mn']
          : ['zh', 'mn']
        : draws.chance(0.15)
          ? ['zh', 'mn']
          : ['zh'];
      const topics = drawTopics(draws, category, region, regions, isDemo);
      const f = CATEGORY_FORMATS[category];
      const formats = new Set<LectureFormat>(f.always);
      for (const x of f.maybe) if (draws.chance(0.55)) formats.add(x);
      if (topics.has('practical_skills') && category !== 'five_elders') formats.add('field');
      const travelRadiusKm =
        level === 'city' ? draws.int(25, 40) * 10 : level === 'banner' ? draws.int(12, 30) * 10 : draws.int(8, 15) * 10;
      const maxLecturesPerMonth =
        category === 'party_government_leader' ? draws.int(4, 6) : level === 'township' ? draws.int(4, 10) : draws.int(6, 12);
      const home = placeAround(draws, region, 0, level === 'township' ? 3 : 5);
      const row: LecturerRow = {
        id: newId(),
        name,
        category,
        level,
        region,
        ...home,
        topics: TOPICS.filter((x) => topics.has(x)),
        languages,
        formats: FORMATS.filter((x) => formats.has(x)),
        maxLecturesPerMonth,
        travelRadiusKm,
        weekly: weeklyFor(draws, category),
        exceptions: exceptionsFor(draws, today),
        ratingSum: 0,
        ratingCount: 0,
        accountId: '',
      };
      if (isDemo) {
        makeDemoLecturer(row, today);
        demo = row;
      }
      lecturers.push(row);
    }
  }
  if (!demo) throw new Error('demo data: no demo lecturer');
  speakMongolian(lecturers, demo);
  return { lecturers, demo };
}

function drawTopics(draws: Draws, category: LecturerCategory, region: RegionRow, regions: RegionRow[], isDemo: boolean): Set<Topic> {
  const t = CATEGORY_TOPICS[category];
  const topics = new Set<Topic>(t.always);
  for (const x of draws.shuffle(t.maybe)) if (topics.size < 2 || draws.chance(0.35)) topics.add(x);
  if (category === 'expert_scholar' && !isDemo && draws.chance(0.3)) {
    topics.clear();
    topics.add('practical_skills').add('rural_revitalization'); // an agronomist or a veterinarian
  }
  const borderish = ['five_elders', 'model_figure', 'party_government_leader'].includes(category);
  if (borderish && isBorderish(region, regions) && draws.chance(0.7)) topics.add('border_security');
  return topics;
}

/** At least 40% lecture in Mongolian, a few of them in Mongolian only. */
function speakMongolian(lecturers: LecturerRow[], demo: LecturerRow): void {
  // bilingual lecturers in the pastoral banners first
  const mnShare = (): number => lecturers.filter((l) => l.languages.includes('mn')).length / lecturers.length;
  for (const l of [...lecturers].sort((a, b) => Number(b.region.profile === 'pastoral') - Number(a.region.profile === 'pastoral'))) {
    if (mnShare() >= 0.42) break;
    if (!l.languages.includes('mn')) l.languages = ['zh', 'mn'];
  }
  // elders and herders' technicians in the pastoral banners
  const mnOnly = (l: LecturerRow): boolean => l.languages.length === 1 && l.languages[0] === 'mn';
  for (const l of lecturers) {
    if (lecturers.filter(mnOnly).length >= 3) break;
    const herder = l.category === 'five_elders' || l.category === 'practical_technician';
    if (l !== demo && l.region.profile === 'pastoral' && MN_NAMES.includes(l.name) && herder) l.languages = ['mn'];
  }
}

/** Whether the lecturer's home lies in a border banner (or is the city, which has the border belt in its remit). */
function isBorderish(region: RegionRow, regions: RegionRow[]): boolean {
  if (region.level === 'city') return true;
  const banner = regions.find((r) => r.id === region.path[1]);
  return banner?.border ?? false;
}

/** The 20 menu courses, each given by 3–6 lecturers who teach its topic in one of its formats (the demo lecturer where she can). */
export function buildCourses(draws: Draws, lecturers: LecturerRow[], demo: LecturerRow, newId: NewId): CourseRow[] {
  const links = new Map<LecturerRow, number>();
  return COURSES.map((seed) => {
    const fits = (l: LecturerRow): boolean => l.topics.includes(seed.topic) && l.formats.some((f) => seed.formats.includes(f));
    // those who give fewest courses so far first, so that most of the pool is on the menu
    const candidates = lecturers
      .filter((l) => l !== demo && fits(l))
      .map((l) => ({ l, key: (links.get(l) ?? 0) + draws.float(0, 1.5) }))
      .sort((a, b) => a.key - b.key)
      .map((x) => x.l);
    const chosen = candidates.slice(0, Math.min(candidates.length, draws.int(3, 6)));
    for (const l of chosen) links.set(l, (links.get(l) ?? 0) + 1);
    if (fits(demo)) {
      if (chosen.length >= 6) chosen.pop();
      chosen.push(demo);
    }
    if (chosen.length < 2) throw new Error(`demo data: course ${seed.title} has fewer than 2 lecturers`);
    return { id: newId(), seed, lecturers: new Set(chosen.map((l) => l.id)) };
  });
}
