import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { API, type TestApp, createAdmin, login, startTestApp } from './support/test-app.js';
import { courseBody, lecturerBody } from './support/generators.js';
import { type Cell, binary, csv, readXlsx, xlsx } from './support/sheets.js';

const REGIONS: Cell[][] = [
  ['编码', '名称', '层级', '上级编码', '纬度', '经度', '边境', '牧区偏远', '党员教育薄弱'],
  ['HLBE', '呼伦贝尔市', '市', '', 49.21, 119.76, '否', '否', '否'],
  ['XEQ', '新巴尔虎右旗', '旗市区', 'HLBE', 48.67, 116.82, '是', '是', '否'],
  ['EEQ', '鄂温克族自治旗', '旗市区', 'HLBE', 49.14, 119.75, '否', '否', '否'],
  ['XEQ-BYCG', '呼伦镇', '苏木乡镇', 'XEQ', 48.6, 116.8, '是', '是', '否'],
  ['XEQ-BYCG-01', '巴彦嵯岗嘎查', '嘎查村 / 社区', 'XEQ-BYCG', 48.55, 116.7, '是', '是', '是'],
  ['EEQ-BYT', '巴彦托海镇', '苏木乡镇', 'EEQ', 49.1, 119.7, '否', '否', '否'],
  ['EEQ-BYT-01', '巴彦托海社区', '嘎查村', 'EEQ-BYT', 49.12, 119.71, '否', '否', '否'],
];
const BRANCH_HEADER = ['编码', '名称', '所在区域编码', '类型', '党员人数', '纬度', '经度'];
const LECTURER_HEADER = [
  '编码',
  '姓名',
  '类别',
  '层级',
  '常驻区域编码',
  '纬度',
  '经度',
  '讲授专题',
  '授课语言',
  '授课形式',
  '每月授课上限',
  '出行半径（公里）',
  '每周可授课时间',
];

describe('imports: an office loads its own spreadsheets', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createAdmin(t);
  });
  afterAll(() => t?.close());

  const post = (kind: string, file: Buffer, name: string, dryRun: boolean, token = admin) =>
    t.http().post(`${API}/imports/${kind}?dryRun=${dryRun}`).set('Authorization', `Bearer ${token}`).attach('file', file, name);
  const download = async (path: string, token = admin): Promise<Buffer> => {
    const res = await t.http().get(`${API}${path}`).set('Authorization', `Bearer ${token}`).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    return res.body as Buffer;
  };
  const count = async (table: string): Promise<number> => Number((await t.db.query(`SELECT count(*) AS n FROM ${table}`))[0].n);

  describe('the regions, then branches, lecturers and courses that name them by code', () => {
    beforeAll(async () => {
      const res = await post('regions', await xlsx(REGIONS), 'regions.xlsx', false);
      expect(res.body).toMatchObject({ kind: 'regions', dryRun: false, rows: 7, created: 7, updated: 0, unchanged: 0, errors: [] });
    });

    it('answers a template per kind: Chinese headers, drop-down lists, an example row, and a sheet explaining the columns', async () => {
      const file = await download('/imports/templates/lecturers');
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(file as unknown as ArrayBuffer);
      expect(book.worksheets.map((s) => s.name)).toEqual(['数据', '填写说明']);
      const [header, example] = await readXlsx(file);
      expect(header).toEqual(LECTURER_HEADER);
      expect(example[2]).toBe('基层党组织书记');
      const sheetXml = await (await JSZip.loadAsync(file)).file('xl/worksheets/sheet1.xml')!.async('string');
      expect(sheetXml).toContain('<dataValidation type="list"');
      expect(sheetXml).toContain('基层党组织书记');
    });

    it('reports a dry run without writing, then imports, and importing the same file again changes nothing', async () => {
      const rows = [
        BRANCH_HEADER,
        ['DZB-1', '巴彦嵯岗嘎查党支部', 'XEQ-BYCG-01', '嘎查村', 36, '', ''],
        ['DZB-2', '巴彦托海社区党支部', 'EEQ-BYT-01', '社区', 120, 49.12, 119.72],
      ];
      const file = await xlsx(rows);
      const before = await count('branches');
      const dry = await post('branches', file, 'b.xlsx', true);
      expect(dry.body).toMatchObject({ dryRun: true, rows: 2, created: 2, updated: 0, unchanged: 0, errors: [] });
      expect(await count('branches')).toBe(before);
      expect((await post('branches', file, 'b.xlsx', false)).body).toMatchObject({ created: 2, errors: [] });
      expect(await count('branches')).toBe(before + 2);
      expect((await post('branches', file, 'b.xlsx', false)).body).toMatchObject({ rows: 2, created: 0, updated: 0, unchanged: 2 });
      const [village] = await t.db.query(
        `SELECT b.latitude, r.latitude AS region_latitude FROM branches b JOIN regions r ON r.id = b.region_id WHERE b.code = 'DZB-1'`,
      );
      expect(village.latitude).toBe(village.region_latitude);
    });

    it('updates by code: a changed member count is one update', async () => {
      await post('branches', await xlsx([BRANCH_HEADER, ['DZB-U', '甲党支部', 'XEQ-BYCG-01', '嘎查村', 10]]), 'b.xlsx', false);
      const res = await post('branches', await xlsx([BRANCH_HEADER, ['DZB-U', '甲党支部', 'XEQ-BYCG-01', '嘎查村', 11]]), 'b.xlsx', false);
      expect(res.body).toMatchObject({ created: 0, updated: 1, unchanged: 0 });
      expect((await t.db.query(`SELECT member_count FROM branches WHERE code = 'DZB-U'`))[0].member_count).toBe(11);
    });

    it('reads headers in any order, in Chinese or English, and full-width digits, letters and punctuation', async () => {
      const res = await post(
        'branches',
        await xlsx([
          ['memberCount', 'NAME', ' 所在区域编码 ', '编码', '类型'],
          ['４２', '全角党支部', 'ＸＥＱ－ＢＹＣＧ－０１', 'ＤＺＢ－ＦＷ', ' 企业 '],
        ]),
        'b.xlsx',
        false,
      );
      expect(res.body).toMatchObject({ created: 1, errors: [] });
      const [row] = await t.db.query(`SELECT member_count, kind FROM branches WHERE code = 'DZB-FW'`);
      expect(row).toEqual({ member_count: 42, kind: 'enterprise' });
    });

    it('reads a CSV in GB18030, as Excel on a Chinese Windows saves it, and in UTF-8 with a BOM', async () => {
      const gb = csv([BRANCH_HEADER.map(String), ['DZB-GB', '国标党支部', 'EEQ-BYT-01', '机关事业单位', '15', '', '']], 'gb18030');
      expect(gb.includes(Buffer.from('国标', 'utf8'))).toBe(false);
      expect((await post('branches', gb, 'b.csv', false)).body).toMatchObject({ created: 1, errors: [] });
      expect((await t.db.query(`SELECT name FROM branches WHERE code = 'DZB-GB'`))[0].name).toBe('国标党支部');
      const bom = csv([BRANCH_HEADER.map(String), ['DZB-BOM', '带BOM党支部', 'EEQ-BYT-01', '社区', '15', '', '']], 'utf8-bom');
      expect((await post('branches', bom, 'b.csv', false)).body).toMatchObject({ created: 1, errors: [] });
    });

    it('names the row of a byte neither UTF-8 nor GB18030 in a UTF-8 file, and writes none of its rows garbled', async () => {
      const before = await count('branches');
      const good = Buffer.from(`${BRANCH_HEADER.join(',')}\r\nDZB-U1,乌兰嘎查党支部,EEQ-BYT-01,嘎查村,15,,\r\n`);
      const stray = Buffer.concat([
        good,
        Buffer.from('DZB-U2,巴彦'),
        Buffer.from([0xff]),
        Buffer.from('嘎查党支部,EEQ-BYT-01,嘎查村,9,,\r\n'),
      ]);
      const res = await post('branches', stray, 'b.csv', false);
      expect(res.body.errors).toEqual([expect.objectContaining({ row: 3, column: '名称', code: 'IMPORT_TEXT_UNDECODABLE' })]);
      expect(res.body.errors[0].message).toContain('UTF-8');
      expect(await count('branches')).toBe(before);
      // The same file without the stray byte: every name as typed.
      await post('branches', Buffer.concat([good, Buffer.from('DZB-U2,巴彦嘎查党支部,EEQ-BYT-01,嘎查村,9,,\r\n')]), 'b.csv', false);
      const names = await t.db.query(`SELECT name FROM branches WHERE code IN ('DZB-U1', 'DZB-U2') ORDER BY code`);
      expect(names.map((r: { name: string }) => r.name)).toEqual(['乌兰嘎查党支部', '巴彦嘎查党支部']);
    });

    it('names the row of a byte GB18030 does not have in a GB18030 file', async () => {
      const gb = csv([BRANCH_HEADER.map(String), ['DZB-GB2', '国标二支部', 'EEQ-BYT-01', '社区', '15', '', '']], 'gb18030');
      const res = await post(
        'branches',
        Buffer.concat([gb, Buffer.from('DZB-GB3,'), Buffer.from([0xff, 0xff]), Buffer.from(',EEQ-BYT-01,,5,,\r\n')]),
        'b.csv',
        true,
      );
      expect(res.body.errors).toEqual([
        expect.objectContaining({ row: 3, column: '名称', code: 'IMPORT_TEXT_UNDECODABLE' }),
        expect.objectContaining({ row: 3, column: '类型', code: 'IMPORT_VALUE_REQUIRED' }),
      ]);
    });

    it("names the headers it did not read, as written, and reads the template's own columns", async () => {
      const file = csv([
        [...BRANCH_HEADER, 'waek', '备注'],
        ['DZB-IG', '列名党支部', 'EEQ-BYT-01', '社区', '8', '', '', '是', ''],
      ]);
      const res = await post('branches', file, 'b.csv', true);
      expect(res.body).toMatchObject({ created: 1, errors: [], ignoredColumns: ['waek', '备注'] });
      const template = await download('/imports/templates/branches');
      expect((await post('branches', template, 'b.xlsx', true)).body.ignoredColumns).toEqual([]);
    });

    it('shows an oversized cell in a problem by its first 100 characters, so the reason stays in view', async () => {
      const long = '草'.repeat(40_000);
      const csv = Buffer.from(`${BRANCH_HEADER.join(',')}\nDZB-LONG,${long},XEQ,嘎查村,5,,\n`);
      const res = await post('branches', csv, 'b.csv', true);
      const problem = (res.body.errors as Array<{ column: string; value: string; code: string }>).find((e) => e.column === '名称');
      expect(problem).toMatchObject({ value: `${'草'.repeat(100)}…`, code: 'IMPORT_TEXT_TOO_LONG' });
    });

    it('reports every problem of every row at once, in Chinese, and writes nothing', async () => {
      const before = await count('lecturers');
      const res = await post(
        'lecturers',
        await xlsx([
          LECTURER_HEADER,
          ['JS-1', '好讲师', '专家学者', '市级', 'XEQ', '', '', '党史', '汉语', '线上', 8, 100, '周一 08:00-12:00'],
          ['JS-2', '', '厨师', '市级', 'XEQ', '', '', '党史', '汉语', '线上', 8, 100, ''],
          ['JS-3', '三号', '专家学者', '省级', 'NOWHERE', '', '', '', '', '线上', 'abc', 100, '周八 25:00-26:00'],
          ['JS-1', '重复', '专家学者', '市级', 'XEQ', '', '', '', '汉语', '线上', 8, 100, ''],
        ]),
        'l.xlsx',
        false,
      );
      expect(res.status).toBe(200);
      const found = (res.body.errors as Array<{ row: number; column: string; code: string }>).map((e) => [e.row, e.column, e.code]);
      expect(found).toEqual([
        [3, '姓名', 'IMPORT_VALUE_REQUIRED'],
        [3, '类别', 'IMPORT_VALUE_INVALID'],
        [4, '层级', 'IMPORT_VALUE_INVALID'],
        [4, '常驻区域编码', 'IMPORT_REFERENCE_UNKNOWN'],
        [4, '授课语言', 'IMPORT_VALUE_REQUIRED'],
        [4, '每月授课上限', 'IMPORT_NUMBER_INVALID'],
        [4, '每周可授课时间', 'IMPORT_AVAILABILITY_INVALID'],
        [5, '编码', 'IMPORT_CODE_DUPLICATE'],
      ]);
      expect(res.body.errors[0]).toMatchObject({ value: '', message: '必填，不能为空。' });
      expect(res.body).toMatchObject({ created: 0, updated: 0 });
      expect(await count('lecturers')).toBe(before);
    });

    it('reports references to codes that exist nowhere', async () => {
      const res = await post(
        'branches',
        await xlsx([BRANCH_HEADER, ['DZB-X', '无处党支部', 'NO-SUCH-REGION', '嘎查村', 3]]),
        'b.xlsx',
        true,
      );
      expect(res.body.errors).toEqual([
        {
          row: 2,
          column: '所在区域编码',
          value: 'NO-SUCH-REGION',
          code: 'IMPORT_REFERENCE_UNKNOWN',
          message: '找不到这个编码：表中和您管辖的范围内都没有。',
        },
      ]);
    });

    it('imports lecturers with their weekly availability, and courses naming them by code', async () => {
      const lecturers = await post(
        'lecturers',
        await xlsx([
          LECTURER_HEADER,
          [
            'JS-A',
            '乌云其其格',
            '基层党组织书记',
            '旗县级',
            'XEQ',
            '',
            '',
            '党史、民族团结',
            '汉语、蒙古语',
            '现场授课、流动课堂',
            8,
            150,
            '周一 08:00-12:00；周三 14:00-18:00',
          ],
          ['JS-B', '巴特尔', '“五老”', '市级', 'EEQ', 49.1, 119.7, '', 'zh', 'online', 4, 0, '周一至周五 19:00-21:00'],
        ]),
        'l.xlsx',
        false,
      );
      expect(lecturers.body).toMatchObject({ created: 2, errors: [] });
      const [a] = await t.db.query(`SELECT availability, topics, languages FROM lecturers WHERE code = 'JS-A'`);
      expect(a.availability.weekly).toEqual([
        { weekday: 1, from: '08:00', to: '12:00' },
        { weekday: 3, from: '14:00', to: '18:00' },
      ]);
      expect(a).toMatchObject({ topics: ['party_history', 'ethnic_unity'], languages: ['zh', 'mn'] });
      const courses = await post(
        'courses',
        await xlsx([
          ['编码', '题目', '专题', '简介', '时长（分钟）', '授课形式', '授课讲师编码'],
          ['KC-1', '铸牢中华民族共同体意识', '民族团结', '', 90, '现场授课、线上', 'JS-A、JS-B'],
          ['KC-2', '草原上的党史', '党史', '讲党史', 60, '线上', 'JS-NONE'],
        ]),
        'c.xlsx',
        false,
      );
      expect(courses.body.errors).toEqual([
        expect.objectContaining({ row: 3, column: '授课讲师编码', value: 'JS-NONE', code: 'IMPORT_REFERENCE_UNKNOWN' }),
      ]);
      expect(await count('courses')).toBe(0);
    });

    it.each([
      ['without the availability column', 'JS-W1', LECTURER_HEADER.slice(0, -1), []],
      ['with its availability cell left blank', 'JS-W2', LECTURER_HEADER, ['']],
    ])('leaves a new lecturer imported from a sheet %s available all week', async (_how, code, header, cell) => {
      const res = await post(
        'lecturers',
        await xlsx([header, [code, '其木格', '专家学者', '市级', 'XEQ', '', '', '党史', 'zh', 'online', 4, 0, ...cell]]),
        'l.xlsx',
        false,
      );
      expect(res.body).toMatchObject({ created: 1, errors: [] });
      const [w] = await t.db.query('SELECT availability FROM lecturers WHERE code = $1', [code]);
      expect(w.availability.weekly).toEqual([1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, from: '00:00', to: '24:00' })));
    });

    it('gives back an export that imports as unchanged, for every kind', async () => {
      await post(
        'courses',
        await xlsx([
          ['编码', '题目', '专题', '简介', '时长（分钟）', '授课形式', '授课讲师编码'],
          ['KC-RT', '往返课程', '政策法规', '', 45, '线上', ''],
        ]),
        'c.xlsx',
        false,
      );
      for (const kind of ['regions', 'branches', 'lecturers', 'courses']) {
        const exported = await download(`/imports/${kind}/export`);
        const res = await post(kind, exported, `${kind}.xlsx`, false);
        expect({ kind, ...res.body, errors: res.body.errors.length }).toMatchObject({
          kind,
          created: 0,
          updated: 0,
          errors: 0,
          unchanged: res.body.rows,
        });
        expect(res.body.rows).toBeGreaterThan(0);
      }
    });

    it("keeps a course's lecturers and description when the sheet has no column of them, as unchanged", async () => {
      const [lecturer] = await t.db.query(`SELECT id, code FROM lecturers WHERE code IS NOT NULL LIMIT 1`);
      const header = ['编码', '题目', '专题', '时长（分钟）', '授课形式'];
      const full = [...header, '简介', '授课讲师编码'];
      expect(
        (
          await post(
            'courses',
            await xlsx([full, ['KC-KEEP', '保留讲师', '政策法规', 45, '线上', '简介在此', lecturer.code]]),
            'c.xlsx',
            false,
          )
        ).body,
      ).toMatchObject({ created: 1, errors: [] });
      const res = await post('courses', await xlsx([header, ['KC-KEEP', '保留讲师', '政策法规', 45, '线上']]), 'c.xlsx', false);
      expect(res.body).toMatchObject({ unchanged: 1, updated: 0, errors: [] });
      const [course] = await t.db.query(
        `SELECT c.description, array_agg(cl.lecturer_id) AS lecturers FROM courses c JOIN course_lecturers cl ON cl.course_id = c.id WHERE c.code = 'KC-KEEP' GROUP BY c.id`,
      );
      expect(course).toEqual({ description: '简介在此', lecturers: [lecturer.id] });
    });

    it('gives back rows made without a code (on a page or through the API) named by their id, importing as unchanged', async () => {
      const api = async (path: string, body: object) => {
        const res = await t.http().post(`${API}${path}`).set('Authorization', `Bearer ${admin}`).send(body);
        expect(res.status).toBe(201);
        return res.body as { id: string; code?: string };
      };
      const [xeq] = await t.db.query(`SELECT id FROM regions WHERE code = 'XEQ'`);
      const township = await api('/regions', { name: '无编码镇', level: 'township', parentId: xeq.id, latitude: 48.5, longitude: 116.5 });
      const village = await api('/regions', {
        name: '无编码嘎查',
        level: 'village',
        parentId: township.id,
        latitude: 48.4,
        longitude: 116.4,
      });
      const branch = await api('/branches', { name: '无编码党支部', regionId: village.id, kind: 'village', memberCount: 12 });
      const lecturer = await api('/lecturers', lecturerBody(village.id));
      const course = await api('/courses', courseBody([lecturer.id]));
      for (const kind of ['regions', 'branches', 'lecturers', 'courses']) {
        const res = await post(kind, await download(`/imports/${kind}/export`), `${kind}.xlsx`, false);
        expect({ kind, ...res.body, errors: res.body.errors }).toMatchObject({
          kind,
          created: 0,
          updated: 0,
          errors: [],
          unchanged: res.body.rows,
        });
      }
      const stillLinked = await t.db.query('SELECT 1 FROM course_lecturers WHERE course_id = $1 AND lecturer_id = $2', [
        course.id,
        lecturer.id,
      ]);
      expect(stillLinked).toHaveLength(1);
      const codes = await t.db.query(
        `SELECT code FROM regions WHERE id = ANY($1) UNION ALL SELECT code FROM branches WHERE id = $2
         UNION ALL SELECT code FROM lecturers WHERE id = $3 UNION ALL SELECT code FROM courses WHERE id = $4`,
        [[township.id, village.id], branch.id, lecturer.id, course.id],
      );
      expect(codes.map((r: { code: string | null }) => r.code)).toEqual([null, null, null, null, null]);
    });

    /** A token of a new admin of banner XEQ (the root admin's password). */
    const xeqAdmin = async (username: string): Promise<string> => {
      await t.db.query(
        `INSERT INTO accounts (username, password_hash, role, region_id)
         SELECT $1, password_hash, 'admin', (SELECT id FROM regions WHERE code = 'XEQ') FROM accounts WHERE username = 'root-admin'`,
        [username],
      );
      return login(t, username, 'root-admin-pw');
    };

    it('confines a banner admin to its banner: a row outside it is reported, nothing is written', async () => {
      const bannerAdmin = await xeqAdmin('xeq-admin');
      const res = await post(
        'branches',
        await xlsx([
          BRANCH_HEADER,
          ['DZB-IN', '旗内党支部', 'XEQ-BYCG-01', '嘎查村', 5],
          ['DZB-OUT', '旗外党支部', 'EEQ-BYT-01', '社区', 5],
          ['DZB-2', '别旗的党支部', 'XEQ-BYCG-01', '社区', 5],
        ]),
        'b.xlsx',
        false,
        bannerAdmin,
      );
      // A region of another banner is as unknown as one that does not exist; a code another banner's branch
      // holds cannot be the row's own.
      expect((res.body.errors as Array<{ row: number; code: string }>).map((e) => [e.row, e.code])).toEqual([
        [3, 'IMPORT_REFERENCE_UNKNOWN'],
        [4, 'IMPORT_OUT_OF_SCOPE'],
      ]);
      expect((await t.db.query(`SELECT 1 FROM branches WHERE code = 'DZB-IN'`)).length).toBe(0);
      const regions = await post(
        'regions',
        await xlsx([REGIONS[0], ['XX', '新旗', '旗市区', 'HLBE', 48, 117, '', '', '']]),
        'r.xlsx',
        true,
        bannerAdmin,
      );
      expect(regions.body.errors).toEqual([expect.objectContaining({ row: 2, code: 'IMPORT_REFERENCE_UNKNOWN' })]);
      const admins = await post(
        'accounts',
        await xlsx([
          ['username', 'role', 'regionCode'],
          ['xeq-zzb-2', 'admin', 'XEQ'],
          ['city-zzb-2', 'admin', ''],
        ]),
        'a.xlsx',
        true,
        bannerAdmin,
      );
      expect(admins.body.errors).toEqual([expect.objectContaining({ row: 3, code: 'IMPORT_OUT_OF_SCOPE' })]);
    });

    it("gives a banner admin back its own regions' export as unchanged, its banner's row naming the city above it", async () => {
      const bannerAdmin = await xeqAdmin('xeq-exporter');
      const res = await post('regions', await download('/imports/regions/export', bannerAdmin), 'regions.xlsx', false, bannerAdmin);
      expect(res.body).toMatchObject({ created: 0, updated: 0, errors: [], unchanged: res.body.rows });
      expect(res.body.rows).toBeGreaterThan(1);
    });
  });

  describe('files it refuses with a 400 problem', () => {
    const refused = async (file: Buffer, name: string, code: string, kind = 'branches', status = 400) => {
      const res = await post(kind, file, name, true);
      expect(res.status).toBe(status);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.code).toBe(code);
      return res.body as { detail: string };
    };

    it('an old .xls', () =>
      refused(
        Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]),
        'old.xls',
        'IMPORT_FILE_TYPE',
      ));
    it('a PDF named .xlsx (its first bytes are text)', () =>
      refused(Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n'), 'branches.xlsx', 'IMPORT_FILE_TYPE'));
    it('an empty file', () => refused(Buffer.alloc(0), 'empty.csv', 'IMPORT_FILE_EMPTY'));
    it('a header without rows', async () => refused(await xlsx([BRANCH_HEADER]), 'b.xlsx', 'IMPORT_FILE_EMPTY'));
    it('a sheet with formulas', async () =>
      refused(await xlsx([BRANCH_HEADER, ['F-1', '公式', 'XEQ', '嘎查村', { formula: '1+1' }]]), 'f.xlsx', 'IMPORT_FORMULAS'));
    it('a sheet of another kind', async () => refused(await xlsx(REGIONS), 'regions.xlsx', 'IMPORT_COLUMNS_MISSING', 'lecturers'));
    it('a column named twice (名称 and name): which to read would be a guess', async () => {
      const header = [...BRANCH_HEADER, 'name'];
      await refused(
        await xlsx([header, ['DZB-R', '党支部甲', 'XEQ-BYCG-01', '嘎查村', 5, '', '', '党支部乙']]),
        'b.xlsx',
        'IMPORT_COLUMNS_REPEATED',
      );
    });
    it('a zip that is no workbook', async () => {
      const zip = new JSZip();
      zip.file('hello.txt', 'hi');
      await refused(await zip.generateAsync({ type: 'nodebuffer' }), 'x.xlsx', 'IMPORT_FILE_TYPE');
    });
    it('a workbook cut short (a download that broke off)', async () => {
      const whole = await xlsx([BRANCH_HEADER, ['DZB-C', '党支部', 'XEQ-BYCG-01', '嘎查村', 5]]);
      await refused(whole.subarray(0, Math.floor(whole.length / 2)), 'cut.xlsx', 'IMPORT_FILE_UNREADABLE');
    });
    it('a workbook cut short between two of its parts, which reads as a smaller zip part by part', async () => {
      const whole = await xlsx([BRANCH_HEADER, ['DZB-C', '党支部', 'XEQ-BYCG-01', '嘎查村', 5]]);
      const localHeader = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
      const lastPart = whole.lastIndexOf(localHeader);
      expect(lastPart).toBeGreaterThan(0);
      await refused(whole.subarray(0, lastPart), 'cut.xlsx', 'IMPORT_FILE_UNREADABLE');
    });
    it('a zip bomb: a small file that unzips to gigabytes', async () => {
      const zip = new JSZip();
      zip.file('xl/workbook.xml', '<workbook/>');
      zip.file('xl/worksheets/sheet1.xml', Buffer.alloc(310 * 1024 * 1024, 0x20), {
        compression: 'DEFLATE',
        compressionOptions: { level: 9 },
      });
      const bomb = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
      expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
      await refused(bomb, 'bomb.xlsx', 'IMPORT_FILE_UNREADABLE');
    });
    it('a zip bomb that states a small size in its headers, which only unzipping tells', async () => {
      const zip = new JSZip();
      zip.file('xl/workbook.xml', '<workbook/>');
      zip.file('xl/sharedStrings.xml', Buffer.alloc(110 * 1024 * 1024, 0x41), { compression: 'DEFLATE', compressionOptions: { level: 9 } });
      const bomb = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
      // Every entry's uncompressed size, in its local header (offset 22) and the central directory's (offset 24), says 1,000.
      for (const [signature, at] of [
        [0x04034b50, 22],
        [0x02014b50, 24],
      ]) {
        for (
          let i = bomb.indexOf(Buffer.from(new Uint32Array([signature]).buffer));
          i >= 0;
          i = bomb.indexOf(Buffer.from(new Uint32Array([signature]).buffer), i + 4)
        ) {
          if (bomb.readUInt32LE(i + at) > 1_000) bomb.writeUInt32LE(1_000, i + at);
        }
      }
      // Refused for its size before exceljs reads it (which would hold what it unzips to), not by exceljs's failure.
      expect((await refused(bomb, 'bomb.xlsx', 'IMPORT_FILE_UNREADABLE')).detail).toContain('unzips to more than 100 MB');
    });
    it("a zip bomb hidden behind a small part of the same name, which the zip's directory lists in its place", async () => {
      const zip = new JSZip();
      zip.file('xl/workbook.xml', '<workbook/>');
      zip.file('xl/sharedStrings.xml', Buffer.alloc(110 * 1024 * 1024, 0x41), { compression: 'DEFLATE', compressionOptions: { level: 9 } });
      zip.file('xl/sharedStrings.xmX', '<sst/>');
      const bomb = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
      // The small part renamed, in its local header and in the directory: two parts of one name, the bomb read first.
      for (let i = bomb.indexOf('xl/sharedStrings.xmX'); i >= 0; i = bomb.indexOf('xl/sharedStrings.xmX', i + 1)) bomb.write('l', i + 19);
      expect((await JSZip.loadAsync(bomb)).file('xl/sharedStrings.xml')?.name).toBe('xl/sharedStrings.xml');
      expect((await refused(bomb, 'bomb.xlsx', 'IMPORT_FILE_UNREADABLE')).detail).toContain('unzips to more than 100 MB');
    });
    it('a file over 20 MB (413, as a photo or a JSON body too large)', () =>
      refused(Buffer.alloc(21 * 1024 * 1024, 0x41), 'big.csv', 'IMPORT_FILE_TOO_LARGE', 'branches', 413));
    it('no file at all', async () => {
      const res = await t.http().post(`${API}/imports/branches?dryRun=true`).set('Authorization', `Bearer ${admin}`).send({});
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('IMPORT_FILE_MISSING');
    });
    it('a field beside the file, which the import would not read (400 naming it)', async () => {
      const csv = Buffer.from(`${BRANCH_HEADER.join(',')}\n`);
      const res = await post('branches', csv, 'branches.csv', true).field('zz', '1');
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'zz' }] });
    });
    it('more than 50,000 rows', async () => {
      const rows = [BRANCH_HEADER.join(',')];
      for (let i = 0; i < 50_001; i++) rows.push(`R${i},n,XEQ,嘎查村,1,,`);
      await refused(Buffer.from(rows.join('\n')), 'many.csv', 'IMPORT_TOO_MANY_ROWS');
    });
  });

  it('creates branch and lecturer accounts with temporary passwords that must be changed first', async () => {
    const res = await post(
      'accounts',
      await xlsx([
        ['用户名', '角色', '党支部编码', '讲师编码', '管辖区域编码'],
        ['bycg-shuji', '党支部', 'DZB-1', '', ''],
        ['wuyun', '讲师', '', 'JS-A', ''],
        ['xeq-zzb', '组织部门', '', '', 'XEQ'],
      ]),
      'a.xlsx',
      false,
    );
    expect(res.body).toMatchObject({ created: 3, errors: [] });
    const passwords = res.body.passwords as Array<{ username: string; temporaryPassword: string }>;
    expect(passwords.map((p) => p.username)).toEqual(['bycg-shuji', 'wuyun', 'xeq-zzb']);
    const token = await login(t, 'wuyun', passwords[1].temporaryPassword);
    const blocked = await t.http().get(`${API}/orders`).set('Authorization', `Bearer ${token}`);
    expect(blocked.body.code).toBe('PASSWORD_CHANGE_REQUIRED');
    const again = await post(
      'accounts',
      await xlsx([
        ['username', 'role', 'branchCode'],
        ['bycg-shuji', 'branch', 'DZB-1'],
      ]),
      'a.xlsx',
      false,
    );
    expect(again.body).toMatchObject({ created: 0, unchanged: 1, errors: [] });
    expect(again.body.passwords).toEqual([]);
  });

  it('refuses usernames POST /accounts refuses (too short, a space, Latin and Cyrillic mixed), saying what a username is', async () => {
    const res = await post(
      'accounts',
      await xlsx([
        ['用户名', '角色', '党支部编码'],
        ['x', '党支部', 'DZB-1'],
        ['bad user!', '党支部', 'DZB-1'],
        ['аdmin-1', '党支部', 'DZB-1'],
      ]),
      'a.xlsx',
      true,
    );
    expect(res.body.errors.map((e: { row: number; column: string; code: string }) => [e.row, e.column, e.code])).toEqual([
      [2, '用户名', 'IMPORT_USERNAME_INVALID'],
      [3, '用户名', 'IMPORT_USERNAME_INVALID'],
      [4, '用户名', 'IMPORT_USERNAME_INVALID'],
    ]);
    expect(res.body.errors[0].message).toContain('用户名须为');
  });
});
