/** The scheduling solver's reasons, violations and exclusions in Simplified Chinese, rendered from their codes and facts. */
import { formatLocal } from '../kernel/time.js';
import type { Exclusion, LostSlots, OrderAsked, Reason, RuleCode, UnavailableCounts, Violation } from '../scheduling/solver/types.js';
import { FORMAT_ZH, LANGUAGE_ZH, TOPIC_ZH, labelOf } from './labels-zh.js';

/** Reasons name the form of the lecture: "以线上授课形式", not the menu's shorter "线上". */
const LECTURE_FORMAT_ZH: Readonly<Record<string, string>> = { ...FORMAT_ZH, online: '线上授课' };

const formatZh = (format: string): string => labelOf(LECTURE_FORMAT_ZH, format);
const languageZh = (language: string): string => labelOf(LANGUAGE_ZH, language);
/** A menu topic by its Chinese name; a branch's own topic as it wrote it. */
const topicZh = (topic: string): string => labelOf(TOPIC_ZH, topic);

function subjectZh(a: Pick<OrderAsked, 'courseId' | 'title' | 'topic'>): string {
  return a.courseId !== null ? `课程${a.title ? `《${a.title}》` : a.courseId}（${topicZh(a.topic)}）` : `专题“${topicZh(a.topic)}”`;
}

/** "能用汉语以现场授课形式讲授专题“政策法规”" — who would qualify. */
function teachingZh(a: OrderAsked): string {
  return `能用${languageZh(a.language)}以${formatZh(a.format)}形式讲授${subjectZh(a)}`;
}

const UNAVAILABLE_ZH: Record<keyof UnavailableCounts, string> = {
  availability: '不在每周可授课时间',
  exception: '请假或外出',
  booking: '已有授课安排',
  monthly_cap: '当月授课已达上限',
};

function unavailableZh(a: OrderAsked, qualified: number, unavailable: UnavailableCounts): string {
  const one = qualified === 1;
  const parts = (Object.keys(UNAVAILABLE_ZH) as (keyof UnavailableCounts)[])
    .filter((rule) => unavailable[rule] > 0)
    .map((rule) => (one ? UNAVAILABLE_ZH[rule] : `${unavailable[rule]}位${UNAVAILABLE_ZH[rule]}`));
  return `${teachingZh(a)}的${one ? '唯一一位' : `${qualified}位`}讲师在时间窗内均无法授课：${parts.join('，')}`;
}

function lostZh(code: Reason['code'], p: LostSlots): string {
  if (code === 'monthly_caps_reached') return `当月授课上限已满：${p.eligibleLecturers}位符合条件的讲师在时间窗所在月份已被其他订单排满`;
  if (code === 'lost_to_other_orders') {
    return `${p.eligibleLecturers}位符合条件讲师的${p.usableSlots}个可用时段均已安排给优先级更高的其他订单${p.fullMonths ? '或当月授课已达上限' : ''}`;
  }
  return '安排该订单的代价高于暂不安排（会挤占其他订单）';
}

/** Why an order got no lecturer. */
export function reasonZh(r: Reason): string {
  switch (r.code) {
    case 'no_slot': {
      const p = r.params;
      return `${formatLocal(p.earliestStart)}至${formatLocal(p.latestStart)}之间没有可安排${p.durationMinutes}分钟${formatZh(p.format)}的时段`;
    }
    case 'no_qualified_lecturer': {
      const p = r.params;
      const within = p.nearestOutOfRangeKm !== null ? `且在出行半径内（最近的一位距${Math.round(p.nearestOutOfRangeKm)}公里）` : '';
      return `没有讲师${teachingZh(p)}${within}`;
    }
    case 'all_booked':
    case 'not_available':
    case 'no_free_lecturer':
    case 'monthly_caps_reached':
    case 'lost_to_other_orders':
    case 'too_costly':
      return 'unavailable' in r.params ? unavailableZh(r.params, r.params.qualified, r.params.unavailable) : lostZh(r.code, r.params);
    case 'teaches':
      return `${r.params.lecturers}位讲师中${r.count}位不讲授${subjectZh(r.params)}`;
    case 'language':
      return `${r.params.lecturers}位讲师中${r.count}位不能用${languageZh(r.params.language)}授课`;
    case 'format':
      return `${r.params.lecturers}位讲师中${r.count}位不提供${formatZh(r.params.format)}`;
    case 'distance':
      return `${r.params.lecturers}位讲师中${r.count}位超出出行半径`;
    case 'declined':
      return `${r.params.lecturers}位讲师中${r.count}位已婉拒该订单`;
  }
}

/** A hard rule one lecturer breaks at one start. */
export function violationZh(v: Violation): string {
  switch (v.code) {
    case 'teaches':
      return v.params.courseId !== null ? '不是该课程的授课讲师' : `不讲授该专题（${topicZh(v.params.topic)}）`;
    case 'language':
      return `不能用${languageZh(v.params.language)}授课`;
    case 'format':
      return `不提供${formatZh(v.params.format)}`;
    case 'distance':
      return `距党组织${Math.round(v.params.km)}公里，超出${v.params.travelRadiusKm}公里出行半径`;
    case 'declined':
      return '已婉拒该订单';
    case 'window':
      return `${formatLocal(v.params.startsAt)}不在订单时间窗内`;
    case 'availability':
      return `${formatLocal(v.params.startsAt)}不在每周可授课时间内`;
    case 'exception':
      return `${formatLocal(v.params.startsAt)}请假或外出`;
    case 'booking':
      return `${formatLocal(v.params.startsAt)}已有授课安排（含路程）`;
    case 'monthly_cap':
      return `${v.params.month}月授课已达上限${v.params.maxLecturesPerMonth}场`;
  }
}

/** Which hard rule refused a take, as the page that asked says it (no parameters: it travels in the page's query). */
export const RULE_ZH: Readonly<Record<RuleCode, string>> = {
  teaches: '不讲授该课程或专题',
  language: '不能用该语言授课',
  format: '不提供该授课形式',
  distance: '党组织在出行半径之外',
  declined: '已婉拒该订单',
  window: '所选时间不在订单时间窗内',
  availability: '所选时间不在每周可授课时间内',
  exception: '所选时间在请假或外出期间',
  booking: '所选时间已有授课安排（含路程）',
  monthly_cap: '当月授课已达上限',
};

/** Why a lecturer cannot take an order anywhere in its window. */
export function exclusionZh(e: Exclusion): string {
  switch (e.code) {
    case 'window':
      return '时间窗内没有可用的授课时段';
    case 'availability':
      return '时间窗内的可用时段均不在其每周可授课时间内';
    case 'exception':
      return '时间窗内其余可用时段均请假或外出';
    case 'booking':
      return '时间窗内其余可用时段均已有授课安排';
    case 'monthly_cap':
      return `当月授课已达上限${e.params.maxLecturesPerMonth}场`;
    default:
      return violationZh(e);
  }
}

/** km as shown: a tenth below 10 km, whole km above. */
const shownKm = (km: number): number => (km < 10 ? Math.round(km * 10) / 10 : Math.round(km));
const kmZh = (km: number): string => `${shownKm(km) < 10 ? shownKm(km).toFixed(1) : shownKm(km)}公里`;

/**
 * A tour (巡回宣讲) in one line: stops, nights away, and the km driven against separate trips from home; the saving is
 * the difference of the two figures shown (921 and 617 save 304, where the unrounded difference read 305).
 */
export function tourSummaryZh(t: { stops: unknown[]; nights: number; km: number; kmIfSeparate: number }): string {
  const saved = shownKm(t.kmIfSeparate) - shownKm(t.km);
  return `巡回宣讲${t.stops.length}站，在外住宿${t.nights}晚，行程${kmZh(t.km)}（逐场往返需${kmZh(t.kmIfSeparate)}，节省${kmZh(saved)}）`;
}

/** Where a lecturer's tours start and end. */
export const TOUR_HOME_ZH = '讲师住地';

/** One leg of a tour: from and to a stop's place, or the lecturer's home (null). */
export function tourLegZh(from: string | null, to: string | null, km: number): string {
  return `${from ?? TOUR_HOME_ZH} → ${to ?? '返回住地'}：${kmZh(km)}`;
}

/** A stop of a tour on the map: its place in the tour, the branch and the day ('第2站：巴彦嘎查党支部（3月4日）'). */
export function tourStopZh(position: number, place: string, day: string): string {
  return `第${position}站：${place}（${day}）`;
}
