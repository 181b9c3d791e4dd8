import 'reflect-metadata';
import type { ArgumentMetadata, Type } from '@nestjs/common';
import { CreateAccountDto } from '../../accounts/accounts.dto.js';
import { SignInDto } from '../../attendance/attendance.dto.js';
import { ChangePasswordDto } from '../../auth/auth.dto.js';
import { DomainError } from '../../common/domain-error.js';
import { strictValidationPipe } from '../../common/validation.js';
import { reasonKeyOf, reasonZh } from '../../i18n/field-reasons-zh.js';
import { NotificationSettingsDto } from '../../notifications/notification-settings.dto.js';
import { CompleteDto, PlaceOrderDto, RatingDto } from '../../orders/orders.dto.js';
import { resolveDayPeriod } from '../../coverage/coverage-period.js';
import { PeriodQuery, resolvePeriod } from '../../common/period.js';

/**
 * The pages say why a field was refused by reading the API's own messages (`reasonKeyOf`): these run the real
 * global pipe on the forms' real DTOs, so a validator whose wording changes fails here instead of leaving a page
 * with no reason to give.
 */
async function reasonsOf(dto: Type, body: object): Promise<Record<string, Array<string | undefined>>> {
  const metadata: ArgumentMetadata = { type: 'body', metatype: dto };
  const error: unknown = await strictValidationPipe()
    .transform(body, metadata)
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  if (!(error instanceof DomainError)) throw new Error(`expected a refusal of ${JSON.stringify(body)}`);
  const reasons: Record<string, Array<string | undefined>> = {};
  for (const e of error.errors ?? []) (reasons[e.field] ??= []).push(reasonKeyOf(e.message));
  return reasons;
}

const settings = { phone: null, email: null, channels: { sms: false, email: false }, quietHours: { from: '22:00', to: '07:00' } };

describe('why a form field was refused, as the validators word it', () => {
  it('knows a common password, one of one character repeated, one too short or too long, and one that is the username', async () => {
    expect(await reasonsOf(ChangePasswordDto, { currentPassword: 'x', newPassword: '12345678' })).toEqual({
      newPassword: ['weakPassword'],
    });
    expect(await reasonsOf(ChangePasswordDto, { currentPassword: 'x', newPassword: 'kx7q' })).toEqual({ newPassword: ['tooShort.8'] });
    expect(await reasonsOf(ChangePasswordDto, { currentPassword: 'x', newPassword: '长长长长长长长长' })).toEqual({
      newPassword: ['oneCharacter'],
    });
    expect(await reasonsOf(ChangePasswordDto, { currentPassword: 'x', newPassword: 'kx7q'.repeat(51) })).toEqual({
      newPassword: ['tooLong.200'],
    });
    expect(await reasonsOf(CreateAccountDto, { username: 'saruul', password: 'Saruul2026', role: 'branch' })).toEqual({
      password: ['passwordIsUsername'],
    });
  });

  it('knows a username with a space, an empty one and one mixing look-alike scripts', async () => {
    const account = { password: 'Saruul-2026', role: 'branch' };
    expect(await reasonsOf(CreateAccountDto, { ...account, username: 'has space' })).toEqual({ username: ['usernameCharacters'] });
    expect(await reasonsOf(CreateAccountDto, { ...account, username: '' })).toEqual({ username: ['usernameCharacters'] });
    expect(await reasonsOf(CreateAccountDto, { ...account, username: '\u0430dmin' })).toEqual({ username: ['usernameMixesScripts'] });
  });

  it('knows a start that is not a date-time with its offset', async () => {
    const order = {
      topic: 'policy',
      title: '草原生态',
      format: 'online',
      latestStart: '2026-12-01T09:00:00+08:00',
      expectedAudience: 30,
      language: 'zh',
    };
    expect(await reasonsOf(PlaceOrderDto, { ...order, earliestStart: '' })).toEqual({ earliestStart: ['dateTime'] });
    expect(reasonZh('dateTime')).toBe('应为日期和时间，如 2026-06-01 09:00');
  });

  it('knows a notification phone that is not a mobile number, a bad e-mail and a quiet hour not HH:MM', async () => {
    expect(
      await reasonsOf(NotificationSettingsDto, {
        ...settings,
        phone: '0470-8221234',
        email: 'no-at-sign',
        quietHours: { from: '9', to: '07:00' },
      }),
    ).toEqual({
      phone: ['chineseMobile'],
      email: ['email'],
      'quietHours.from': ['hourMinute'],
    });
  });

  it("knows an attendee's blank name, a phone with letters and one of the wrong length", async () => {
    expect(await reasonsOf(SignInDto, { name: '   ', phone: '138abc' })).toEqual({
      name: ['blank'],
      phone: expect.arrayContaining(['phoneCharacters']) as unknown,
    });
    expect(await reasonsOf(SignInDto, { name: '张三', phone: '12345' })).toEqual({ phone: ['mobileOrLandline'] });
  });

  it('knows a name holding a control character or a text direction override, while a summary keeps its line breaks', async () => {
    expect(await reasonsOf(SignInDto, { name: '\u202e三张' })).toEqual({ name: ['hiddenControls'] });
    expect(await reasonsOf(SignInDto, { name: '张\u0007三' })).toEqual({ name: ['hiddenControls'] });
    const summary = { attendance: 30, summary: '讲了三点：\r\n一、……\n\t二、……' };
    await expect(strictValidationPipe().transform(summary, { type: 'body', metatype: CompleteDto })).resolves.toMatchObject(summary);
  });

  it('knows a comment past 2,000 characters and a number below or above its bounds, and says each in Chinese', async () => {
    const rating = await reasonsOf(RatingDto, { score: 9, comment: '好'.repeat(2001) });
    expect(rating).toEqual({ score: ['atMost.5'], comment: ['tooLong.2000'] });
    expect(await reasonsOf(CompleteDto, { attendance: -5, summary: '讲了三点' })).toEqual({ attendance: ['atLeast.0'] });
    expect([rating.score[0], rating.comment[0], 'atLeast.0'].map((key) => reasonZh(key as string))).toEqual([
      '不能大于 5',
      '最多 2000 个字符',
      '不能小于 0',
    ]);
  });

  it('knows a period whose end comes before its start, a date that is none and one that is not real', async () => {
    const refusal = (work: () => unknown) => {
      try {
        work();
      } catch (e) {
        return (e as DomainError).errors?.map((f) => [f.field, reasonKeyOf(f.message)]);
      }
      throw new Error('expected a refusal');
    };
    const now = new Date('2026-12-07T00:00:00Z');
    expect(refusal(() => resolveDayPeriod({ from: '2026-12-31', to: '2026-01-01' }, now))).toEqual([['to', 'endBeforeStart']]);
    expect(refusal(() => resolvePeriod({ from: '2026-02-30' }))).toEqual([['from', 'realDate']]);
    expect(await reasonsOf(PeriodQuery, { from: 'abc' })).toEqual({ from: ['date'] });
    expect(['endBeforeStart', 'realDate', 'date'].map(reasonZh)).toEqual([
      '不能早于开始日期',
      '应为 1000–9999 年间实有的日期',
      '应为日期，如 2026-06-01',
    ]);
  });
});
