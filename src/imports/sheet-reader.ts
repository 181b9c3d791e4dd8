import { type Duplex, Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { parse as parseCsv } from 'csv-parse';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
// @ts-expect-error -- unzipper ships no types: its Parse stream is used as exceljs uses it (below)
import unzipper from 'unzipper';
import { ImportErrors } from './imports.errors.js';

/** At most this many data rows in one file (the header not counted). */
export const MAX_ROWS = 50_000;
/**
 * At most this much once unzipped: 50,000 rows of every template's columns unzip to far less (the bench's 30,000
 * branches: ~10 MB); more is a zip bomb, whose parts exceljs would hold in memory as text.
 */
const MAX_UNZIPPED_BYTES = 100 * 1024 * 1024;

export interface SheetLine {
  /** As the spreadsheet numbers it: the header is row 1. */
  row: number;
  cells: unknown[];
}

type FileKind = 'xlsx' | 'csv';

/** What a file is, by its first bytes (not its name): an .xlsx is a zip, an old .xls an OLE2 compound file. */
function kindOf(file: Buffer): FileKind {
  if (file.length === 0) throw ImportErrors.IMPORT_FILE_EMPTY();
  if (file.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return 'xlsx';
  if (file.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0])))
    throw ImportErrors.IMPORT_FILE_TYPE('An .xls file: save it as .xlsx or .csv.');
  // A PDF begins as text (its binary parts come later), so it is named by its signature.
  if (file.subarray(0, 5).toString('latin1') === '%PDF-') throw ImportErrors.IMPORT_FILE_TYPE();
  // Excel's "Unicode 文本" (UTF-16 with its BOM, columns split by tabs): text, its NUL bytes half of each ASCII letter.
  if (utf16Of(file) !== undefined) return 'csv';
  // Text has no NUL bytes in UTF-8 or GB18030; anything else is not a sheet.
  if (file.subarray(0, 4096).includes(0)) throw ImportErrors.IMPORT_FILE_TYPE();
  return 'csv';
}

/**
 * The lines of a file's first sheet, the header first: an .xlsx streamed through exceljs (its first
 * worksheet), or a CSV in UTF-8 (with or without BOM) or GB18030, decoded by iconv-lite and parsed by
 * csv-parse as it streams. Refuses what is not a sheet, a zip bomb, formulas and more than MAX_ROWS rows.
 */
export async function* sheetLines(file: Buffer): AsyncGenerator<SheetLine> {
  const lines = kindOf(file) === 'xlsx' ? xlsxLines(file) : csvLines(file);
  for await (const line of lines) {
    if (line.row > MAX_ROWS + 1) throw ImportErrors.IMPORT_TOO_MANY_ROWS();
    yield line;
  }
}

/**
 * The rows of an .xlsx's first sheet. exceljs' stream reader now and then (about once in 250 reads) starts a
 * sheet before it has read the workbook's own part and fails; such a failure before the first row is read
 * again (the file is in memory), and one after the first sheet was read whole does not matter.
 */
async function* xlsxLines(file: Buffer): AsyncGenerator<SheetLine> {
  await checkZip(file);
  for (let attempt = 1; ; attempt++) {
    const progress = { yielded: false, firstSheetRead: false };
    try {
      for await (const line of firstSheetLines(file, progress)) {
        progress.yielded = true;
        yield line;
      }
      return;
    } catch (err) {
      if ((err as { code?: string }).code?.startsWith('IMPORT_')) throw err;
      if (progress.firstSheetRead) return;
      if (!progress.yielded && attempt < 3) continue;
      throw ImportErrors.IMPORT_FILE_UNREADABLE();
    }
  }
}

/** The methods of exceljs' stream reader that read the XML of a part of the workbook (not in its typings). */
interface PartParsers {
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>;
  _parseWorksheet(chunks: AsyncIterable<Buffer | string>, sheetNo: string): Generator<unknown>;
}

/** UTF-8 chunks as text, a character whose bytes two chunks share decoded whole. */
async function* utf8Text(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  for await (const chunk of chunks) yield typeof chunk === 'string' ? chunk : decoder.write(chunk);
  yield decoder.end();
}

/**
 * exceljs' stream reader, each part of the workbook read as text decoded across its chunks. exceljs decodes every
 * chunk of a part's XML on its own, so a character whose bytes a chunk boundary splits became U+FFFD (exceljs
 * issue #2084, open in 4.4.0): in a sheet of Chinese names a few in every thousand, which a second import of the
 * same file then took for unchanged. Hyperlinks, the one part not read so, are ignored.
 */
function workbookReader(file: Buffer): ExcelJS.stream.xlsx.WorkbookReader {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([file]), {
    entries: 'emit',
    sharedStrings: 'cache',
    styles: 'cache', // dates are told from numbers by their cell style
    hyperlinks: 'ignore',
    worksheets: 'emit',
  });
  const parts = reader as unknown as PartParsers;
  const [rels, workbook, styles, sharedStrings, worksheet] = [
    parts._parseRels.bind(reader),
    parts._parseWorkbook.bind(reader),
    parts._parseStyles.bind(reader),
    parts._parseSharedStrings.bind(reader),
    parts._parseWorksheet.bind(reader),
  ];
  parts._parseRels = (entry) => rels(entry.setEncoding('utf8'));
  parts._parseWorkbook = (entry) => workbook(entry.setEncoding('utf8'));
  parts._parseStyles = (entry) => styles(entry.setEncoding('utf8'));
  parts._parseSharedStrings = (entry) => sharedStrings(entry.setEncoding('utf8'));
  // A sheet comes as chunks: from its zip entry, or from the temporary file exceljs keeps it in until the shared strings are read.
  parts._parseWorksheet = (chunks, sheetNo) => worksheet(utf8Text(chunks), sheetNo);
  return reader;
}

async function* firstSheetLines(file: Buffer, progress: { firstSheetRead: boolean }): AsyncGenerator<SheetLine> {
  const reader = workbookReader(file);
  for await (const sheet of reader) {
    for await (const row of sheet) {
      // The first sheet only (the template's second one explains the columns); the others are read to their
      // end all the same: leaving exceljs' reader early fails inside it too.
      if (progress.firstSheetRead) continue;
      const cells = (row.values as unknown[]).slice(1); // exceljs counts columns from 1
      const formula = cells.findIndex((c) => typeof c === 'object' && c !== null && ('formula' in c || 'sharedFormula' in c));
      if (formula >= 0) throw ImportErrors.IMPORT_FORMULAS(`Row ${row.number}, column ${formula + 1} holds a formula.`);
      yield { row: row.number, cells };
    }
    progress.firstSheetRead = true;
  }
}

/**
 * An .xlsx must be a workbook (it holds the workbook's part) whose parts unzip to a sane size, before exceljs reads
 * it. Both are read in one pass by the parser exceljs reads with (unzipper's, local header after local header): the
 * zip's directory may list the parts otherwise (a name twice, a part marked a folder there, a part it leaves out).
 * The sizes are counted by unzipping, not read from the zip's headers, where a zip bomb may state any size (a 3.9 MB
 * file saying 1,000 bytes for 4 GB of shared strings ran the app out of memory).
 */
async function checkZip(file: Buffer): Promise<void> {
  if (!endsAsZip(file)) throw ImportErrors.IMPORT_FILE_UNREADABLE();
  const { bytes, hasWorkbook } = await zipContents(file, MAX_UNZIPPED_BYTES);
  if (bytes > MAX_UNZIPPED_BYTES) throw ImportErrors.IMPORT_FILE_UNREADABLE('The file unzips to more than 100 MB: not a plain sheet.');
  if (!hasWorkbook) throw ImportErrors.IMPORT_FILE_TYPE();
}

/** The end of a zip's directory: its signature, and the comment length at this offset in it (the record is 22 bytes without its comment). */
const END_OF_DIRECTORY = { signature: 0x06054b50, commentLengthAt: 20, size: 22, longestComment: 0xffff };

/**
 * Whether the file ends as a whole zip does, with the end of its directory. The parser reads part after part and
 * takes a file cut off between two parts (a download that broke off) for a whole one with fewer parts.
 */
function endsAsZip(file: Buffer): boolean {
  const { signature, commentLengthAt, size, longestComment } = END_OF_DIRECTORY;
  for (let at = file.length - size; at >= Math.max(0, file.length - size - longestComment); at--)
    if (file.readUInt32LE(at) === signature && file.readUInt16LE(at + commentLengthAt) === file.length - at - size) return true;
  return false;
}

/** What the parts of a zip unzip to, each chunk counted and dropped, unzipping no further once past `max`; and whether one is the workbook's. */
async function zipContents(file: Buffer, max: number): Promise<{ bytes: number; hasWorkbook: boolean }> {
  const zip = (unzipper as { Parse(opts: { forceStream: true }): Duplex }).Parse({ forceStream: true });
  Readable.from([file]).pipe(zip);
  const contents = { bytes: 0, hasWorkbook: false };
  // A file that ends inside a part fails the parser, not the part (read now or still to come), whose reader would
  // wait for the rest for ever.
  let failure: Error | undefined;
  let part: Readable | undefined;
  zip.on('error', (err: Error) => {
    failure = err;
    part?.destroy(err);
  });
  try {
    for await (const entry of zip as AsyncIterable<Readable & { path: string; type: string }>) {
      if (failure) throw failure;
      part = entry;
      if (entry.path === 'xl/workbook.xml' && entry.type === 'File') contents.hasWorkbook = true;
      for await (const chunk of entry) {
        contents.bytes += (chunk as Buffer).length;
        if (contents.bytes > max) {
          zip.destroy();
          return contents;
        }
      }
    }
  } catch {
    throw ImportErrors.IMPORT_FILE_UNREADABLE();
  }
  return contents;
}

/**
 * UTF-8 when it decodes as UTF-8 (a BOM or not), else GB18030, what Excel on a Chinese Windows saves. UTF-8 text
 * with a stray byte of another encoding is still UTF-8: read as GB18030 every character of it would turn into other,
 * valid ones, stored without a word. Bytes that do not decode become U+FFFD, which the rows refuse (readRow).
 */
function encodingOf(file: Buffer): 'utf8' | 'gb18030' | 'utf16le' | 'utf16be' {
  const utf16 = utf16Of(file);
  if (utf16 !== undefined) return utf16;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(file);
    return 'utf8';
  } catch {
    return mostlyUtf8(file) ? 'utf8' : 'gb18030';
  }
}

/** Commas, but tabs in UTF-16 text whose first line has one: Excel's Unicode text splits its columns by tabs. */
function delimiterOf(file: Buffer): ',' | '\t' {
  const utf16 = utf16Of(file);
  if (utf16 === undefined) return ',';
  const start = iconv.decode(file.subarray(0, 4096), utf16);
  return start.slice(0, start.search(/\r|\n|$/)).includes('\t') ? '\t' : ',';
}

/** UTF-16 by its byte order mark, as Excel saves "Unicode 文本"; undefined for any other file. */
function utf16Of(file: Buffer): 'utf16le' | 'utf16be' | undefined {
  if (file[0] === 0xff && file[1] === 0xfe) return 'utf16le';
  return file[0] === 0xfe && file[1] === 0xff ? 'utf16be' : undefined;
}

/**
 * Whether the bytes beyond ASCII are mostly well-formed UTF-8 sequences. Chinese text in GB18030, read as UTF-8,
 * forms one now and then (a lead byte C2–DF before a trail byte 80–BF) among many bytes that do not.
 */
function mostlyUtf8(file: Buffer): boolean {
  let sequences = 0;
  let strays = 0;
  for (let i = 0; i < file.length;) {
    const lead = file[i];
    const trail = lead >= 0xc2 && lead <= 0xdf ? 1 : lead >= 0xe0 && lead <= 0xef ? 2 : lead >= 0xf0 && lead <= 0xf4 ? 3 : 0;
    let n = 1;
    while (n <= trail && i + n < file.length && (file[i + n] & 0xc0) === 0x80) n++;
    if (lead < 0x80) i++;
    else if (trail > 0 && n === trail + 1) {
      sequences++;
      i += n;
    } else {
      strays++;
      i++;
    }
  }
  return sequences > 4 * strays;
}

async function* csvLines(file: Buffer): AsyncGenerator<SheetLine> {
  const parser = Readable.from([file])
    .pipe(iconv.decodeStream(encodingOf(file), { stripBOM: true }))
    .pipe(parseCsv({ relax_column_count: true, skip_empty_lines: false, relax_quotes: true, delimiter: delimiterOf(file) }));
  let row = 0;
  try {
    for await (const cells of parser as AsyncIterable<string[]>) {
      row++;
      yield { row, cells };
    }
  } catch (err) {
    if ((err as { code?: string }).code?.startsWith('IMPORT_')) throw err;
    throw ImportErrors.IMPORT_FILE_UNREADABLE();
  }
}
