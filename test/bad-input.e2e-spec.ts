import { connect } from 'node:net';
import type { Response, Test } from 'supertest';
import { API, type TestApp, createAdmin, login, startTestApp } from './support/test-app.js';
import { type LecturerFixture, World } from './support/world.js';

/**
 * Bad input never reaches the database and never becomes a 500: every DTO and list query refuses missing
 * fields, wrong types, out-of-range values, unknown fields and non-UUID ids with a 400 problem+json whose
 * `errors` name the field; the transport limits (malformed JSON, 100 KB bodies, unknown routes, login
 * attempts) answer with their own stable codes.
 */

type As = 'anonymous' | 'admin' | 'branch' | 'lecturer';
type Method = 'get' | 'post' | 'patch' | 'put';

interface Ctx {
  w: World;
  lecturer: LecturerFixture;
  orderId: string;
  regionId: string;
}

interface BadCase {
  name: string;
  as: As;
  method: Method;
  path: (c: Ctx) => string;
  body?: (c: Ctx) => unknown;
  field: string;
}

const long = (n: number) => 'x'.repeat(n);
const many = (n: number, make: (i: number) => unknown = (i) => `t${i}`) => Array.from({ length: n }, (_, i) => make(i));
const UUID0 = '00000000-0000-4000-8000-000000000000';
const WEEK_WINDOW = { weekday: 1, from: '09:00', to: '17:00' };
const EXCEPTION = { from: '2026-07-01T00:00:00+08:00', to: '2026-07-10T00:00:00+08:00' };

/**
 * Cases for one body DTO: each row overrides the valid body (a value of `undefined` leaves the field out)
 * and names the field the 400 must blame.
 */
function bodyCases(
  dto: string,
  as: As,
  method: Method,
  path: (c: Ctx) => string,
  valid: (c: Ctx) => Record<string, unknown>,
  rows: Array<[string, Record<string, unknown>, string]>,
): BadCase[] {
  return rows.map(([what, override, field]) => ({
    name: `${dto}: ${what}`,
    as,
    method,
    path,
    body: (c) => ({ ...valid(c), ...override }),
    field,
  }));
}

/** Cases for one list query: `?query` on the path, and the field the 400 must blame. */
function queryCases(dto: string, as: As, path: (c: Ctx) => string, rows: Array<[string, string]>): BadCase[] {
  return rows.map(([query, field]) => ({ name: `${dto}: ?${query}`, as, method: 'get', path: (c) => `${path(c)}?${query}`, field }));
}

const validRegion = (c: Ctx) => ({ name: '新苏木', level: 'township', parentId: c.w.banners.A.id, latitude: 49.3, longitude: 119.8 });
const validSettings = () => ({ channels: { sms: false, email: false }, quietHours: { from: '22:00', to: '07:00' } });
const validBranch = (c: Ctx) => ({ name: '新党支部', regionId: c.w.banners.A.villageId, kind: 'village', memberCount: 20 });
const validLecturer = (c: Ctx) => ({
  name: '新讲师',
  category: 'expert_scholar',
  level: 'banner',
  regionId: c.w.banners.A.townshipId,
  topics: ['theory'],
  languages: ['zh'],
  formats: ['online'],
  maxLecturesPerMonth: 5,
  travelRadiusKm: 100,
});
const validCourse = (c: Ctx) => ({
  title: '新课程',
  topic: 'theory',
  durationMinutes: 90,
  formats: ['online'],
  lecturerIds: [c.lecturer.id],
});
const lecturerPath = (c: Ctx) => `/lecturers/${c.lecturer.id}`;
const orderPath = (action: string) => (c: Ctx) => `/orders/${c.orderId}/${action}`;

const CASES: BadCase[] = [
  ...bodyCases(
    'LoginDto',
    'anonymous',
    'post',
    () => '/auth/login',
    () => ({ username: 'someone', password: 'password-123' }),
    [
      ['missing username', { username: undefined }, 'username'],
      ['username a number', { username: 42 }, 'username'],
      ['username null', { username: null }, 'username'],
      ['empty username', { username: '', password: 'p1' }, 'username'],
      ['username over 100 characters', { username: long(101) }, 'username'],
      ['missing password', { username: 'someone-2', password: undefined }, 'password'],
      ['password an object', { username: 'someone-3', password: { $ne: '' } }, 'password'],
      ['password over 200 characters', { username: 'someone-4', password: long(201) }, 'password'],
      ['unknown field', { username: 'someone-5', remember: true }, 'remember'],
    ],
  ),
  ...bodyCases(
    'CreateAccountDto',
    'admin',
    'post',
    () => '/accounts',
    (c) => ({ username: 'new-branch-login', password: 'password-123', role: 'branch', branchId: c.w.branches.A.id }),
    [
      ['missing username', { username: undefined }, 'username'],
      ['username too short', { username: 'ab' }, 'username'],
      ['username with spaces', { username: 'a b c' }, 'username'],
      ['username over 100 characters', { username: long(101) }, 'username'],
      ['password too short', { password: 'short' }, 'password'],
      ['password over 200 characters', { password: long(201) }, 'password'],
      ['missing role', { role: undefined }, 'role'],
      ['unknown role', { role: 'root' }, 'role'],
      ['branchId not a UUID', { branchId: 'branch-a' }, 'branchId'],
      ['lecturerId a number', { lecturerId: 7 }, 'lecturerId'],
      ['regionId null', { role: 'admin', branchId: undefined, regionId: null }, 'regionId'],
      ['unknown field', { isSuperuser: true }, 'isSuperuser'],
    ],
  ),
  ...bodyCases('NotificationSettingsDto', 'branch', 'put', () => '/me/notification-settings', validSettings, [
    ['missing channels', { channels: undefined }, 'channels'],
    ['missing quietHours', { quietHours: undefined }, 'quietHours'],
    ['channels a string', { channels: 'sms' }, 'channels'],
    ['quiet hours not times', { quietHours: { from: '22', to: '07:00' } }, 'quietHours.from'],
  ]),
  ...bodyCases('CreateRegionDto', 'admin', 'post', () => '/regions', validRegion, [
    ['missing name', { name: undefined }, 'name'],
    ['empty name', { name: '' }, 'name'],
    ['name of spaces only', { name: '   ' }, 'name'],
    ['name of zero-width spaces and a BOM only', { name: '\u200b\u200d\ufeff' }, 'name'],
    ['name of a Hangul filler, drawn blank', { name: '\u3164' }, 'name'],
    ['name over 200 characters', { name: long(201) }, 'name'],
    ['unknown level', { level: 'province' }, 'level'],
    ['parentId not a UUID', { parentId: 'banner-a' }, 'parentId'],
    ['latitude out of range', { latitude: 91 }, 'latitude'],
    ['latitude as a string', { latitude: '49.3' }, 'latitude'],
    ['missing longitude', { longitude: undefined }, 'longitude'],
    ['longitude a word', { longitude: 'east' }, 'longitude'],
    ['border a string', { border: 'yes' }, 'border'],
    ['remote null', { remote: null }, 'remote'],
    ['unknown field', { population: 1000 }, 'population'],
  ]),
  ...bodyCases(
    'UpdateRegionDto',
    'admin',
    'patch',
    (c) => `/regions/${c.regionId}`,
    () => ({}),
    [
      ['level (fixed once created)', { level: 'village' }, 'level'],
      ['parentId (fixed once created)', { parentId: UUID0 }, 'parentId'],
      ['name null', { name: null }, 'name'],
      ['empty name', { name: '' }, 'name'],
      ['name over 200 characters', { name: long(201) }, 'name'],
      ['latitude out of range', { latitude: -91 }, 'latitude'],
      ['weak a string', { weak: 'true' }, 'weak'],
      ['border null', { border: null }, 'border'],
    ],
  ),
  ...bodyCases('CreateBranchDto', 'admin', 'post', () => '/branches', validBranch, [
    ['missing regionId', { regionId: undefined }, 'regionId'],
    ['regionId not a UUID', { regionId: 'village-a' }, 'regionId'],
    ['name of spaces and a tab only', { name: ' \t ' }, 'name'],
    ['name over 200 characters', { name: long(201) }, 'name'],
    ['unknown kind', { kind: 'club' }, 'kind'],
    ['negative memberCount', { memberCount: -1 }, 'memberCount'],
    ['fractional memberCount', { memberCount: 1.5 }, 'memberCount'],
    ['memberCount as a string', { memberCount: '20' }, 'memberCount'],
    ['memberCount too large', { memberCount: 100001 }, 'memberCount'],
    ['latitude a word', { latitude: 'north' }, 'latitude'],
    ['longitude as a string', { longitude: '119.9' }, 'longitude'],
    ['latitude without its longitude', { latitude: 49.2 }, 'latitude'],
    ['unknown field', { secretary: '张三' }, 'secretary'],
  ]),
  ...bodyCases('CreateLecturerDto', 'admin', 'post', () => '/lecturers', validLecturer, [
    ['missing name', { name: undefined }, 'name'],
    ['longitude without its latitude', { longitude: 119.9 }, 'longitude'],
    ['name over 200 characters', { name: long(201) }, 'name'],
    ['unknown category', { category: 'celebrity' }, 'category'],
    ['unknown level', { level: 'province' }, 'level'],
    ['regionId not a UUID', { regionId: 'township-a' }, 'regionId'],
    ['latitude as a string', { latitude: '49' }, 'latitude'],
    ['topics a string', { topics: 'theory' }, 'topics'],
    ['over 100 topics', { topics: many(101) }, 'topics'],
    ['repeated topics', { topics: ['theory', 'theory'] }, 'topics'],
    ['an empty topic', { topics: [''] }, 'topics'],
    ['a topic of a space', { topics: ['theory', ' '] }, 'topics'],
    ['a topic of a zero-width space', { topics: ['\u200b'] }, 'topics'],
    ['no languages', { languages: [] }, 'languages'],
    ['a language that is not a code', { languages: ['Mongolian'] }, 'languages'],
    ['an unknown format', { formats: ['radio'] }, 'formats'],
    ['maxLecturesPerMonth over 100', { maxLecturesPerMonth: 101 }, 'maxLecturesPerMonth'],
    ['negative travelRadiusKm', { travelRadiusKm: -5 }, 'travelRadiusKm'],
    ['unknown field', { ratingSum: 500 }, 'ratingSum'],
  ]),
  ...bodyCases('UpdateLecturerDto', 'admin', 'patch', lecturerPath, () => ({}), [
    ['name null', { name: null }, 'name'],
    ['latitude null', { latitude: null }, 'latitude'],
    ['regionId null', { regionId: null }, 'regionId'],
    ['topics null', { topics: null }, 'topics'],
    ['name over 200 characters', { name: long(201) }, 'name'],
    ['maxLecturesPerMonth a word', { maxLecturesPerMonth: 'ten' }, 'maxLecturesPerMonth'],
    [
      'over 100 languages',
      { languages: many(101, (i) => `l${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`) },
      'languages',
    ],
    ['the rating (not writable)', { rating: { mean: 5, count: 100 } }, 'rating'],
    ['the id (not writable)', { id: UUID0 }, 'id'],
  ]),
  ...bodyCases(
    'AvailabilityDto',
    'admin',
    'put',
    (c) => `/lecturers/${c.lecturer.id}/availability`,
    () => ({ weekly: [WEEK_WINDOW], exceptions: [EXCEPTION] }),
    [
      ['missing weekly', { weekly: undefined }, 'weekly'],
      ['weekly an object', { weekly: WEEK_WINDOW }, 'weekly'],
      ['over 100 weekly windows', { weekly: many(101, () => WEEK_WINDOW) }, 'weekly'],
      ['a weekday of 8', { weekly: [WEEK_WINDOW, { ...WEEK_WINDOW, weekday: 8 }] }, 'weekly.1.weekday'],
      ['a weekday of 0', { weekly: [{ ...WEEK_WINDOW, weekday: 0 }] }, 'weekly.0.weekday'],
      ['from without a leading zero', { weekly: [{ ...WEEK_WINDOW, from: '9:00' }] }, 'weekly.0.from'],
      ['to past the end of the day', { weekly: [{ ...WEEK_WINDOW, to: '24:30' }] }, 'weekly.0.to'],
      ['a window missing its end', { weekly: [{ weekday: 2, from: '09:00' }] }, 'weekly.0.to'],
      ['a window with an unknown field', { weekly: [{ ...WEEK_WINDOW, note: '午休' }] }, 'weekly.0.note'],
      ['a window that is null', { weekly: [null] }, 'weekly.0'],
      ['a window that is an empty list', { weekly: [[]] }, 'weekly'],
      ['a window that is a string', { weekly: ['09:00-17:00'] }, 'weekly'],
      ['an exception that is an empty list', { exceptions: [[]] }, 'exceptions'],
      ['exceptions null (left out, the leave stored stays)', { exceptions: null }, 'exceptions'],
      ['over 100 exceptions', { exceptions: many(101, () => EXCEPTION) }, 'exceptions'],
      ['an exception from a date in another form', { exceptions: [{ ...EXCEPTION, from: '2026/07/01' }] }, 'exceptions.0.from'],
      ['an exception to a day that does not exist', { exceptions: [{ ...EXCEPTION, to: '2026-02-30' }] }, 'exceptions.0.to'],
      ['an exception to an impossible instant', { exceptions: [{ ...EXCEPTION, to: '2026-07-10T25:00:00+08:00' }] }, 'exceptions.0.to'],
      ['an exception reason over 2000 characters', { exceptions: [{ ...EXCEPTION, reason: long(2001) }] }, 'exceptions.0.reason'],
      ['an exception with an unknown field', { exceptions: [{ ...EXCEPTION, approvedBy: 'x' }] }, 'exceptions.0.approvedBy'],
    ],
  ),
  ...bodyCases('CreateCourseDto', 'admin', 'post', () => '/courses', validCourse, [
    ['missing title', { title: undefined }, 'title'],
    ['title over 200 characters', { title: long(201) }, 'title'],
    ['topic over 100 characters', { topic: long(101) }, 'topic'],
    ['description over 2000 characters', { description: long(2001) }, 'description'],
    ['description null', { description: null }, 'description'],
    ['durationMinutes under 15', { durationMinutes: 14 }, 'durationMinutes'],
    ['durationMinutes over 600', { durationMinutes: 601 }, 'durationMinutes'],
    ['no formats', { formats: [] }, 'formats'],
    ['an unknown format', { formats: ['tv'] }, 'formats'],
    ['missing lecturerIds', { lecturerIds: undefined }, 'lecturerIds'],
    ['a lecturerId that is not a UUID', { lecturerIds: ['lecturer-1'] }, 'lecturerIds'],
    ['over 100 lecturerIds', { lecturerIds: many(101, (i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`) }, 'lecturerIds'],
    ['unknown field', { price: 100 }, 'price'],
  ]),
  ...bodyCases(
    'PlaceOrderDto',
    'branch',
    'post',
    () => '/orders',
    () => World.customOrder(10),
    [
      ['missing format', { format: undefined }, 'format'],
      ['an unknown format', { format: 'radio' }, 'format'],
      ['earliestStart a bare date', { earliestStart: '2026-12-01' }, 'earliestStart'],
      ['earliestStart without an offset', { earliestStart: '2026-12-01T09:00:00' }, 'earliestStart'],
      ['latestStart on the 13th month', { latestStart: '2026-13-01T09:00:00+08:00' }, 'latestStart'],
      ['missing latestStart', { latestStart: undefined }, 'latestStart'],
      ['no audience', { expectedAudience: 0 }, 'expectedAudience'],
      ['audience as a string', { expectedAudience: '40' }, 'expectedAudience'],
      ['audience too large', { expectedAudience: 100001 }, 'expectedAudience'],
      ['language not a code', { language: 'Mongolian' }, 'language'],
      ['durationMinutes over 600', { durationMinutes: 601 }, 'durationMinutes'],
      ['title over 200 characters', { title: long(201) }, 'title'],
      ['empty topic', { topic: '' }, 'topic'],
      ['notes over 2000 characters', { notes: long(2001) }, 'notes'],
      ['courseId not a UUID', { topic: undefined, title: undefined, courseId: 'course-1' }, 'courseId'],
      ['courseId null', { topic: undefined, title: undefined, courseId: null }, 'courseId'],
      ['preferredLecturerId not a UUID', { preferredLecturerId: '讲师' }, 'preferredLecturerId'],
      ['preferredLecturerId null', { preferredLecturerId: null }, 'preferredLecturerId'],
      ['branchId (an order is always for your own branch)', { branchId: UUID0 }, 'branchId'],
      ['status (always starts pending)', { status: 'accepted' }, 'status'],
    ],
  ),
  ...bodyCases('OfferDto', 'admin', 'post', orderPath('offer'), (c) => ({ lecturerId: c.lecturer.id, startsAt: World.at(11, '09:00') }), [
    ['missing lecturerId', { lecturerId: undefined }, 'lecturerId'],
    ['lecturerId not a UUID', { lecturerId: 'me' }, 'lecturerId'],
    ['startsAt with a space', { startsAt: '2026-12-03 09:00:00+08:00' }, 'startsAt'],
    ['missing startsAt', { startsAt: undefined }, 'startsAt'],
    ['unknown field', { expiresAt: World.at(12, '09:00') }, 'expiresAt'],
  ]),
  ...bodyCases('AcceptDto', 'lecturer', 'post', orderPath('accept'), () => ({}), [
    ['startsAt a word', { startsAt: 'soon' }, 'startsAt'],
    ['startsAt a timestamp number', { startsAt: 1767225600000 }, 'startsAt'],
    ['startsAt null', { startsAt: null }, 'startsAt'],
    ['unknown field', { lecturerId: UUID0 }, 'lecturerId'],
  ]),
  ...bodyCases('ReasonOptionalDto (decline)', 'lecturer', 'post', orderPath('decline'), () => ({}), [
    ['reason a number', { reason: 5 }, 'reason'],
    ['reason over 2000 characters', { reason: long(2001) }, 'reason'],
    ['unknown field', { why: '忙' }, 'why'],
  ]),
  ...bodyCases('ReasonDto (cancel)', 'branch', 'post', orderPath('cancel'), () => ({ reason: '天气原因' }), [
    ['missing reason', { reason: undefined }, 'reason'],
    ['empty reason', { reason: '' }, 'reason'],
    ['reason over 2000 characters', { reason: long(2001) }, 'reason'],
    ['unknown field', { refund: true }, 'refund'],
  ]),
  ...bodyCases('ReasonDto (reject)', 'admin', 'post', orderPath('reject'), () => ({ reason: '内容不符合要求' }), [
    ['missing reason', { reason: undefined }, 'reason'],
    ['reason an array', { reason: ['a', 'b'] }, 'reason'],
    ['reason over 2000 characters', { reason: long(2001) }, 'reason'],
  ]),
  ...bodyCases('CompleteDto', 'lecturer', 'post', orderPath('complete'), () => ({ attendance: 30, summary: '顺利' }), [
    ['attendance a fraction', { attendance: 2.5 }, 'attendance'],
    ['negative attendance', { attendance: -1 }, 'attendance'],
    ['attendance a word', { attendance: 'many' }, 'attendance'],
    ['missing summary', { summary: undefined }, 'summary'],
    ['summary over 2000 characters', { summary: long(2001) }, 'summary'],
    ['startedAt a word', { startedAt: 'yesterday' }, 'startedAt'],
    ['startedAt null', { startedAt: null }, 'startedAt'],
    ['unknown field', { rating: 5 }, 'rating'],
  ]),
  ...bodyCases('RatingDto', 'branch', 'post', orderPath('rating'), () => ({ score: 5 }), [
    ['missing score', { score: undefined }, 'score'],
    ['score 0', { score: 0 }, 'score'],
    ['score 6', { score: 6 }, 'score'],
    ['score 4.5', { score: 4.5 }, 'score'],
    ['score as a string', { score: '5' }, 'score'],
    ['comment over 2000 characters', { comment: long(2001) }, 'comment'],
    ['unknown field', { lecturerId: UUID0 }, 'lecturerId'],
  ]),
  ...queryCases('PageQuery', 'admin', () => '/regions', [
    ['limit=0', 'limit'],
    ['limit=201', 'limit'],
    ['limit=abc', 'limit'],
    ['limit=1e2', 'limit'],
    ['limit=0x10', 'limit'],
    ['limit=%205', 'limit'],
    ['offset=1e3', 'offset'],
    ['limit=', 'limit'],
    ['limit=2.5', 'limit'],
    ['limit=10&limit=20', 'limit'],
    ['offset=-1', 'offset'],
    ['offset=1.5', 'offset'],
    ['offset=1000001', 'offset'],
    ['sort=name', 'sort'],
  ]),
  ...queryCases('OrderQuery', 'admin', () => '/orders', [
    ['status=done', 'status'],
    ['status=pending&status=offered', 'status'],
    ['branchId=branch-a', 'branchId'],
    ['lecturerId=1', 'lecturerId'],
    ['regionId=x', 'regionId'],
    ['open=maybe', 'open'],
    ['from=yesterday', 'from'],
    ['to=2026-02-30', 'to'],
    ['from=2026-01-01T99:00', 'from'],
    ['from=2026-03-10&to=2026-03-01', 'to'],
    ['limit=201', 'limit'],
    ['mine=true', 'mine'],
  ]),
  ...queryCases('RegionQuery', 'admin', () => '/regions', [
    ['level=country', 'level'],
    ['parentId=x', 'parentId'],
    ['within=banner-a', 'within'],
    ['remote=yes', 'remote'],
    ['weak=1', 'weak'],
  ]),
  ...queryCases('BranchQuery', 'admin', () => '/branches', [
    ['regionId=x', 'regionId'],
    ['kind=club', 'kind'],
    ['limit=201', 'limit'],
  ]),
  ...queryCases('LecturerQuery', 'admin', () => '/lecturers', [
    ['category=celebrity', 'category'],
    ['level=province', 'level'],
    [`topic=${long(101)}`, 'topic'],
    ['language=ZH', 'language'],
    ['regionId=x', 'regionId'],
    ['offset=-5', 'offset'],
    ['topic=theory&topic=policy', 'topic'],
  ]),
  ...queryCases('CourseQuery', 'branch', () => '/courses', [
    [`topic=${long(101)}`, 'topic'],
    ['format=tv', 'format'],
    ['lecturerId=x', 'lecturerId'],
    ['limit=0', 'limit'],
  ]),
  // Lists read whole and paged in the app take the same page parameters as the others.
  ...queryCases('PageQuery (webhooks)', 'admin', () => '/webhooks', [
    ['limit=500', 'limit'],
    ['offset=-1', 'offset'],
    ['cursor=bm90LWEta2V5', 'cursor'],
  ]),
  ...queryCases('ScheduleQuery', 'lecturer', (c) => `/lecturers/${c.lecturer.id}/schedule`, [
    ['from=2026/01/01', 'from'],
    ['to=tomorrow', 'to'],
    ['from=2026-02-30', 'from'],
    ['from=2026-03-10&to=2026-03-01', 'to'],
    ['from=2026-03-10T10:00:00%2B08:00&to=2026-03-10T09:00:00%2B08:00', 'to'],
    ['limit=0', 'limit'],
    ['limit=201', 'limit'],
  ]),
  // A route that takes no body refuses one with fields, as a DTO refuses the fields it does not know.
  ...(
    [
      ['POST /notifications/read-all', () => '/notifications/read-all'],
      ['POST /lecturers/:id/calendar-link/rotate', (c) => `/lecturers/${c.lecturer.id}/calendar-link/rotate`],
    ] as Array<[string, (c: Ctx) => string]>
  ).map(([route, path]): BadCase => ({
    name: `no body: ${route} with a field`,
    as: 'lecturer',
    method: 'post',
    path,
    body: () => ({ x: 1 }),
    field: 'x',
  })),
  // A route that takes no query refuses query parameters, as a query DTO refuses the ones it does not know.
  ...(
    [
      ['admin', 'post', 'POST /scheduling/runs?dryRun=true (dryRun belongs in the body)', () => '/scheduling/runs?dryRun=true', 'dryRun'],
      ['branch', 'get', 'GET /auth/me?bogus=1', () => '/auth/me?bogus=1', 'bogus'],
      ['lecturer', 'post', 'POST /notifications/read-all?before=2026-01-01', () => '/notifications/read-all?before=2026-01-01', 'before'],
      ['branch', 'post', 'POST /orders?bogus=1', () => '/orders?bogus=1', 'bogus'],
    ] as Array<[As, Method, string, (c: Ctx) => string, string]>
  ).map(([as, method, route, path, field]): BadCase => ({
    name: `no query: ${route}`,
    as,
    method,
    path,
    body: method === 'post' ? () => ({}) : undefined,
    field,
  })),
  // A path id that is not a UUID is a 400 naming it, on every route that takes one.
  ...(
    [
      ['admin', 'get', '/regions/x', undefined],
      ['admin', 'patch', '/regions/1', {}],
      ['admin', 'get', '/branches/branch-a', undefined],
      ['admin', 'get', '/lecturers/me', undefined],
      ['admin', 'patch', `/lecturers/${UUID0.slice(0, 35)}`, {}],
      ['lecturer', 'get', '/lecturers/me/availability', undefined],
      ['lecturer', 'put', '/lecturers/me/availability', { weekly: [], exceptions: [] }],
      ['lecturer', 'get', '/lecturers/me/schedule', undefined],
      ['branch', 'get', '/courses/1', undefined],
      ['branch', 'get', '/orders/latest', undefined],
      ['admin', 'post', '/orders/x/offer', { lecturerId: UUID0, startsAt: '2026-12-03T09:00:00+08:00' }],
      ['lecturer', 'post', '/orders/x/accept', {}],
      ['lecturer', 'post', '/orders/x/decline', {}],
      ['branch', 'post', '/orders/x/cancel', { reason: 'r' }],
      ['admin', 'post', '/orders/x/reject', { reason: 'r' }],
      ['lecturer', 'post', '/orders/x/complete', { attendance: 1, summary: 's' }],
      ['branch', 'post', '/orders/x/rating', { score: 5 }],
    ] as Array<[As, Method, string, object | undefined]>
  ).map(([as, method, path, body]): BadCase => ({
    name: `path id: ${method.toUpperCase()} ${path}`,
    as,
    method,
    path: () => path,
    body: body && (() => body),
    field: 'id',
  })),
];

/**
 * Sends `text` as it is on a new connection and reads the answer until the server closes it: for requests no HTTP
 * client would send, which Node's parser refuses before any route sees them.
 */
async function rawExchange(url: string, text: string): Promise<Response> {
  const { hostname, port } = new URL(url);
  const answer = await new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(Number(port), hostname, () => socket.end(text));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
  const [head, body] = answer.split('\r\n\r\n', 2) as [string, string];
  const [statusLine, ...headerLines] = head.split('\r\n');
  const headers = Object.fromEntries(
    headerLines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
  );
  return { status: Number(statusLine?.split(' ')[1]), headers, body: JSON.parse(body) } as unknown as Response;
}

const PROBLEM_KEYS = ['code', 'detail', 'status', 'title', 'type'];

/** Every problem answer: problem+json with type, title, status, detail and a stable UPPER_SNAKE code. */
function expectProblem(res: Response, status: number, code: string): void {
  expect({ status: res.status, code: res.body?.code }).toEqual({ status, code });
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toEqual(
    expect.objectContaining({
      type: expect.stringMatching(/^https?:\/\//),
      title: expect.any(String),
      status,
      detail: expect.any(String),
      code,
    }),
  );
  for (const key of PROBLEM_KEYS) expect(res.body[key]).toBeTruthy();
  expect(res.body.code).toMatch(/^[A-Z][A-Z0-9_]*$/);
}

/** A validation failure that names the field. */
function expectInvalid(res: Response, field: string): void {
  expectProblem(res, 400, 'VALIDATION_FAILED');
  expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field, message: expect.any(String) })]));
  for (const e of res.body.errors) expect(typeof e.message === 'string' && e.message.length > 0).toBe(true);
}

describe('bad input is a 400 naming the field, never a 500', () => {
  let t: TestApp;
  let c: Ctx;
  let tokens: Record<As, string | undefined>;

  beforeAll(async () => {
    t = await startTestApp();
    const w = await World.build(t);
    const lecturer = await w.lecturer();
    const order = await w.post('/orders', World.customOrder(10), w.branches.A.token);
    c = { w, lecturer, orderId: order.id, regionId: w.banners.A.townshipId };
    tokens = { anonymous: undefined, admin: w.adminToken, branch: w.branches.A.token, lecturer: lecturer.token };
    before = await snapshot();
  });
  afterAll(async () => t?.close());

  /** Row counts, and the lecturer, region, availability and order the refused cases aimed at. */
  let before: unknown;
  const snapshot = async () => {
    const counts = await Promise.all(
      ['regions', 'branches', 'lecturers', 'courses', 'orders', 'order_history', 'accounts'].map(async (table) => [
        table,
        Number((await t.db.query(`SELECT count(*) AS n FROM ${table}`))[0].n),
      ]),
    );
    const views = await Promise.all(
      [`/lecturers/${c.lecturer.id}`, `/lecturers/${c.lecturer.id}/availability`, `/regions/${c.regionId}`, `/orders/${c.orderId}`].map(
        async (path) => (await send('admin', 'get', path)).body,
      ),
    );
    return { counts: Object.fromEntries(counts), views };
  };

  const send = (as: As, method: Method, path: string, body?: unknown) => {
    const req = t.http()[method](API + path);
    if (tokens[as]) req.set('Authorization', `Bearer ${tokens[as]}`);
    return body === undefined ? req : req.send(body as object);
  };

  describe('every DTO and list query refuses missing, mistyped, out-of-range and unknown fields', () => {
    it.each(CASES)('$name → 400 naming $field', async ({ as, method, path, body, field }) => {
      const res = await send(as, method, path(c), body?.(c));
      expectInvalid(res, field);
    });

    it('nothing of the refused input was stored or changed', async () => {
      expect(await snapshot()).toEqual(before);
    });
  });

  describe('rules across fields answer 400 with their own code, naming the field to fix', () => {
    const availability = (x: Ctx) => `/lecturers/${x.lecturer.id}/availability`;
    it.each([
      [
        'an availability window that ends before it starts',
        'admin',
        'put',
        availability,
        () => ({ weekly: [{ weekday: 1, from: '17:00', to: '09:00' }], exceptions: [] }),
        'AVAILABILITY_INVALID',
        'weekly.0.to',
      ],
      [
        'an exception that ends before it starts',
        'admin',
        'put',
        availability,
        () => ({ weekly: [], exceptions: [{ from: EXCEPTION.to, to: EXCEPTION.from }] }),
        'AVAILABILITY_INVALID',
        'exceptions.0.to',
      ],
      [
        'a village directly under a banner',
        'admin',
        'post',
        () => '/regions',
        (x: Ctx) => ({ ...validRegion(x), level: 'village' }),
        'REGION_PARENT_INVALID',
        'parentId',
      ],
      [
        'a township without a parent',
        'admin',
        'post',
        () => '/regions',
        (x: Ctx) => ({ ...validRegion(x), parentId: undefined }),
        'REGION_PARENT_INVALID',
        'parentId',
      ],
      [
        'an account for a branch without branchId',
        'admin',
        'post',
        () => '/accounts',
        () => ({ username: 'lonely', password: 'password-123', role: 'branch' }),
        'ACCOUNT_LINK_INVALID',
        'branchId',
      ],
      [
        'a course naming a lecturer who does not exist',
        'admin',
        'post',
        () => '/courses',
        (x: Ctx) => ({ ...validCourse(x), lecturerIds: [UUID0] }),
        'COURSE_LECTURER_NOT_FOUND',
        'lecturerIds',
      ],
      [
        'an order with both a course and a custom topic',
        'branch',
        'post',
        () => '/orders',
        () => World.customOrder(10, { courseId: UUID0 }),
        'ORDER_COURSE_OR_TOPIC_REQUIRED',
        'topic',
      ],
      [
        'an order whose window ends before it starts',
        'branch',
        'post',
        () => '/orders',
        () => World.customOrder(10, { latestStart: World.at(9, '09:00') }),
        'ORDER_WINDOW_INVALID',
        'latestStart',
      ],
      [
        'a custom order without its title',
        'branch',
        'post',
        () => '/orders',
        () => ({ ...World.customOrder(10), title: undefined }),
        'ORDER_COURSE_OR_TOPIC_REQUIRED',
        'title',
      ],
    ] as Array<[string, As, Method, (x: Ctx) => string, (x: Ctx) => object, string, string]>)(
      '%s',
      async (_label, as, method, path, body, code, field) => {
        const res = await send(as, method, path(c), body(c));
        expectProblem(res, 400, code);
        expect(res.body.errors).toEqual([{ field, message: expect.any(String) }]);
      },
    );
  });

  describe('text the database cannot store is refused up front', () => {
    it.each([
      ['a NUL character in a region name', 'admin', 'post', '/regions', () => ({ ...validRegion(c), name: 'a\u0000b' }), 'name'],
      [
        'a NUL character in a lecturer topic',
        'admin',
        'post',
        '/lecturers',
        () => ({ ...validLecturer(c), topics: ['the\u0000ory'] }),
        'topics',
      ],
      [
        'a NUL character in a nested exception reason',
        'admin',
        'put',
        `/lecturers/{lecturer}/availability`,
        () => ({ weekly: [], exceptions: [{ ...EXCEPTION, reason: '\u0000' }] }),
        'exceptions.0.reason',
      ],
      ['a NUL character in a query filter', 'admin', 'get', '/lecturers?topic=a%00b', undefined, 'topic'],
      [
        'a NUL character in a login name',
        'anonymous',
        'post',
        '/auth/login',
        () => ({ username: 'admin\u0000', password: 'password-123' }),
        'username',
      ],
      ['half a surrogate pair in a region name', 'admin', 'post', '/regions', () => ({ ...validRegion(c), name: 'a\udc00b' }), 'name'],
      [
        'half a surrogate pair in an e-mail address (which its validator cannot read)',
        'branch',
        'put',
        '/me/notification-settings',
        () => ({ email: '\ud800x@example.cn', channels: { sms: false, email: true }, quietHours: { from: '22:00', to: '07:00' } }),
        'email',
      ],
      ['a NUL character in a sign-in code (no token needed)', 'anonymous', 'post', '/sign-in/a%00b', () => ({ name: '巴特尔' }), 'code'],
      [
        'half a surrogate pair in an exception reason (stored as jsonb)',
        'admin',
        'put',
        `/lecturers/{lecturer}/availability`,
        () => ({ weekly: [], exceptions: [{ ...EXCEPTION, reason: '\ud800' }] }),
        'exceptions.0.reason',
      ],
    ] as Array<[string, As, Method, string, (() => object) | undefined, string]>)('%s', async (_label, as, method, path, body, field) => {
      const res = await send(as, method, path.replace('{lecturer}', c.lecturer.id), body?.());
      expectInvalid(res, field);
    });
  });

  describe('names and titles hold nothing that changes how they are shown unseen', () => {
    it.each([
      ['a right-to-left override in a region name (it would read backwards in every list)', '/regions', 'name', 'tnemniatretne\u202eXEQ'],
      ['a bell and an escape code in a region name', '/regions', 'name', '巴彦\u0007\u001b[31m嘎查'],
    ])('%s → 400 naming it', async (_label, path, field, value) => {
      const res = await send('admin', 'post', path, { ...validRegion(c), [field]: value });
      expectInvalid(res, field);
    });
  });

  describe('the transport refuses what it cannot read, with its own codes', () => {
    it('a malformed JSON body → 400 MALFORMED_JSON', async () => {
      const res = await t
        .http()
        .post(`${API}/regions`)
        .set('Authorization', `Bearer ${tokens.admin}`)
        .set('Content-Type', 'application/json')
        .send('{"name": "旗A", ');
      expectProblem(res, 400, 'MALFORMED_JSON');
    });

    it('a JSON body with bytes that are not UTF-8 → 400 MALFORMED_JSON, rather than stored as U+FFFD', async () => {
      // Half of 旗 where the name's text belongs; fetch sends the bytes as they are (supertest would re-encode them).
      const region = JSON.stringify({ ...validRegion(c), name: 'NAME' }).split('NAME');
      const body = Buffer.concat([Buffer.from(region[0]), Buffer.from([0xe6, 0x97]), Buffer.from(region[1])]);
      const reply = await fetch(`${t.url}${API}/regions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens.admin}`, 'content-type': 'application/json' },
        body,
      });
      const res = { status: reply.status, body: await reply.json(), headers: { 'content-type': reply.headers.get('content-type') } };
      expectProblem(res as unknown as Response, 400, 'MALFORMED_JSON');
    });

    it.each([
      ['a text/plain body', (req: Test) => req.set('Content-Type', 'text/plain').send('{"dryRun": true}')],
      ['a multipart body, on a route that takes JSON', (req: Test) => req.field('dryRun', 'true')],
    ])('a dry run asked for in %s → 415 UNSUPPORTED_MEDIA_TYPE, and no run is made', async (_label, asked) => {
      const runs = async () => (await send('admin', 'get', '/scheduling/runs')).body.total as number;
      const before = await runs();
      const res = await asked(t.http().post(`${API}/scheduling/runs`).set('Authorization', `Bearer ${tokens.admin}`));
      expectProblem(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
      expect(await runs()).toBe(before);
    });

    it('a dry run asked for in a +json body is read as JSON: a dry run, no offers made', async () => {
      const res = await t
        .http()
        .post(`${API}/scheduling/runs`)
        .set('Authorization', `Bearer ${tokens.admin}`)
        .set('Content-Type', 'application/merge-patch+json')
        .send('{"dryRun": true}');
      expect({ status: res.status, dryRun: res.body.dryRun }).toEqual({ status: 201, dryRun: true });
    });

    it('a query on a route that takes none is refused however the path is cased (/API/V1/…)', async () => {
      const res = await t.http().post('/API/V1/scheduling/runs?dryRun=true').set('Authorization', `Bearer ${tokens.admin}`).send({});
      expectInvalid(res, 'dryRun');
    });

    it('a POST with an empty body and no type, as clients send one without a body, is read as no body', async () => {
      // supertest sends a POST without a body as Content-Length: 0 with no Content-Type.
      const res = await t.http().post(`${API}/notifications/read-all`).set('Authorization', `Bearer ${tokens.admin}`);
      expect(res.status).toBe(200);
    });

    it.each([
      ['form-encoded', 'application/x-www-form-urlencoded', 'name=旗A&level=city'],
      ['of no named type', undefined, '{"name": "旗A"}'],
    ])('a body %s → 415 UNSUPPORTED_MEDIA_TYPE', async (_label, type, body) => {
      const reply = await fetch(`${t.url}${API}/regions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens.admin}`, ...(type ? { 'content-type': type } : {}) },
        body: Buffer.from(body),
      });
      expect({
        status: reply.status,
        type: reply.headers.get('content-type'),
        code: ((await reply.json()) as { code: string }).code,
      }).toEqual({
        status: 415,
        type: 'application/problem+json; charset=utf-8',
        code: 'UNSUPPORTED_MEDIA_TYPE',
      });
    });

    it('a JSON body that is a bare string → 400 MALFORMED_JSON', async () => {
      const res = await t.http().post(`${API}/auth/login`).set('Content-Type', 'application/json').send('"admin"');
      expectProblem(res, 400, 'MALFORMED_JSON');
    });

    it('a JSON array where an object belongs → 400 VALIDATION_FAILED', async () => {
      const res = await send('admin', 'post', '/regions', [validRegion(c)]);
      expectProblem(res, 400, 'VALIDATION_FAILED');
    });

    it('a JSON array sent to a route that reads no body → 400 VALIDATION_FAILED naming the body, and nothing done', async () => {
      const unread = async () => (await send('admin', 'get', '/notifications?limit=1')).body.unreadCount as number;
      await c.w.post('/orders', World.customOrder(12), c.w.branches.A.token); // which tells the admin
      const before = await unread();
      expect(before).toBeGreaterThan(0);
      const res = await send('admin', 'post', '/notifications/read-all', []);
      expectInvalid(res, 'body');
      expect(await unread()).toBe(before);
    });

    it('a path that is not valid percent-encoding → 400 VALIDATION_FAILED naming the path', async () => {
      const res = await t.http().get(`${API}/courses/%E0%A4%A`).set('Authorization', `Bearer ${tokens.admin}`);
      expectInvalid(res, 'path');
    });

    it.each([
      ['a field', 'post', '/regions', (nest: string) => `{"name": ${nest}, "level": "city", "latitude": 1, "longitude": 2}`, ['name']],
      [
        'a list of objects',
        'put',
        '/lecturers/{lecturer}/availability',
        (nest: string) => `{"weekly": [${nest}], "exceptions": []}`,
        ['weekly', '0'],
      ],
    ] as Array<[string, Method, string, (nest: string) => string, string[]]>)(
      'JSON nested thousands of levels deep in %s → 400 naming the field',
      async (_label, method, path, body, field) => {
        const depth = 5000;
        const http = t.http();
        const res = await http[method](API + path.replace('{lecturer}', c.lecturer.id))
          .set('Authorization', `Bearer ${tokens.admin}`)
          .set('Content-Type', 'application/json')
          .send(body('['.repeat(depth) + ']'.repeat(depth)));
        // The path to the first value past 16 levels: the field, then list indexes.
        expectInvalid(res, [...field, ...Array(16 - field.length).fill('0')].join('.'));
      },
    );

    it.each(['gzip', 'deflate', 'br'])('a body that does not decompress as %s → 400, not a 500', async (encoding) => {
      const res = await t
        .http()
        .post(`${API}/regions`)
        .set('Authorization', `Bearer ${tokens.admin}`)
        .set('Content-Type', 'application/json')
        .set('Content-Encoding', encoding)
        .send('{"name": "not compressed"}');
      expectInvalid(res, 'body');
    });

    it('a body over 100 KB → 413 PAYLOAD_TOO_LARGE', async () => {
      const res = await send('admin', 'post', '/regions', { ...validRegion(c), name: long(101 * 1024) });
      expectProblem(res, 413, 'PAYLOAD_TOO_LARGE');
    });

    it('headers over 16 KB → 431 REQUEST_HEADERS_TOO_LARGE, as problem+json rather than a bare status line', async () => {
      const res = await rawExchange(t.url, `GET ${API}/courses HTTP/1.1\r\nHost: x\r\nX-Padding: ${long(20 * 1024)}\r\n\r\n`);
      expectProblem(res, 431, 'REQUEST_HEADERS_TOO_LARGE');
    });

    it('a request that is not HTTP → 400 naming the request, as problem+json', async () => {
      const res = await rawExchange(t.url, 'HELLO THERE\r\n\r\n');
      expectInvalid(res, 'request');
    });

    it('an HTTP/1.1 request without Host → 400 naming the request, as problem+json rather than a bare status line', async () => {
      const res = await rawExchange(t.url, `GET ${API}/courses HTTP/1.1\r\n\r\n`);
      expectInvalid(res, 'request');
    });

    it('a body just under 100 KB is read, and its over-long name refused → 400', async () => {
      const res = await send('admin', 'post', '/regions', { ...validRegion(c), name: long(99 * 1024) });
      expectInvalid(res, 'name');
    });

    it('an Idempotency-Key that is not 1-255 visible ASCII characters → 400 naming the header', async () => {
      const res = await send('branch', 'post', '/orders', World.customOrder(10)).set('Idempotency-Key', long(256));
      expectInvalid(res, 'Idempotency-Key');
    });

    it.each([
      ['an unknown route with a token', 'admin', '/nothing-here'],
      ['an unknown route without a token', 'anonymous', '/nothing-here'],
      ['a sub-path of a known resource', 'admin', `/regions/${UUID0}/children`],
    ] as Array<[string, As, string]>)('%s → 404 ROUTE_NOT_FOUND', async (_label, as, path) => {
      const res = await send(as, 'get', path);
      expectProblem(res, 404, 'ROUTE_NOT_FOUND');
    });

    it.each(['/api', '/api/', '/api/nope', '/api/v2/orders', '/API', '/Api/v2/orders'])(
      '%s, under /api but not its version → 404 ROUTE_NOT_FOUND',
      async (path) => {
        expectProblem(await t.http().get(path), 404, 'ROUTE_NOT_FOUND');
      },
    );
  });
});

describe('login attempts are limited per username', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ LOGIN_ATTEMPTS_PER_MINUTE: '3' });
    await createAdmin(t, 'limited-admin', 'limited-admin-pw');
  });
  afterAll(async () => t?.close());

  it('answers 429 RATE_LIMITED with Retry-After once a username has used its attempts, and only for that username', async () => {
    const attempt = (username: string, password = 'wrong-password') => t.http().post(`${API}/auth/login`).send({ username, password });
    for (let i = 0; i < 3; i++) expectProblem(await attempt('guessed-user'), 401, 'INVALID_CREDENTIALS');
    const limited = await attempt('guessed-user');
    expectProblem(limited, 429, 'RATE_LIMITED');
    const wait = Number(limited.headers['retry-after']);
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(limited.body.detail).toBe(`Too many requests; try again in ${wait < 60 ? `${wait} s` : '1 minute'}.`);
    // Changing the case of the name does not open a new allowance.
    expectProblem(await attempt('GUESSED-USER', 'any'), 429, 'RATE_LIMITED');
    // Another username is not affected: the admin (one attempt used by the set-up) still logs in.
    expect(await login(t, 'limited-admin', 'limited-admin-pw')).toEqual(expect.any(String));
  });
});
