import { deliveryErrorZh } from './notifications-zh.js';

describe(deliveryErrorZh.name, () => {
  it.each([
    ['HTTP 410: gone', '对方返回 HTTP 410'],
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
