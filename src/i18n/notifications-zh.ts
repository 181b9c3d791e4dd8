import type { EventData, NotificationEvent } from '../kernel/notification-events.js';
import { formatLocal } from '../kernel/time.js';

export interface NotificationText {
  title: string;
  body: string;
}

const at = (iso: string | undefined): string => (iso === undefined ? '' : formatLocal(Date.parse(iso)));
const because = (reason: string | undefined): string => (reason ? `（原因：${reason}）` : '');

/** Each event's name, for lists. */
export const NOTIFICATION_EVENT_ZH: Readonly<Record<NotificationEvent, string>> = {
  'order.placed': '新订单',
  'order.offered': '派单',
  'order.offer_expiring': '派单即将过期',
  'order.offer_expired': '派单过期',
  'order.declined': '讲师婉拒',
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
    body: `《${d.title}》，授课时间 ${at(d.startsAt)}，请在 ${at(d.offerExpiresAt)} 前接单或婉拒。`,
  }),
  'order.offer_expiring': (d) => ({
    title: '派单即将过期',
    body: `《${d.title}》的派单将于 ${at(d.offerExpiresAt)} 过期，请尽快接单或婉拒。`,
  }),
  'order.offer_expired': (d) => ({ title: '派单已过期', body: `《${d.title}》的派单无人应答已过期，订单回到待派单。` }),
  'order.declined': (d) => ({ title: '讲师婉拒派单', body: `《${d.title}》被讲师婉拒${because(d.reason)}，订单回到待派单。` }),
  'order.accepted': (d) => ({ title: '订单已被接单', body: `《${d.title}》已有讲师接单，授课时间 ${at(d.startsAt)}。` }),
  'order.cancelled': (d) => ({ title: '订单已取消', body: `《${d.title}》已取消${because(d.reason)}。` }),
  'order.rejected': (d) => ({ title: '订单已驳回', body: `《${d.title}》已被驳回${because(d.reason)}。` }),
  'lecture.reminder': (d) => ({ title: '党课提醒', body: `《${d.title}》将于 ${at(d.startsAt)} 开始。` }),
  'lecture.report_due': (d) => ({
    title: '请报告授课情况',
    body: `《${d.title}》已于 ${at(d.startsAt)} 开讲，请填报参加人次和授课小结。`,
  }),
  'order.completed': (d) => ({ title: '授课已完成，请评单', body: `《${d.title}》已完成授课，请为这次党课评分。` }),
  'order.rated': (d) => ({ title: '收到评单', body: `《${d.title}》获得 ${d.score ?? ''} 星评价。` }),
};
