import { errorCatalogue } from '../common/domain-error.js';

/** A whole file refused (400), and the problems of one row's cells (listed in an import's `errors`, status 200). */
export const ImportErrors = errorCatalogue({
  IMPORT_IN_PROGRESS: { status: 409, detail: 'Another import is being written; try again in a moment.' },
  IMPORT_FILE_MISSING: { status: 400, detail: 'Send the sheet as the multipart field "file".', field: 'file' },
  IMPORT_FILE_TYPE: {
    status: 400,
    detail: 'Send an .xlsx workbook, a .csv file (UTF-8 or GB18030) or Excel\u2019s Unicode text (UTF-16, tab-separated).',
    field: 'file',
  },
  IMPORT_FILE_EMPTY: { status: 400, detail: 'The file holds no rows below its header.', field: 'file' },
  IMPORT_FILE_TOO_LARGE: { status: 413, detail: 'The file is larger than 20 MB.', field: 'file' },
  IMPORT_TOO_MANY_ROWS: { status: 400, detail: 'The file holds more than 50,000 rows; split it.', field: 'file' },
  IMPORT_FORMULAS: { status: 400, detail: 'The sheet holds formulas: paste its values instead.', field: 'file' },
  IMPORT_FILE_UNREADABLE: { status: 400, detail: 'The file cannot be read as a sheet.', field: 'file' },
  IMPORT_COLUMNS_MISSING: { status: 400, detail: 'Required columns are missing: is this the template of this kind?', field: 'file' },
  IMPORT_COLUMNS_REPEATED: { status: 400, detail: 'A column is named twice (in Chinese and in English, say): keep one.', field: 'file' },
  // a row's problems
  IMPORT_VALUE_REQUIRED: { status: 400, detail: 'This cell must be filled.' },
  IMPORT_VALUE_INVALID: { status: 400, detail: 'This value is not one of the choices.' },
  IMPORT_NUMBER_INVALID: { status: 400, detail: 'This number is not valid or out of range.' },
  IMPORT_TEXT_TOO_LONG: { status: 400, detail: 'This text is too long.' },
  IMPORT_TEXT_UNDECODABLE: {
    status: 400,
    detail: 'This cell holds bytes that are neither UTF-8 nor GB18030 text: save the file again as CSV (UTF-8).',
  },
  IMPORT_CODE_INVALID: { status: 400, detail: 'A code is 1-64 letters, digits or . _ -.' },
  IMPORT_USERNAME_INVALID: {
    status: 400,
    detail:
      'A username is 3-100 letters, digits or . _ @ -, not mixing Latin, Cyrillic or Greek, its Latin letters and digits a-z and 0-9.',
  },
  IMPORT_AVAILABILITY_INVALID: { status: 400, detail: 'Write availability as "周一 08:00-12:00; 周三 14:00-18:00".' },
  IMPORT_CODE_DUPLICATE: { status: 400, detail: 'An earlier row has the same code.' },
  IMPORT_REFERENCE_UNKNOWN: { status: 400, detail: 'No row has this code, in the file or among those in your scope.' },
  IMPORT_OUT_OF_SCOPE: { status: 400, detail: 'This row lies outside your region scope.' },
  IMPORT_PARENT_INVALID: { status: 400, detail: 'The parent must be one level up: a city has none.' },
  IMPORT_TREE_FIXED: { status: 400, detail: "A region's level and parent cannot change once it exists." },
  IMPORT_ACCOUNT_EXISTS: { status: 400, detail: 'This username is taken by an account with another role or link.' },
  IMPORT_LINK_INVALID: {
    status: 400,
    detail: 'A branch account needs a branch code, a lecturer account a lecturer code, an admin only a region code.',
  },
});
