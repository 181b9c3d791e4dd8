import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DomainError } from '../common/domain-error.js';
import { FIELD_ZH, MESSAGES_ZH } from './messages-zh.js';
import { fieldLabel, pageProblem, toPageError } from './page-errors.js';

const SRC = resolve('src');

/** Every `*.errors.ts` under src/, found afresh: a new feature's catalogue left out of ErrorCode is caught here. */
function errorCatalogueFiles(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return errorCatalogueFiles(path);
    return e.name.endsWith('.errors.ts') ? [path] : [];
  });
}

/** The codes a module's catalogues declare: every exported object whose members build DomainErrors. */
async function codesOf(file: string): Promise<string[]> {
  const mod: Record<string, unknown> = await import(pathToFileURL(file).href);
  return Object.values(mod).flatMap((exported) => {
    if (exported === null || typeof exported !== 'object') return [];
    return Object.values(exported as Record<string, unknown>).flatMap((make) => {
      if (typeof make !== 'function') return [];
      const made: unknown = (make as () => unknown)();
      return made instanceof DomainError ? [made.code] : [];
    });
  });
}

describe('MESSAGES_ZH', () => {
  it('has a Chinese message for every error code of every catalogue, also one left out of ErrorCode', async () => {
    const others = ['common/domain-error.ts', 'common/idempotency.ts'].map((file) => join(SRC, file));
    const files = [...errorCatalogueFiles(), ...others];
    const codes = (await Promise.all(files.map(codesOf))).flat();
    expect(codes.length).toBeGreaterThan(40);
    expect(codes).toContain('ORDER_ALREADY_ACCEPTED');
    const missing = codes.filter((code) => !(code in MESSAGES_ZH));
    expect(missing).toEqual([]);
  });

  it('says every message in Chinese', () => {
    const notChinese = Object.entries(MESSAGES_ZH).filter(([, text]) => !/[\u4e00-\u9fff]/.test(text));
    expect(notChinese).toEqual([]);
  });
});

describe(toPageError.name, () => {
  it('names the fields of a validation failure in Chinese', () => {
    const sut = toPageError(
      new DomainError('VALIDATION_FAILED', 400, 'x', [
        { field: 'expectedAudience', message: 'must not be less than 1' },
        { field: 'weekly.2.from', message: 'from must be HH:MM' },
      ]),
    );
    expect(sut).toEqual({
      code: 'VALIDATION_FAILED',
      status: 400,
      message: MESSAGES_ZH.VALIDATION_FAILED,
      fields: [FIELD_ZH.expectedAudience, FIELD_ZH.weekly],
      fieldNames: ['expectedAudience', 'weekly'],
      rules: [],
      reasons: [
        { field: 'expectedAudience', why: 'atLeast.1' },
        { field: 'weekly', why: 'hourMinute' },
      ],
    });
  });

  it('answers an unexpected error with the generic message, never its text', () => {
    const sut = toPageError(new Error('password=hunter2 in a stack trace'));
    expect(sut).toMatchObject({ code: 'INTERNAL_ERROR', status: 500, message: MESSAGES_ZH.INTERNAL_ERROR });
  });

  it('keeps an unknown field name as it is', () => {
    expect(fieldLabel('somethingNew')).toBe('somethingNew');
  });
});

describe(pageProblem.name, () => {
  it("tells the outbox a refusal as problem details with the code's Chinese message and the fields to fix", () => {
    const sut = pageProblem(toPageError(new DomainError('VALIDATION_FAILED', 400, 'x', [{ field: 'expectedAudience', message: 'min 1' }])));
    expect(sut).toEqual({
      type: 'about:blank',
      title: '未能提交',
      status: 400,
      detail: MESSAGES_ZH.VALIDATION_FAILED,
      code: 'VALIDATION_FAILED',
      fields: [FIELD_ZH.expectedAudience],
    });
  });

  it('titles an ended session as one to log in again', () => {
    expect(pageProblem(toPageError(new DomainError('SESSION_REQUIRED', 401, 'x')))).toMatchObject({ title: '请重新登录', status: 401 });
  });
});
