import { attendeeKey, isAttendeePhone, isOpen, signInPhase, signInWindow } from './sign-in-rules.js';

describe('signInWindow', () => {
  const start = new Date('2026-12-02T02:00:00Z');
  const end = new Date('2026-12-02T03:30:00Z');

  it('opens an hour before the start and closes three hours after the end', () => {
    expect(signInWindow(start, end)).toEqual({ opensAt: new Date('2026-12-02T01:00:00Z'), closesAt: new Date('2026-12-02T06:30:00Z') });
  });

  it('is open at its opening instant and closed at its closing one', () => {
    const w = signInWindow(start, end);
    expect(isOpen(w, w.opensAt.getTime() - 1)).toBe(false);
    expect(isOpen(w, w.opensAt.getTime())).toBe(true);
    expect(isOpen(w, w.closesAt.getTime() - 1)).toBe(true);
    expect(isOpen(w, w.closesAt.getTime())).toBe(false);
  });

  it('tells a sheet not yet open from one closed', () => {
    const w = signInWindow(start, end);
    expect([w.opensAt.getTime() - 1, w.opensAt.getTime(), w.closesAt.getTime()].map((t) => signInPhase(w, t))).toEqual([
      'before',
      'open',
      'closed',
    ]);
  });
});

describe('attendeeKey', () => {
  it('counts a name typed with spaces, full-width letters or another case as the same', () => {
    expect(attendeeKey(' 张  三 ').nameKey).toBe(attendeeKey('张三').nameKey);
    expect(attendeeKey('Ｂａｔｕ').nameKey).toBe(attendeeKey('batu').nameKey);
  });

  it('counts a name with characters nobody sees (a zero-width space, a soft hyphen, a BOM) as the name without them', () => {
    const typedAndSeen: Array<[string, string]> = [
      ['Wang Li\u200b', 'Wang Li'],
      ['\u200bWang Li', 'Wang Li'],
      ['Wang Li\u00ad', 'Wang Li'],
      ['\ufeffWang\u2060 Li', 'Wang Li'],
      ['巴特\u200d尔', '巴特尔'],
    ];
    for (const [typed, seen] of typedAndSeen) {
      expect({ typed, key: attendeeKey(typed).nameKey }).toEqual({ typed, key: attendeeKey(seen).nameKey });
    }
  });

  it('shows the name with its spaces collapsed', () => {
    expect(attendeeKey('  巴特  尔 ').name).toBe('巴特 尔');
  });

  it("drops controls and the marks that turn the text's direction, and counts the name as the one typed without them", () => {
    const typed = attendeeKey('李\u0007四\u001b[31m\u009b\u202e');
    expect(typed.name).toBe('李四[31m');
    expect(attendeeKey('张 \u0007 三\u0085巴特尔').name).toBe('张 三 巴特尔');
    expect(attendeeKey('\u2067赵六\u2069').nameKey).toBe(attendeeKey('赵六').nameKey);
  });

  it('keeps only the digits of a phone, without the country code', () => {
    expect(attendeeKey('张三', '+86 138-0000-1234')).toMatchObject({ phone: '13800001234', phoneKey: '13800001234' });
    expect(attendeeKey('张三', '１３８００００１２３４').phoneKey).toBe('13800001234');
  });

  it('takes a mobile number, a landline with its area code, or none, and not a number too short or too long for either', () => {
    const taken = ['13800001234', '+86 138 0000 1234', '0086 138 0000 1234', '0470-8221234', '010-12345678', '+86 471 1234567'];
    expect([...taken, '+86 10 12345678', '', ' - '].filter((p) => !isAttendeePhone(p))).toEqual([]);
    expect(['123', '1380000123', '138000012345', '23800001234', '04708221', '+1 415 555 0100'].filter(isAttendeePhone)).toEqual([]);
    // Written with China's code or without, one number is one key.
    expect(attendeeKey('张三', '+86 471 1234567').phoneKey).toBe(attendeeKey('张三', '0471-1234567').phoneKey);
  });

  it('has an empty phone key, and no phone, when none or only punctuation is given', () => {
    expect(attendeeKey('张三')).toMatchObject({ phone: null, phoneKey: '' });
    expect(attendeeKey('张三', ' - ')).toMatchObject({ phone: null, phoneKey: '' });
  });

  it('tells apart two people of one name by their phones', () => {
    expect(attendeeKey('张三', '13800001234').phoneKey).not.toBe(attendeeKey('张三', '13900001234').phoneKey);
  });
});
