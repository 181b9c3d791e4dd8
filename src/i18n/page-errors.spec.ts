import { rateLimited, validationFailed } from '../common/domain-error.js';
import { BookingErrors } from '../bookings/bookings.errors.js';
import { errorQuery, noticeOf, toPageError } from './page-errors.js';

describe('a limit that refuses', () => {
  it('says in the API how long to wait, as Retry-After does', () => {
    const locked = rateLimited(3_467_000);
    expect(locked.retryAfterSeconds).toBe(3467);
    expect(locked.detail).toBe('Too many requests; try again in 58 minutes.');
    expect(rateLimited(12_300).detail).toBe('Too many requests; try again in 13 s.');
  });

  it('tells a person on the pages the wait in minutes, an hour-long lock not as "a minute"', () => {
    expect(toPageError(rateLimited(3_467_000)).message).toBe('操作太频繁，请58分钟后再试。');
    expect(toPageError(rateLimited(12_300)).message).toBe('操作太频繁，请1分钟后再试。');
  });
});

describe('a take refused by the hard rules', () => {
  const refused = Object.assign(BookingErrors.LECTURER_NOT_ELIGIBLE(), { rules: ['exception', 'availability'] });

  it('says which rules refused it, on the page and in the query that carries it to the next page', () => {
    const error = toPageError(refused);
    expect(error.message).toBe('不符合授课条件。原因：所选时间在请假或外出期间；所选时间不在每周可授课时间内。');
    expect(errorQuery(error)).toBe('error=LECTURER_NOT_ELIGIBLE&rule=exception&rule=availability');
    expect(noticeOf({ error: 'LECTURER_NOT_ELIGIBLE', rule: ['exception', 'availability'] })?.message).toBe(error.message);
  });

  it('says a clash once: its own message says it, not again as a rule', () => {
    expect(noticeOf({ error: 'LECTURER_BUSY', rule: 'booking' })?.message).toBe('该时间（含路途时间）讲师已有其他授课安排。');
  });

  it('says nothing of a rule it does not know, as a crafted link would name', () => {
    expect(noticeOf({ error: 'LECTURER_NOT_ELIGIBLE', rule: '<script>' })?.message).toBe(
      '该讲师不符合此订单的要求（专题、语言、形式、时间或出行半径）。',
    );
  });
});

describe('a form refused field by field', () => {
  const refused = validationFailed([
    { field: 'newPassword', message: 'password is one of the most common passwords; choose another' },
    { field: 'newPassword', message: 'newPassword must be longer than or equal to 8 characters' },
    { field: 'phone', message: 'a message of no kind a page can say' },
  ]);

  it('says why each field was refused where it can, on the page and across the redirect, and lists the rest to check', () => {
    const query = errorQuery(toPageError(refused));
    expect(query).toBe('error=VALIDATION_FAILED&field=newPassword&field=phone&why=newPassword%3AweakPassword&why=newPassword%3AtooShort.8');
    const params = new URLSearchParams(query);
    expect(noticeOf({ error: params.get('error'), field: params.getAll('field'), why: params.getAll('why') })).toMatchObject({
      explained: [{ field: 'newPassword', text: '新密码：是最常见的密码之一，请换一个；至少 8 个字符' }],
      fields: ['手机号'],
    });
  });

  it('says no reason a crafted link gives: an unknown one, a length without its number, one of a field not refused', () => {
    const notice = noticeOf({ error: 'VALIDATION_FAILED', field: 'phone', why: ['phone:<script>', 'phone:tooShort', 'email:blank'] });
    expect(notice).toMatchObject({ explained: [], fields: ['手机号'] });
  });

  it('says an empty field is empty, not also too long, nor too short and too long at once (a value left out)', () => {
    const blankName = ['name:blank', 'name:tooLong.200'];
    const absentPassword = ['password:tooShort.8', 'password:tooLong.200'];
    expect(noticeOf({ error: 'VALIDATION_FAILED', field: ['name', 'password'], why: [...blankName, ...absentPassword] })).toMatchObject({
      explained: [
        { field: 'name', text: '名称：不能为空' },
        { field: 'password', text: '密码：不能为空' },
      ],
    });
  });

  it('says a number left out is empty, not below its least and above its most at once; one past a bound, which', () => {
    const absentAudience = ['expectedAudience:atLeast.1', 'expectedAudience:atMost.100000'];
    expect(
      noticeOf({ error: 'VALIDATION_FAILED', field: ['expectedAudience', 'attendance'], why: [...absentAudience, 'attendance:atLeast.0'] }),
    ).toMatchObject({
      explained: [
        { field: 'expectedAudience', text: '预计听课人数：不能为空' },
        { field: 'attendance', text: '听课人次：不能小于 0' },
      ],
    });
  });

  it("names a webhook's events field in Chinese", () => {
    expect(noticeOf({ error: 'VALIDATION_FAILED', field: 'events' })).toMatchObject({ fields: ['推送的事件'] });
  });
});
