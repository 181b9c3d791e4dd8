import { chineseMobile, mailOf, smsParams } from './channel-message.js';

describe('channel messages', () => {
  it.each([
    ['13800138000', '13800138000'],
    ['+86 138-0013-8000', '13800138000'],
    ['008615904700000', '15904700000'],
  ])('takes %s as the mobile number %s', (input, number) => {
    expect(chineseMobile(input)).toBe(number);
  });

  it.each(['12800138000', '1380013800', '+1 415 555 0100', '010-12345678'])('refuses %s as a Chinese mobile number', (input) => {
    expect(chineseMobile(input)).toBeUndefined();
  });

  it('fills an SMS template with a short title and the local time', () => {
    const params = smsParams({
      event: 'order.offered',
      data: { title: '草原生态补奖政策解读与牧区家庭牧场经营实务专题讲座', startsAt: '2026-12-03T01:00:00.000Z' },
    });
    expect(params).toEqual({ title: '草原生态补奖政策解读与牧区家庭牧场经营…', time: '12-03 09:00' });
  });

  it('shortens a title by characters, never between the two halves of one beyond the BMP', () => {
    // 𠀀 (U+20000) is one character in two UTF-16 units: the cut falls after it, not inside it.
    const params = smsParams({ event: 'order.placed', data: { title: `${'草'.repeat(18)}𠀀原生态` } });
    expect(params.title).toBe(`${'草'.repeat(18)}𠀀…`);
    expect(Array.from(params.title)).toHaveLength(20);
  });

  it('gives the time an expiring offer ends, not the lecture it is for', () => {
    const params = smsParams({
      event: 'order.offer_expiring',
      data: { title: '党史', startsAt: '2026-12-05T01:00:00.000Z', offerExpiresAt: '2026-12-03T06:30:00.000Z' },
    });
    expect(params.time).toBe('12-03 14:30');
  });

  it('writes the e-mail in Chinese with the link to act on', () => {
    const mail = mailOf(
      { event: 'order.accepted', data: { title: '党史', startsAt: '2026-12-03T01:00:00.000Z', lecturer: '巴特尔' } },
      'https://x/branch/orders/1',
    );
    expect(mail).toEqual({
      subject: '【草原先锋讲师】订单已被接单',
      text: '《党史》已由巴特尔讲师接单，授课时间 2026-12-03 09:00。\n\nhttps://x/branch/orders/1',
    });
  });
});
