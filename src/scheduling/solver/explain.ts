/** Plain-language reasons (English and Chinese) for orders that could not be placed. */
import { RULES, describeViolation, formatName, languageName, type RuleCode } from './eligibility.js';
import { DIAG_ELIGIBLE, DIAG_SLOT_TIMES, DIAG_WIDTH, type Network } from './network.js';
import { formatLocal } from '../../kernel/time.js';
import type { Reason, SolverLecturer, SolverOrder } from './types.js';

function what(order: SolverOrder): { en: string; zh: string } {
  return order.courseId !== null && order.courseId !== undefined
    ? { en: `course ${order.title ? `“${order.title}”` : order.courseId} (${order.topic})`, zh: `课程${order.title ? `《${order.title}》` : order.courseId}（${order.topic}）` }
    : { en: `the topic ${order.topic}`, zh: `专题“${order.topic}”` };
}

const asFormat = (f: string): string => `as ${/^[aeiou]/.test(f) ? 'an' : 'a'} ${f} lecture`;


/** Message for one lecturer excluded by `code` over the whole window (no single start time). */
export function exclusionMessage(code: RuleCode, order: SolverOrder, lecturer: SolverLecturer): { message: string; messageZh: string } {
  switch (code) {
    case 'window':
      return { message: 'no usable slot start in the window', messageZh: '时间窗内没有可用的授课时段' };
    case 'availability':
      return { message: 'not available (weekly availability) at any usable start in the window', messageZh: '时间窗内的可用时段均不在其每周可授课时间内' };
    case 'exception':
      return { message: 'on leave or away at every otherwise usable start in the window', messageZh: '时间窗内其余可用时段均请假或外出' };
    case 'booking':
      return { message: 'already booked at every otherwise usable start in the window', messageZh: '时间窗内其余可用时段均已有授课安排' };
    case 'monthly_cap':
      return { message: `monthly cap of ${lecturer.maxLecturesPerMonth} lectures already reached`, messageZh: `当月授课已达上限${lecturer.maxLecturesPerMonth}场` };
    default: {
      const v = describeViolation(code, order, lecturer);
      return { message: v.message, messageZh: v.messageZh };
    }
  }
}

/**
 * Why order `oi` got no lecturer. `capacity` describes the final plan (for orders that had usable
 * slots but lost them to other orders); omit it for a single-order ranking.
 */
export function explainOrder(
  net: Network,
  oi: number,
  capacity?: { slotsTaken: number; fullMonths: number; arcs: number; eligibleLecturers: number },
): Reason[] {
  const order = net.orders[oi];
  const base = oi * DIAG_WIDTH;
  const count = (code: RuleCode): number => net.diag[base + RULES.indexOf(code)];
  const nL = net.lecturers.length;
  const w = what(order);
  const lang = languageName(order.language);
  const fmt = formatName(order.format);
  const reasons: Reason[] = [];

  if (net.diag[base + DIAG_SLOT_TIMES] === 0) {
    reasons.push({
      code: 'no_slot',
      message: `no day part between ${formatLocal(order.earliestStart)} and ${formatLocal(order.latestStart)} holds a ${order.durationMinutes}-minute ${fmt.en} lecture`,
      messageZh: `${formatLocal(order.earliestStart)}至${formatLocal(order.latestStart)}之间没有可安排${order.durationMinutes}分钟${fmt.zh}的时段`,
    });
  }

  const eligible = net.diag[base + DIAG_ELIGIBLE];
  const qualified = count('window') + count('availability') + count('exception') + count('booking') + count('monthly_cap') + eligible;

  if (qualified === 0) {
    const nearest = net.nearestOutOfRangeKm[oi];
    const within = Number.isFinite(nearest) ? ` within travel radius (the nearest is ${Math.round(nearest)} km away)` : '';
    const withinZh = Number.isFinite(nearest) ? `且在出行半径内（最近的一位距${Math.round(nearest)}公里）` : '';
    reasons.push({
      code: 'no_qualified_lecturer',
      message: `no lecturer teaches ${w.en} in ${lang.en} ${asFormat(fmt.en)}${within}`,
      messageZh: `没有讲师能用${lang.zh}以${fmt.zh}形式讲授${w.zh}${withinZh}`,
      count: 0,
    });
  } else if (eligible === 0 && net.diag[base + DIAG_SLOT_TIMES] > 0) {
    const busy = count('booking');
    const caps = count('monthly_cap');
    const away = count('availability') + count('exception');
    const one = qualified === 1;
    const items: [number, string, string, string][] = [
      [count('availability'), 'not available then (weekly availability)', 'not available then (weekly availability)', '不在每周可授课时间'],
      [count('exception'), 'on leave or away', 'on leave or away', '请假或外出'],
      [busy, 'already booked', 'already booked', '已有授课安排'],
      [caps, 'at the monthly cap', 'at their monthly cap', '当月授课已达上限'],
    ];
    const parts = items.filter(([k]) => k > 0).map(([k, s1, sn]) => (one ? s1 : `${k} ${k === 1 ? 'is' : 'are'} ${sn}`));
    const partsZh = items.filter(([k]) => k > 0).map(([k, , , zh]) => (one ? zh : `${k}位${zh}`));
    const code = busy === qualified ? 'all_booked' : caps === qualified ? 'monthly_caps_reached' : away === qualified ? 'not_available' : 'no_free_lecturer';
    reasons.push({
      code,
      message: one
        ? `the only lecturer who teaches ${w.en} in ${lang.en} ${asFormat(fmt.en)} is unavailable in the window: ${parts.join(', ')}`
        : `all ${qualified} lecturers who teach ${w.en} in ${lang.en} ${asFormat(fmt.en)} are unavailable in the window: ${parts.join(', ')}`,
      messageZh: `能用${lang.zh}以${fmt.zh}形式讲授${w.zh}的${one ? '唯一一位' : `${qualified}位`}讲师在时间窗内均无法授课：${partsZh.join('，')}`,
      count: qualified,
    });
  } else if (capacity) {
    const { slotsTaken, fullMonths, arcs, eligibleLecturers } = capacity;
    if (fullMonths > 0 && slotsTaken === 0) {
      reasons.push({
        code: 'monthly_caps_reached',
        message: `monthly caps reached: ${eligibleLecturers === 1 ? 'the only eligible lecturer is' : `all ${eligibleLecturers} eligible lecturers are`} filled up by other orders in the month(s) of the window`,
        messageZh: `当月授课上限已满：${eligibleLecturers}位符合条件的讲师在时间窗所在月份已被其他订单排满`,
        count: eligibleLecturers,
      });
    } else if (slotsTaken + fullMonths > 0) {
      reasons.push({
        code: 'lost_to_other_orders',
        message: `${arcs === 1 ? 'the only usable slot' : `all ${arcs} usable slots`} of ${eligibleLecturers === 1 ? 'the only eligible lecturer' : `the ${eligibleLecturers} eligible lecturers`} went to other orders of higher priority${fullMonths ? ' or their monthly caps are reached' : ''} (${slotsTaken} taken, ${fullMonths} in a full month)`,
        messageZh: `${eligibleLecturers}位符合条件讲师的${arcs}个可用时段均已安排给优先级更高的其他订单${fullMonths ? '或当月授课已达上限' : ''}`,
        count: eligibleLecturers,
      });
    } else {
      reasons.push({
        code: 'too_costly',
        message: 'serving it would cost more than its unserved penalty (it would push other orders out)',
        messageZh: '安排该订单的代价高于暂不安排（会挤占其他订单）',
        count: eligibleLecturers,
      });
    }
  }

  // Detail: how many lecturers fail at which rule (first failing rule).
  const detail: [RuleCode, string, string][] = [
    ['teaches', `do not teach ${w.en}`, `不讲授${w.zh}`],
    ['language', `do not lecture in ${lang.en}`, `不能用${lang.zh}授课`],
    ['format', `do not offer ${fmt.en}`, `不提供${fmt.zh}`],
    ['distance', 'are beyond their travel radius', '超出出行半径'],
    ['declined', 'declined this order', '已婉拒该订单'],
  ];
  for (const [code, en, zh] of detail) {
    const k = count(code);
    if (k > 0) reasons.push({ code, message: `${k} of ${nL} lecturers ${en}`, messageZh: `${nL}位讲师中${k}位${zh}`, count: k });
  }
  return reasons;
}
