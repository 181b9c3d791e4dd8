import ExcelJS from 'exceljs';
import { IMPORT_COLUMNS_ZH, IMPORT_SHEET_ZH } from '../i18n/imports-zh.js';
import { type ImportKind, SHEET_COLUMNS, headerOf } from './sheet-spec.js';

/** Rows below the header that get the drop-down lists (an import takes at most 50,000). */
const VALIDATED_ROWS = 50_001;

export type SheetCell = string | number;

/** exceljs writes data validations (kept per range) but its typings leave them out. */
const validations = (sheet: ExcelJS.Worksheet) =>
  (sheet as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations;

/** Excel's column letters: 1 → A, 27 → AA. */
function columnLetter(n: number): string {
  let s = '';
  for (let i = n; i > 0; i = Math.floor((i - 1) / 26)) s = String.fromCharCode(65 + ((i - 1) % 26)) + s;
  return s;
}

/**
 * A sheet of `kind` as imports read it: the Chinese headers, a drop-down list on every enumerated column
 * (a hint only on columns that take several values or custom ones), the rows given (the template: its one
 * example row), and a second sheet that explains every column. What the template, the exports and the
 * import page's downloads share.
 */
export async function kindWorkbook(
  kind: ImportKind,
  rows: ReadonlyArray<Readonly<Record<string, SheetCell>>> | 'example',
): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const columns = SHEET_COLUMNS[kind];
  const zh = IMPORT_COLUMNS_ZH[kind];
  const data = book.addWorksheet(IMPORT_SHEET_ZH.data, { views: [{ state: 'frozen', ySplit: 1 }] });
  data.columns = columns.map((c) => ({
    header: headerOf(kind, c.key),
    key: c.key,
    width: Math.max(12, headerOf(kind, c.key).length * 2 + 4),
  }));
  data.getRow(1).font = { bold: true };
  for (const row of rows === 'example' ? [Object.fromEntries(columns.map((c) => [c.key, zh[c.key]?.example ?? '']))] : rows)
    data.addRow(row);
  columns.forEach((c, i) => {
    if (!c.choices) return;
    const letter = columnLetter(i + 1);
    // Single-valued columns refuse other values; list columns (专题、语言、形式) only suggest.
    validations(data).add(`${letter}2:${letter}${VALIDATED_ROWS}`, {
      type: 'list',
      allowBlank: !c.required,
      formulae: [`"${c.choices.join(',')}"`],
      showErrorMessage: !c.suggestOnly,
      errorStyle: 'stop',
      errorTitle: headerOf(kind, c.key),
      error: `${zh[c.key]?.note ?? ''}`,
    });
  });
  const help = book.addWorksheet(IMPORT_SHEET_ZH.help);
  help.columns = [
    { header: IMPORT_SHEET_ZH.helpHeaders[0], width: 18 },
    { header: IMPORT_SHEET_ZH.helpHeaders[1], width: 22 },
    { header: IMPORT_SHEET_ZH.helpHeaders[2], width: 10 },
    { header: IMPORT_SHEET_ZH.helpHeaders[3], width: 80 },
  ];
  help.getRow(1).font = { bold: true };
  for (const c of columns) {
    const note = zh[c.key]?.note ?? '';
    help.addRow([
      headerOf(kind, c.key),
      c.key,
      c.required ? IMPORT_SHEET_ZH.required : IMPORT_SHEET_ZH.optional,
      c.choices ? `${note} ${IMPORT_SHEET_ZH.choices}：${c.choices.join('、')}` : note,
    ]);
  }
  help.addRow([]);
  help.addRow([IMPORT_SHEET_ZH.intro]);
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** The temporary passwords an accounts import made: shown once, downloadable once. */
export async function passwordsWorkbook(passwords: ReadonlyArray<{ username: string; temporaryPassword: string }>): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(IMPORT_SHEET_ZH.passwords);
  sheet.columns = [
    { header: IMPORT_SHEET_ZH.passwordHeaders[0], key: 'username', width: 24 },
    { header: IMPORT_SHEET_ZH.passwordHeaders[1], key: 'temporaryPassword', width: 20 },
  ];
  sheet.getRow(1).font = { bold: true };
  for (const p of passwords) sheet.addRow(p);
  sheet.addRow([]);
  sheet.addRow([IMPORT_SHEET_ZH.passwordNote]);
  return Buffer.from(await book.xlsx.writeBuffer());
}
