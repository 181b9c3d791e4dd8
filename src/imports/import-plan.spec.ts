import {
  duplicatesBesidePartialRows,
  type KnownRegion,
  type PlanContext,
  planAccounts,
  planBranches,
  planCourses,
  planLecturers,
  planRegions,
  referenceProblems,
} from './import-plan.js';

const region = (id: string, code: string, level: KnownRegion['level'], path: string[]): KnownRegion => ({
  id,
  code,
  name: code,
  level,
  parentId: path.length > 1 ? path[path.length - 2] : null,
  path,
  latitude: 49,
  longitude: 119,
  border: false,
  remote: false,
  weak: false,
});
const CITY = region('c', 'HLBE', 'city', ['c']);
const BANNER_A = region('a', 'A', 'banner', ['c', 'a']);
const BANNER_B = region('b', 'B', 'banner', ['c', 'b']);
const VILLAGE_A = region('va', 'A-1', 'village', ['c', 'a', 't', 'va']);
let n = 0;
const ctx = (scope: string | null = null): PlanContext => ({
  scope,
  regions: [CITY, BANNER_A, BANNER_B, VILLAGE_A],
  newId: () => `new-${++n}`,
});
const branchRow = (row: number, code: string, regionCode: string) => ({
  row,
  value: { code, name: code, regionCode, kind: 'village' as const, memberCount: 5, latitude: null, longitude: null },
});

describe('planRegions', () => {
  it('places children under parents of the same file, whatever their order', () => {
    const rows = [
      {
        row: 2,
        value: {
          code: 'T',
          name: 't',
          level: 'township' as const,
          parentCode: 'X',
          latitude: 1,
          longitude: 1,
          border: false,
          remote: false,
          weak: false,
        },
      },
      {
        row: 3,
        value: {
          code: 'X',
          name: 'x',
          level: 'banner' as const,
          parentCode: 'HLBE',
          latitude: 1,
          longitude: 1,
          border: false,
          remote: false,
          weak: false,
        },
      },
    ];
    const plan = planRegions(rows, ctx());
    expect(plan.problems).toEqual([]);
    const [banner, township] = plan.creates;
    expect(township.path).toEqual(['c', banner.id, township.id]);
  });

  const regionRow = (code: string, level: KnownRegion['level'], parentCode: string | null) => ({
    row: 2,
    value: { code, name: code, level, parentCode, latitude: 49, longitude: 119, border: false, remote: false, weak: false },
  });

  it('keeps the tree: a region may not change its level or move to another parent', () => {
    const plan = planRegions([regionRow('A', 'township', 'B')], ctx());
    expect(plan.problems.map((p) => [p.column, p.code])).toEqual([
      ['层级', 'IMPORT_TREE_FIXED'],
      ['上级编码', 'IMPORT_TREE_FIXED'],
    ]);
  });

  it("lets a banner admin's own banner name the city above it, as it stands, and nothing else outside the scope", () => {
    expect(planRegions([regionRow('A', 'banner', 'HLBE')], ctx('a'))).toMatchObject({ problems: [], unchanged: 1 });
    // A new banner, or another banner, naming the city: the city is not theirs to know of.
    expect(planRegions([regionRow('N', 'banner', 'HLBE')], ctx('a')).problems.map((p) => p.code)).toEqual(['IMPORT_REFERENCE_UNKNOWN']);
    expect(planRegions([regionRow('B', 'banner', 'HLBE')], ctx('a')).problems.map((p) => p.code)).toEqual(['IMPORT_REFERENCE_UNKNOWN']);
  });

  it("keeps a region's flags when the sheet has no column of them, and clears one whose cell is empty", () => {
    const weak = { ...BANNER_A, weak: true, border: true };
    const withoutFlags = {
      ...regionRow('A', 'banner', 'HLBE'),
      value: { ...regionRow('A', 'banner', 'HLBE').value, border: undefined, weak: undefined },
    };
    const kept = planRegions([withoutFlags], { ...ctx(), regions: [CITY, weak] });
    expect(kept).toMatchObject({ problems: [], updates: [], unchanged: 1 });
    const cleared = planRegions([regionRow('A', 'banner', 'HLBE')], { ...ctx(), regions: [CITY, weak] });
    expect(cleared.updates).toMatchObject([{ code: 'A', weak: false, border: false }]);
  });

  it('needs the parent of every region but the city', () => {
    expect(planRegions([regionRow('N', 'banner', null)], ctx()).problems.map((p) => p.code)).toEqual(['IMPORT_VALUE_REQUIRED']);
  });
});

describe('planBranches', () => {
  it('counts a row that matches what exists as unchanged, and reports later rows with a code taken earlier', () => {
    const existing = [
      { id: 'b1', code: 'DZB-1', name: 'DZB-1', regionId: 'va', kind: 'village' as const, memberCount: 5, latitude: 49, longitude: 119 },
    ];
    const plan = planBranches([branchRow(2, 'DZB-1', 'A-1'), branchRow(3, 'dzb-1', 'A-1')], existing, ctx());
    expect(plan).toMatchObject({ creates: [], updates: [], unchanged: 1 });
    expect(plan.problems).toEqual([{ row: 3, column: '编码', value: 'dzb-1', code: 'IMPORT_CODE_DUPLICATE' }]);
  });

  it("reports a banner admin's region outside its banner as unknown, as one that does not exist (never revealing it)", () => {
    const plan = planBranches([branchRow(2, 'X', 'B'), branchRow(3, 'Y', 'NOPE'), branchRow(4, 'Z', 'A-1')], [], ctx('a'));
    expect(plan.problems.map((p) => [p.row, p.code])).toEqual([
      [2, 'IMPORT_REFERENCE_UNKNOWN'],
      [3, 'IMPORT_REFERENCE_UNKNOWN'],
    ]);
    expect(plan.creates.map((b) => b.code)).toEqual(['Z']);
  });
});

describe('planBranches: a place', () => {
  it('takes a latitude only with its longitude (one alone would be paired with the region’s other: a point nobody gave)', () => {
    const latitudeOnly = { row: 2, value: { ...branchRow(2, 'P', 'A-1').value, latitude: 45.5 } };
    const plan = planBranches([latitudeOnly], [], ctx());
    expect(plan.problems).toEqual([{ row: 2, column: '经度', value: '', code: 'IMPORT_VALUE_REQUIRED' }]);
    expect(plan.creates).toEqual([]);
  });
});

describe('a column the sheet lacks keeps what is stored', () => {
  const lecturer = {
    id: 'l1',
    code: 'JS1',
    name: '讲师',
    category: 'expert_scholar' as const,
    level: 'banner' as const,
    regionId: 'va',
    latitude: 49,
    longitude: 119,
    topics: ['theory', 'policy'],
    languages: ['zh'],
    formats: ['on_site'],
    maxLecturesPerMonth: 4,
    travelRadiusKm: 100,
    weekly: [],
  };
  const lecturerRow = (topics: string[] | undefined) => ({
    row: 2,
    value: {
      code: 'JS1',
      name: '讲师',
      category: 'expert_scholar' as const,
      level: 'banner' as const,
      regionCode: 'A-1',
      latitude: null,
      longitude: null,
      topics,
      languages: ['zh'],
      formats: ['on_site' as const],
      maxLecturesPerMonth: 4,
      travelRadiusKm: 100,
      availability: null,
    },
  });

  it("a lecturer's topics: kept without the column, cleared by an empty cell", () => {
    expect(planLecturers([lecturerRow(undefined)], [lecturer], ctx())).toMatchObject({ problems: [], unchanged: 1 });
    expect(planLecturers([lecturerRow([])], [lecturer], ctx()).updates).toMatchObject([{ topics: [] }]);
  });

  const course = {
    id: 'c1',
    code: 'KC1',
    title: '课',
    topic: 'policy',
    description: '简介',
    durationMinutes: 90,
    formats: ['on_site' as const],
    lecturerIds: ['l1'],
  };
  const courseRow = (description: string | null | undefined, lecturerCodes: string[] | undefined) => ({
    row: 2,
    value: { code: 'KC1', title: '课', topic: 'policy', description, durationMinutes: 90, formats: ['on_site' as const], lecturerCodes },
  });

  it("a course's lecturers and description: kept without their columns, cleared by empty cells", () => {
    expect(planCourses([courseRow(undefined, undefined)], [course], [lecturer], ctx())).toMatchObject({ problems: [], unchanged: 1 });
    expect(planCourses([courseRow(null, [])], [course], [lecturer], ctx()).updates).toMatchObject([{ description: null, lecturerIds: [] }]);
  });
});

describe('referenceProblems', () => {
  it('checks the references of rows whose other cells are wrong: every problem in one pass', () => {
    const problems = referenceProblems(
      'branches',
      [
        { row: 5, value: { code: 'X', regionCode: 'NOPE' } },
        { row: 6, value: { regionCode: 'B' } },
      ],
      ctx('a'),
      {
        fileCodes: new Set(),
        branches: [],
        lecturers: [],
      },
    );
    expect(problems).toEqual([
      { row: 5, column: '所在区域编码', value: 'NOPE', code: 'IMPORT_REFERENCE_UNKNOWN' },
      { row: 6, column: '所在区域编码', value: 'B', code: 'IMPORT_REFERENCE_UNKNOWN' },
    ]);
  });

  it("takes the city above a banner admin's own banner, in a row whose other cells are wrong, as planRegions does", () => {
    const lookups = { fileCodes: new Set<string>(), branches: [], lecturers: [] };
    const row = (code: string) => [{ row: 2, value: { code, parentCode: 'HLBE' } }];
    expect(referenceProblems('regions', row('A'), ctx('a'), lookups)).toEqual([]);
    expect(referenceProblems('regions', row('N'), ctx('a'), lookups).map((p) => p.code)).toEqual(['IMPORT_REFERENCE_UNKNOWN']);
  });

  it("finds a region's parent among the file's own codes", () => {
    const lookups = { fileCodes: new Set(['new-banner']), branches: [], lecturers: [] };
    expect(referenceProblems('regions', [{ row: 3, value: { parentCode: 'NEW-BANNER' } }], ctx(), lookups)).toEqual([]);
  });
});

describe('duplicatesBesidePartialRows', () => {
  const code = (c: string) => ({ code: c });

  it('reports a code shared with a row whose other cells are wrong, in either order, case aside', () => {
    const problems = duplicatesBesidePartialRows(
      'branches',
      [
        { row: 2, value: code('A1') },
        { row: 5, value: code('b1') },
      ],
      [
        { row: 3, value: code('a1') },
        { row: 4, value: code('B1') },
      ],
    );
    expect(problems.map((p) => [p.row, p.value, p.code])).toEqual([
      [3, 'a1', 'IMPORT_CODE_DUPLICATE'],
      [5, 'b1', 'IMPORT_CODE_DUPLICATE'],
    ]);
  });

  it('leaves repeats among well-read rows to the plans, so that none is reported twice', () => {
    const problems = duplicatesBesidePartialRows(
      'branches',
      [
        { row: 2, value: code('A1') },
        { row: 4, value: code('A1') },
      ],
      [{ row: 3, value: code('A1') }],
    );
    expect(problems.map((p) => p.row)).toEqual([3]);
  });

  it('matches accounts by username', () => {
    const problems = duplicatesBesidePartialRows(
      'accounts',
      [{ row: 2, value: { username: 'wang' } }],
      [{ row: 3, value: { username: 'WANG' } }],
    );
    expect(problems).toEqual([expect.objectContaining({ row: 3, value: 'WANG', code: 'IMPORT_CODE_DUPLICATE' })]);
  });
});

describe('planAccounts', () => {
  it('names a role that lacks its link by the label the sheet shows (党支部), not by its code', () => {
    const row = { row: 2, value: { username: 'wang', role: 'branch' as const, branchCode: null, lecturerCode: null, regionCode: null } };
    const plan = planAccounts([row], [], { branches: [], lecturers: [] }, ctx());
    expect(plan.problems).toEqual([{ row: 2, column: '角色', value: '党支部', code: 'IMPORT_LINK_INVALID' }]);
  });
});
