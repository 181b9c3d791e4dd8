import ExcelJS from 'exceljs';
import { buildCoverage } from './coverage-report.js';
import { coverageCsv, coverageXlsx, regionColumns } from './coverage-export.js';

const view = buildCoverage({
  period: { from: '2026-01-01', to: '2026-12-31' },
  rootId: 'c',
  regions: [
    { id: 'c', name: '呼伦贝尔市', level: 'city', parentId: null, path: ['c'], border: false, remote: false, weak: false },
    { id: 'v', name: '=HYPERLINK("x"),"嘎查"', level: 'banner', parentId: 'c', path: ['c', 'v'], border: true, remote: false, weak: false },
  ],
  lectures: [{ regionId: 'v', lectures: 2, attendance: 61, counts: { category_expert_scholar: 2, level_city: 2, format_mobile: 2, topic_theory: 2 } }],
  reach: [{ regionId: 'v', branches: 2, branchesReached: 1, unreached: [{ id: 'b', name: '党支部"一"', kind: 'village' }] }],
  customTopics: [],
});

describe(coverageCsv.name, () => {
  const sut = coverageCsv(view);
  const text = sut.subarray(3).toString('utf8');

  it('starts with the UTF-8 byte order mark', () => {
    expect([...sut.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it('quotes commas and quotes, and defuses a name that a spreadsheet would run as a formula', () => {
    expect(text).toContain(`"'=HYPERLINK(""x""),""嘎查"""`);
    expect(text).toContain('"党支部""一"""');
  });

  it('has one header and one row per region, with the figures of the view', () => {
    const lines = text.split('\r\n');
    const header = lines.indexOf('区域覆盖') + 1;
    expect(lines[header].split(',')).toHaveLength(regionColumns(view).length);
    expect(lines[header + 1].startsWith('c,呼伦贝尔市,市,,否,否,否,2,1,0.5,2,61,')).toBe(true);
  });
});

describe(coverageXlsx.name, () => {
  it('writes the region table, the groups and the unreached branches as sheets, numbers as numbers', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await coverageXlsx(view) as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['区域覆盖', '重点区域对比', '未覆盖党组织', '说明']);
    const regions = workbook.getWorksheet('区域覆盖');
    expect(regions?.getRow(2).getCell(11).value).toBe(2);
    expect(regions?.getRow(3).getCell(2).value).toBe('=HYPERLINK("x"),"嘎查"');
    expect(workbook.getWorksheet('未覆盖党组织')?.getRow(2).getCell(2).value).toBe('党支部"一"');
  });

  it('shows a rate as a percentage that stays a number, and names the region it covers', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await coverageXlsx(view) as unknown as ArrayBuffer);
    const rate = workbook.getWorksheet('区域覆盖')?.getRow(2).getCell(10);
    expect([rate?.value, rate?.numFmt]).toEqual([0.5, '0.0%']);
    expect(workbook.getWorksheet('说明')?.getRow(2).values).toEqual([undefined, '区域', '呼伦贝尔市', 'c']);
  });
});
