import type { EventData, NotificationEvent } from '../kernel/notification-events.js';
import { formatLocal } from '../kernel/time.js';
import { TOUR_STOP_STRANDED_REASON } from '../kernel/vocabulary.js';

export interface NotificationText {
  title: string;
  body: string;
}

const at = (iso: string | undefined): string => (iso === undefined ? '' : formatLocal(Date.parse(iso)));
/** The reason as the sentence around it goes on: its own closing stop left out (「改日再约。）。」). */
const because = (reason: string | undefined): string => (reason ? `（原因：${reason.trim().replace(/[。．.！!？?；;，,]+$/u, '')}）` : '');
/** 「…讲师」 with the name where the event knows it (events written before it carried one do not). */
const lecturerNamed = (name: string | undefined): string => (name ? `${name}讲师` : '讲师');

/** A tour's later stop back in the queue (its offer withdrawn, or its booking with it): the stop before fell away. */
const tourStopReturned = (d: EventData): NotificationText => ({
  title: '巡回宣讲一站退回待派单',
  body: `《${d.title}》${d.startsAt === undefined ? '' : `（原定 ${at(d.startsAt)}）`}：巡回宣讲的前一站已不在讲师行程中，讲师无法从住地前往本站，订单回到待派单。`,
});

/** Each event's name, for lists. */
export const NOTIFICATION_EVENT_ZH: Readonly<Record<NotificationEvent, string>> = {
  'order.placed': '新订单',
  'order.offered': '派单',
  'order.offer_expiring': '派单即将过期',
  'order.offer_expired': '派单过期',
  'order.declined': '讲师婉拒',
  'order.returned': '巡回宣讲一站退回',
  'order.accepted': '接单',
  'order.cancelled': '取消',
  'order.rejected': '已驳回',
  'lecture.reminder': '授课前提醒',
  'lecture.report_due': '待报告授课',
  'order.completed': '授课完成',
  'order.rated': '评单',
};

/** The channels beyond the inbox. */
export const CHANNEL_ZH: Readonly<Record<string, string>> = { sms: '短信', email: '电子邮件', webhook: 'Webhook' };

/** The Chinese title and body of each event, from what the event carries. */
export const NOTIFICATION_TEXT_ZH: Readonly<Record<NotificationEvent, (d: EventData) => NotificationText>> = {
  'order.placed': (d) => ({ title: '新订单待派单', body: `${d.branch ?? '党支部'}点单《${d.title}》，请派单。` }),
  'order.offered': (d) => ({
    title: '您有新的派单',
    // An offer's event read after the order moved on may know no start (the demo's history): said without it.
    body: `《${d.title}》${d.startsAt === undefined ? '' : `，授课时间 ${at(d.startsAt)}`}，请在 ${at(d.offerExpiresAt)} 前接单或婉拒。`,
  }),
  'order.offer_expiring': (d) => ({
    title: '派单即将过期',
    body: `《${d.title}》的派单将于 ${at(d.offerExpiresAt)} 过期，请尽快接单或婉拒。`,
  }),
  'order.offer_expired': (d) => ({
    title: '派单已过期',
    body: `《${d.title}》${d.lecturer ? `派给${d.lecturer}讲师` : ''}的派单无人应答已过期，订单回到待派单。`,
  }),
  'order.declined': (d) =>
    d.reason === TOUR_STOP_STRANDED_REASON
      ? tourStopReturned(d)
      : { title: '讲师婉拒派单', body: `《${d.title}》被${lecturerNamed(d.lecturer)}婉拒${because(d.reason)}，订单回到待派单。` },
  'order.returned': tourStopReturned,
  'order.accepted': (d) => ({
    title: '订单已被接单',
    body: `《${d.title}》已由${lecturerNamed(d.lecturer)}接单，授课时间 ${at(d.startsAt)}。`,
  }),
  'order.cancelled': (d) => ({ title: '订单已取消', body: `《${d.title}》已取消${because(d.reason)}。` }),
  'order.rejected': (d) => ({ title: '订单已驳回', body: `《${d.title}》已被驳回${because(d.reason)}。` }),
  'lecture.reminder': (d) => ({ title: '党课提醒', body: `《${d.title}》将于 ${at(d.startsAt)} 开始。` }),
  'lecture.report_due': (d) => ({
    title: '请报告授课情况',
    body: `《${d.title}》已于 ${at(d.startsAt)} 开讲，请填报参加人次和授课小结。`,
  }),
  'order.completed': (d) => ({
    title: '授课已完成，请评单',
    body: `《${d.title}》已由${lecturerNamed(d.lecturer)}完成授课，请为这次党课评分。`,
  }),
  'order.rated': (d) => ({ title: '收到评单', body: `《${d.title}》获得 ${d.score ?? ''} 星评价。` }),
};

/** What a delivery's last error means, in Chinese, for the failed deliveries' page (the error itself stays beside it). */
const DELIVERY_ERRORS_ZH: ReadonlyArray<[RegExp, (m: RegExpMatchArray) => string]> = [
  [/SMTP_URL/, () => '未配置邮件服务器（SMTP_URL）'],
  [/SMS_PROVIDER/, () => '未配置短信通道（SMS_PROVIDER）'],
  [/^no SMS template/, () => '未配置该事件的短信模板（SMS_TEMPLATES）'],
  [/^the webhook was deleted/, () => 'Webhook 已删除'],
  [/an address webhooks may not reach/, () => 'Webhook 地址不允许访问'],
  [/^HTTP (3\d\d)/, (m) => `对方要求转到其他地址（HTTP ${m[1]}），不跟随、不再重试；请核对 Webhook 地址`],
  [/^HTTP (4\d\d)/, (m) => `对方拒收（HTTP ${m[1]}），不再重试`],
  [/^HTTP (\d{3})/, (m) => `对方出错（HTTP ${m[1]}）`],
  [/^SMTP (\d{3})/, (m) => `邮件服务器拒收（SMTP ${m[1]}）`],
  [/^(Aliyun|Tencent) /, (m) => `短信平台（${m[1] === 'Aliyun' ? '阿里云' : '腾讯云'}）拒绝`],
  [/^interrupted/, () => '应用重启时中断'],
  [/^not tried/, () => '对方此前无响应，暂停调用'],
  [/Timeout|ETIMEDOUT|ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|UND_ERR|socket/i, () => '无法连接或超时'],
];

export function deliveryErrorZh(error: string | null): string | undefined {
  if (error === null) return undefined;
  for (const [pattern, say] of DELIVERY_ERRORS_ZH) {
    const m = error.match(pattern);
    if (m) return say(m);
  }
  return undefined;
}
