import { PassThrough } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { sheetLines } from './sheet-reader.js';

const ROWS = 3_000;
const header = ['编码', '名称'];
/** Names of 50 Chinese characters and more: a chunk boundary of the file nearly always falls inside one. */
const row = (i: number) => [`T-X${i}`, `${'测试区域名称呼和诺尔'.repeat(5)}第${i}号`];

/** An .xlsx whose strings are kept apart from the sheet (shared strings, as Excel saves them). */
async function withSharedStrings(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('数据');
  sheet.addRows([header, ...Array.from({ length: ROWS }, (_, i) => row(i + 1))]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** An .xlsx whose strings stand in the sheet's own XML (inline strings, as some programs save them). */
async function withInlineStrings(): Promise<Buffer> {
  const stream = new PassThrough();
  const written = buffer(stream);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useSharedStrings: false });
  const sheet = workbook.addWorksheet('数据');
  sheet.addRow(header).commit();
  for (let i = 1; i <= ROWS; i++) sheet.addRow(row(i)).commit();
  sheet.commit();
  await workbook.commit();
  return written;
}

describe('sheetLines', () => {
  it.each([
    ['shared strings', withSharedStrings],
    ['inline strings', withInlineStrings],
  ])(
    "reads every Chinese name of a long .xlsx (%s) as written, whichever chunk of the file its characters' bytes fall on",
    async (_kind, sheet) => {
      const names: string[] = [];
      for await (const line of sheetLines(await sheet())) if (line.row > 1) names.push(String(line.cells[1]));

      expect(names).toHaveLength(ROWS);
      expect(names.filter((name, i) => name !== row(i + 1)[1])).toEqual([]);
    },
  );
});

describe('sheetLines on a CSV, by its encoding', () => {
  const csv = '编码,名称\nR-1,呼伦贝尔市新巴尔虎左旗\nR-2,阿拉坦额莫勒镇巴彦嘎查\n';
  const names = async (file: Buffer) => {
    const read: string[] = [];
    for await (const { row, cells } of sheetLines(file)) if (row > 1 && typeof cells[1] === 'string') read.push(cells[1]);
    return read;
  };

  it('reads a file saved by Excel on a Chinese Windows (GB18030) as GB18030', async () => {
    await expect(names(iconv.encode(csv, 'gb18030'))).resolves.toEqual(['呼伦贝尔市新巴尔虎左旗', '阿拉坦额莫勒镇巴彦嘎查']);
  });

  it('reads Excel\u2019s "Unicode 文本" (UTF-16 with its byte order mark, columns split by tabs), little- and big-endian', async () => {
    const text = csv.replaceAll(',', '\t');
    const bigEndian = Buffer.from(text, 'utf16le').swap16();
    for (const file of [iconv.encode(text, 'utf16le', { addBOM: true }), Buffer.concat([Buffer.from([0xfe, 0xff]), bigEndian])])
      await expect(names(file)).resolves.toEqual(['呼伦贝尔市新巴尔虎左旗', '阿拉坦额莫勒镇巴彦嘎查']);
  });

  it('reads UTF-16 text with commas between its columns as a CSV', async () => {
    await expect(names(iconv.encode(csv, 'utf16le', { addBOM: true }))).resolves.toEqual([
      '呼伦贝尔市新巴尔虎左旗',
      '阿拉坦额莫勒镇巴彦嘎查',
    ]);
  });

  it('keeps a UTF-8 file with one stray byte as UTF-8: the other names as written, the stray byte undecodable', async () => {
    const utf8 = Buffer.from(csv, 'utf8');
    const at = utf8.indexOf(Buffer.from('阿拉坦'));
    const file = Buffer.concat([utf8.subarray(0, at), Buffer.from([0xb0]), utf8.subarray(at)]);
    await expect(names(file)).resolves.toEqual(['呼伦贝尔市新巴尔虎左旗', '\uFFFD阿拉坦额莫勒镇巴彦嘎查']);
  });
});
