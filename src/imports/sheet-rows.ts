/** From a sheet's header and cells to typed rows and every problem found on the way. Pure. */
import { type CellProblem, cellText, looseKey } from './cell-values.js';
import { type ImportKind, type RowsOf, SHEET_COLUMNS, headerOf } from './sheet-spec.js';

/** The problems a row can have, besides a cell's own (see CellProblem). */
export type RowProblemCode =
  | CellProblem
  | 'IMPORT_CODE_DUPLICATE'
  | 'IMPORT_REFERENCE_UNKNOWN'
  | 'IMPORT_OUT_OF_SCOPE'
  | 'IMPORT_PARENT_INVALID'
  | 'IMPORT_TREE_FIXED'
  | 'IMPORT_ACCOUNT_EXISTS'
  | 'IMPORT_LINK_INVALID'
  | 'IMPORT_TEXT_UNDECODABLE';

/** One problem of one cell: the row as the spreadsheet numbers it (the header is row 1), the column by its Chinese header. */
export interface RowProblem {
  row: number;
  column: string;
  value: string;
  code: RowProblemCode;
}

export interface SheetRow<K extends ImportKind> {
  row: number;
  value: RowsOf[K];
}

/** A row some of whose cells are wrong: the cells that read well, so that its references can be checked all the same. */
export interface PartialRow {
  row: number;
  value: Readonly<Record<string, unknown>>;
}

/** Which cell of a row holds which column; the columns the sheet lacks. */
export interface HeaderMap {
  indexOf: ReadonlyMap<string, number>;
  missing: string[];
  /** Columns named twice (`名称` and `name`): which of the two to read would be a guess. */
  repeated: string[];
  /** Headers that name no column of the kind (an office's own 备注, or a misspelt `waek`): not read. */
  ignored: string[];
}

/** Headers by their Chinese name or English field name, in any order, however spaced or starred (`*编码`). */
export function matchHeaders(kind: ImportKind, header: readonly unknown[]): HeaderMap {
  const wanted = new Map<string, string>();
  for (const c of SHEET_COLUMNS[kind]) {
    wanted.set(looseKey(c.key), c.key);
    wanted.set(looseKey(headerOf(kind, c.key)), c.key);
    // `出行半径（公里）` also as `出行半径`
    wanted.set(looseKey(headerOf(kind, c.key).replace(/[（(].*[)）]$/u, '')), c.key);
  }
  const indexOf = new Map<string, number>();
  const repeated = new Set<string>();
  const ignored: string[] = [];
  header.forEach((cell, i) => {
    const text = cellText(cell);
    const key = wanted.get(looseKey(text.replace(/^\*+|\*+$/g, '')));
    if (key === undefined) {
      if (text !== '') ignored.push(text);
    } else if (indexOf.has(key)) repeated.add(headerOf(kind, key));
    else indexOf.set(key, i);
  });
  const missing = SHEET_COLUMNS[kind].filter((c) => c.required && !indexOf.has(c.key)).map((c) => headerOf(kind, c.key));
  return { indexOf, missing, repeated: [...repeated], ignored };
}

/** A row's cells read by its columns; a column the sheet lacks is left out (the plan decides what that means). */
export function readRow<K extends ImportKind>(
  kind: K,
  headers: HeaderMap,
  row: number,
  cells: readonly unknown[],
): { value?: RowsOf[K]; partial?: PartialRow; problems: RowProblem[] } | undefined {
  const texts = SHEET_COLUMNS[kind].map((c) => {
    const i = headers.indexOf.get(c.key);
    return i === undefined ? undefined : cellText(cells[i], !c.freeText);
  });
  if (texts.every((t) => t === undefined || t === '')) return undefined; // an empty line
  const value: Record<string, unknown> = {};
  const problems: RowProblem[] = [];
  SHEET_COLUMNS[kind].forEach((c, i) => {
    const text = texts[i];
    if (text === undefined) {
      value[c.key] = 'absent' in c ? c.absent : (c.empty ?? null);
      return;
    }
    const problem = (code: RowProblemCode) => problems.push({ row, column: headerOf(kind, c.key), value: text, code });
    if (text === '') {
      if (c.required) problem('IMPORT_VALUE_REQUIRED');
      else value[c.key] = c.empty;
      return;
    }
    // A byte the file's encoding could not decode (sheet-reader): the cell is not what the office typed.
    if (text.includes('\ufffd')) {
      problem('IMPORT_TEXT_UNDECODABLE');
      return;
    }
    const read = c.read(text);
    if (read.ok) value[c.key] = read.value;
    else problem(read.problem);
  });
  return problems.length > 0 ? { partial: { row, value }, problems } : { value: value as unknown as RowsOf[K], problems };
}
