import { PassThrough } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import ExcelJS from 'exceljs';
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
