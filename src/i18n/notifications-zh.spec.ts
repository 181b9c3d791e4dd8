import { deliveryErrorZh, NOTIFICATION_TEXT_ZH } from './notifications-zh.js';

describe(deliveryErrorZh.name, () => {
  it.each([
    ['HTTP 410: gone', '对方拒收（HTTP 410），不再重试'],
    ['HTTP 503: busy', '对方出错（HTTP 503）'],
    ['HTTP 301: moved', '对方要求转到其他地址（HTTP 301），不跟随、不再重试；请核对 Webhook 地址'],
    ['no SMTP server is configured (SMTP_URL)', '未配置邮件服务器（SMTP_URL）'],
    ['no SMS template for order.offered (SMS_TEMPLATES)', '未配置该事件的短信模板（SMS_TEMPLATES）'],
    ['Aliyun isv.BUSINESS_LIMIT_CONTROL: 触发分钟级流控', '短信平台（阿里云）拒绝'],
    ['HeadersTimeoutError: Headers Timeout Error', '无法连接或超时'],
    ['the webhook was deleted', 'Webhook 已删除'],
  ])('says %s as %s', (error, zh) => {
    expect(deliveryErrorZh(error)).toBe(zh);
  });

  it('says nothing of an error it does not know, which the page shows as it came', () => {
    expect(deliveryErrorZh('something else entirely')).toBeUndefined();
    expect(deliveryErrorZh(null)).toBeUndefined();
  });
});

describe('the offer', () => {
  const offer = { title: '草原生态补奖政策解读', offerExpiresAt: '2026-12-07T12:00:00Z' };

  it('says when the lecture is and until when to answer', () => {
    expect(NOTIFICATION_TEXT_ZH['order.offered']({ ...offer, startsAt: '2026-12-09T01:30:00Z' }).body).toBe(
      '《草原生态补奖政策解读》，授课时间 2026-12-09 09:30，请在 2026-12-07 20:00 前接单或婉拒。',
    );
  });

  it('leaves the time out, not blank, when the event knows no start', () => {
    expect(NOTIFICATION_TEXT_ZH['order.offered'](offer).body).toBe('《草原生态补奖政策解读》，请在 2026-12-07 20:00 前接单或婉拒。');
  });
});

describe('a reason given', () => {
  it('goes on in the sentence without its own closing stop', () => {
    expect(NOTIFICATION_TEXT_ZH['order.cancelled']({ title: '党史', reason: '牧民转场，改日再约。' }).body).toBe(
      '《党史》已取消（原因：牧民转场，改日再约）。',
    );
  });
});
