import ICAL from 'ical.js';
import { lecturesCalendar } from './ics.js';

const lecture = {
  orderId: '6b1f6f2e-5d1e-4c4e-9a53-1b9f0a1c2d3e',
  title: '草原生态补奖政策解读',
  topic: 'policy',
  format: 'mobile',
  status: 'accepted',
  startsAt: new Date('2026-03-01T01:30:00Z'),
  endsAt: new Date('2026-03-01T03:00:00Z'),
  branchName: '巴彦嵯岗嘎查党支部',
  regionName: '巴彦嵯岗苏木',
  latitude: 49.31,
  longitude: 119.95,
  expectedAudience: 40,
  language: 'mn',
  notes: '请带蒙汉双语材料',
  updatedAt: new Date('2026-02-20T00:00:00Z'),
};

describe(lecturesCalendar.name, () => {
  const text = lecturesCalendar('讲师甲', [lecture]);
  const calendar = new ICAL.Component(ICAL.parse(text));

  it('writes the times in Asia/Shanghai with the zone defined', () => {
    expect(text).toContain('DTSTART;TZID=Asia/Shanghai:20260301T093000');
    expect(text).toContain('DTEND;TZID=Asia/Shanghai:20260301T110000');
    const zone = calendar.getFirstSubcomponent('vtimezone');
    expect(zone?.getFirstPropertyValue('tzid')).toBe('Asia/Shanghai');
    const event = new ICAL.Event(calendar.getFirstSubcomponent('vevent') as ICAL.Component);
    expect(event.startDate.toUnixTime()).toBe(lecture.startsAt.getTime() / 1000);
    expect(event.endDate.toUnixTime()).toBe(lecture.endsAt.getTime() / 1000);
  });

  it('stamps each event in UTC, as RFC 5545 requires of DTSTAMP', () => {
    expect(text).toContain('DTSTAMP:20260220T000000Z\r\n');
    expect(text).not.toMatch(/^DTSTAMP:\d{8}T\d{6}\r$/m);
    const event = calendar.getFirstSubcomponent('vevent') as ICAL.Component;
    expect((event.getFirstPropertyValue('dtstamp') as ICAL.Time).toUnixTime()).toBe(lecture.updatedAt.getTime() / 1000);
  });

  it('describes the lecture: title, branch, format, place and its coordinates', () => {
    const event = new ICAL.Event(calendar.getFirstSubcomponent('vevent') as ICAL.Component);
    expect(event.uid).toBe(`${lecture.orderId}@grassland-pioneer`);
    expect(event.summary).toBe('草原生态补奖政策解读（流动课堂）· 巴彦嵯岗嘎查党支部');
    expect(event.location).toBe('巴彦嵯岗嘎查党支部，巴彦嵯岗苏木');
    expect(event.description).toContain('形式：流动课堂');
    expect(event.description).toContain('备注：请带蒙汉双语材料');
    // The topic and the language in words, as the pages show them, not their codes.
    expect(event.description).toContain('主题：政策法规');
    expect(event.description).toContain('语言：蒙古语');
    expect(calendar.getFirstSubcomponent('vevent')?.getFirstPropertyValue('geo')).toEqual([49.31, 119.95]);
  });

  it("keeps a lecturer's name with line breaks and separators inside the calendar's name", () => {
    const name = '讲师乙\r\nBEGIN:VEVENT\r\nSUMMARY:假的\r\nEND:VEVENT; a,b\\';
    const hostile = new ICAL.Component(ICAL.parse(lecturesCalendar(name, [lecture])));
    expect(hostile.getAllSubcomponents('vevent')).toHaveLength(1);
    // ical.js leaves these properties' values as written: escaped, each on its one (folded) line.
    const escaped = '草原先锋讲师 · 讲师乙\\nBEGIN:VEVENT\\nSUMMARY:假的\\nEND:VEVENT\\; a\\,b\\\\ 的授课安排';
    expect(hostile.getFirstPropertyValue('x-wr-calname')).toBe(escaped);
    expect(hostile.getFirstPropertyValue('name')).toBe(escaped);
  });
});
