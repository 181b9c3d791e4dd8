import { API, type TestApp, startTestApp } from './support/test-app.js';
import { type LecturerFixture, World } from './support/world.js';
import { PAGE_MN } from '../src/i18n/page-texts-mn.js';
import { PAGE_ZH } from '../src/i18n/page-texts-zh.js';

/** Sign-in by QR code (签到): the sheet, attendees with no account, the window, abuse, and the default attendance. */
describe('sign-in by QR code', () => {
  const PER_ADDRESS = 12;
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    // Addresses come from X-Forwarded-For, as behind a proxy: each attendee's phone has its own.
    t = await startTestApp({ TRUST_PROXY: 'loopback', SIGN_IN_PER_ADDRESS_PER_HOUR: String(PER_ADDRESS) });
    w = await World.build(t);
  });
  afterAll(async () => t?.close());

  interface Lecture {
    orderId: string;
    lecturer: LecturerFixture;
    code: string;
  }

  /** A lecture of branch A accepted by a lecturer of its own, starting at `startsAt` (by default under way since 09:30, the clock being 10:00). */
  const lecture = async (startsAt = World.at(0, '09:30')): Promise<Lecture> => {
    const lecturer = await w.lecturer();
    const order = await w.post('/orders', World.customOrder(-1), w.branches.A.token);
    await w.post(`/orders/${order.id}/offer`, { lecturerId: lecturer.id, startsAt });
    await w.post(`/orders/${order.id}/accept`, {}, lecturer.token);
    const sheet = await t.http().get(`${API}/orders/${order.id}/sign-in`).set(w.auth(lecturer.token));
    return { orderId: order.id, lecturer, code: sheet.body.code };
  };
  let address = 0;
  const signIn = (code: string, body: object, from = `10.1.${Math.floor(++address / 250)}.${address % 250}`) =>
    t.http().post(`${API}/sign-in/${code}`).set('X-Forwarded-For', from).send(body);
  const attendees = (orderId: string, token = w.adminToken) => t.http().get(`${API}/orders/${orderId}/attendees`).set(w.auth(token));

  it('gives the booked lecturer a link and an SVG QR code, open from an hour before the start to three hours after the end', async () => {
    const l = await lecture();
    const res = await t.http().get(`${API}/orders/${l.orderId}/sign-in`).set(w.auth(l.lecturer.token));
    expect(res.status).toBe(200);
    expect(res.body.url).toBe(`${t.url}/sign-in/${l.code}`);
    expect(res.body.qrSvg).toMatch(/^<svg[^>]*>.*<\/svg>\s*$/s);
    const order = (await t.http().get(`${API}/orders/${l.orderId}`).set(w.auth())).body;
    expect(Date.parse(res.body.opensAt)).toBe(Date.parse(order.booking.startsAt) - 3600_000);
    expect(Date.parse(res.body.closesAt)).toBe(Date.parse(order.booking.endsAt) + 3 * 3600_000);
  });

  it('keeps one code per lecture, however often the link is asked for', async () => {
    const l = await lecture();
    const again = await t.http().get(`${API}/orders/${l.orderId}/sign-in`).set(w.auth());
    expect(again.body.code).toBe(l.code);
  });

  it('shows the sheet of a lecture to no other lecturer and to no branch', async () => {
    const l = await lecture();
    const other = await w.lecturer();
    expect((await t.http().get(`${API}/orders/${l.orderId}/sign-in`).set(w.auth(other.token))).status).toBe(404);
    expect((await t.http().get(`${API}/orders/${l.orderId}/sign-in`).set(w.auth(w.branches.A.token))).status).toBe(403);
  });

  it('has no sheet for a lecture not yet accepted', async () => {
    const order = await w.post('/orders', World.customOrder(-1), w.branches.A.token);
    const res = await t.http().get(`${API}/orders/${order.id}/sign-in`).set(w.auth());
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('SIGN_IN_NOT_BOOKED');
  });

  it('counts 30 attendees signing in at once as 30', async () => {
    const l = await lecture();
    const responses = await Promise.all(
      Array.from({ length: 30 }, (_, i) => signIn(l.code, { name: `牧民${i}`, phone: `1380000${1000 + i}` })),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(30).fill(201));
    const list = await attendees(l.orderId);
    expect(list.body.count).toBe(30);
    expect(list.body.items).toHaveLength(30);
  });

  it('pages the attendees as every list, in signing order, with the count of the whole sheet', async () => {
    const l = await lecture();
    for (const name of ['其其格', '额尔敦', '巴特尔']) await signIn(l.code, { name });
    const first = await t.http().get(`${API}/orders/${l.orderId}/attendees?limit=2`).set(w.auth());
    expect(first.body).toMatchObject({ count: 3, total: 3, nextCursor: expect.any(String) });
    const rest = await t
      .http()
      .get(`${API}/orders/${l.orderId}/attendees?limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`)
      .set(w.auth());
    expect(rest.body).toMatchObject({ count: 3, nextCursor: null });
    const names = [...first.body.items, ...rest.body.items].map((i: { name: string }) => i.name);
    expect(names).toEqual(['其其格', '额尔敦', '巴特尔']);
  });

  it('counts the same name and phone sent ten times at once once', async () => {
    const l = await lecture();
    const from = '10.9.9.9';
    const responses = await Promise.all(Array.from({ length: 10 }, () => signIn(l.code, { name: '巴特尔', phone: '13800001234' }, from)));
    expect(responses.filter((r) => r.status === 201)).toHaveLength(1);
    expect(responses.filter((r) => r.status === 200)).toHaveLength(9);
    expect((await attendees(l.orderId)).body.count).toBe(1);
  });

  it('counts one person once however the name and phone are spaced', async () => {
    const l = await lecture();
    await signIn(l.code, { name: '巴特尔', phone: '13800001234' });
    const again = await signIn(l.code, { name: ' 巴特 尔', phone: '+86 138-0000-1234' });
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ recorded: false, count: 1 });
  });

  it('takes a landline typed in full-width forms, as Chinese input methods write it, as the same number', async () => {
    const l = await lecture();
    const first = await signIn(l.code, { name: '其其格', phone: '（０４７０）－８２２１２３４' });
    const again = await signIn(l.code, { name: '其其格', phone: '0470-8221234' });
    expect([first.status, again.status, again.body]).toEqual([201, 200, { recorded: false, count: 1 }]);
  });

  it('counts two people of one name with different phones as two', async () => {
    const l = await lecture();
    await signIn(l.code, { name: '张伟', phone: '13800001234' });
    await signIn(l.code, { name: '张伟', phone: '13900005678' });
    expect((await attendees(l.orderId)).body.count).toBe(2);
  });

  it('answers 410 before the window opens', async () => {
    const l = await lecture(World.at(2, '09:00'));
    const res = await signIn(l.code, { name: '巴特尔' });
    expect(res.status).toBe(410);
    expect(res.body.code).toBe('SIGN_IN_CLOSED');
  });

  it('answers 410 once the window has closed (three hours after the end)', async () => {
    const l = await lecture(World.at(0, '05:00'));
    const res = await signIn(l.code, { name: '巴特尔' });
    expect(res.status).toBe(410);
  });

  it('never mixes the attendees of two lectures', async () => {
    const [a, b] = [await lecture(), await lecture()];
    await signIn(a.code, { name: '其其格' });
    await signIn(b.code, { name: '额尔敦' });
    await signIn(b.code, { name: '其其格' });
    expect((await attendees(a.orderId)).body.items.map((i: { name: string }) => i.name)).toEqual(['其其格']);
    expect((await attendees(b.orderId)).body.items.map((i: { name: string }) => i.name)).toEqual(['额尔敦', '其其格']);
  });

  it('tells an attendee who scans the code of a cancelled lecture that it was cancelled (410), on the page in Chinese too', async () => {
    const l = await lecture();
    await w.post(`/orders/${l.orderId}/cancel`, { reason: '暴雪封路' }, w.branches.A.token);
    const res = await signIn(l.code, { name: '巴特尔' });
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 410, code: 'SIGN_IN_LECTURE_CANCELLED' });
    const page = await t.http().get(`/sign-in/${l.code}`);
    expect(page.status).toBe(410);
    expect(page.text).toContain('本场宣讲已取消');
  });

  it('answers 404 to a code no lecture has', async () => {
    const res = await signIn('not-a-real-code', { name: '巴特尔' });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('SIGN_IN_CODE_NOT_FOUND');
  });

  it('refuses a blank name', async () => {
    const l = await lecture();
    expect((await signIn(l.code, { name: '   ' })).status).toBe(400);
  });

  it('takes a name of 200 characters, as every name, and refuses one of 201 naming the field', async () => {
    const l = await lecture();
    expect((await signIn(l.code, { name: '巴'.repeat(200) })).status).toBe(201);
    const res = await signIn(l.code, { name: '巴'.repeat(201) });
    expect({ status: res.status, field: res.body.errors?.[0]?.field }).toEqual({ status: 400, field: 'name' });
  });

  it('refuses a name that outgrows 200 characters once its compatibility forms are written out, naming the field', async () => {
    const l = await lecture();
    // U+FDFA, one character typed, is 18 letters written out.
    const res = await signIn(l.code, { name: '\ufdfa'.repeat(12) });
    expect({ status: res.status, field: res.body.errors?.[0]?.field }).toEqual({ status: 400, field: 'name' });
  });

  it('refuses a phone that is neither a mobile number nor a landline with its area code, naming the field', async () => {
    const l = await lecture();
    const res = await signIn(l.code, { name: '巴特尔', phone: '123' });
    expect({ status: res.status, code: res.body.code, field: res.body.errors?.[0]?.field }).toEqual({
      status: 400,
      code: 'VALIDATION_FAILED',
      field: 'phone',
    });
    expect((await signIn(l.code, { name: '巴特尔', phone: '0470-8221234' })).status).toBe(201);
  });

  it('limits sign-ins from one address with one code, but not from another address', async () => {
    const l = await lecture();
    const from = '10.7.7.7';
    for (let i = 0; i < PER_ADDRESS; i++) expect((await signIn(l.code, { name: `路人${i}` }, from)).status).toBe(201);
    const limited = await signIn(l.code, { name: '再一个' }, from);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await signIn(l.code, { name: '再一个' }, '10.7.7.8')).status).toBe(201);
  });

  it('shows phones to admins only', async () => {
    const l = await lecture();
    await signIn(l.code, { name: '巴特尔', phone: '13800001234' });
    expect((await attendees(l.orderId)).body.items[0]).toMatchObject({ name: '巴特尔', phone: '13800001234' });
    for (const token of [w.branches.A.token, l.lecturer.token]) {
      const item = (await attendees(l.orderId, token)).body.items[0];
      expect(item.name).toBe('巴特尔');
      expect(item).not.toHaveProperty('phone');
    }
  });

  it('shows the attendees to no other branch or lecturer', async () => {
    const l = await lecture();
    const other = await w.lecturer();
    expect((await attendees(l.orderId, w.branches.B.token)).status).toBe(404);
    expect((await attendees(l.orderId, other.token)).status).toBe(404);
  });

  it('lets the booked lecturer add a name by hand, counted like the others', async () => {
    const l = await lecture();
    await signIn(l.code, { name: '巴特尔' });
    const res = await t.http().post(`${API}/orders/${l.orderId}/attendees`).set(w.auth(l.lecturer.token)).send({ name: '老额吉' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ recorded: true, count: 2 });
  });

  it('takes no name by hand before the sheet opens (410), as the QR code takes none: nobody attends days ahead', async () => {
    const l = await lecture(World.at(2, '09:00'));
    const res = await t.http().post(`${API}/orders/${l.orderId}/attendees`).set(w.auth(l.lecturer.token)).send({ name: '老额吉' });
    expect([res.status, res.body.code]).toEqual([410, 'SIGN_IN_CLOSED']);
    expect((await attendees(l.orderId)).body.count).toBe(0);
  });

  it('lets no other lecturer add names', async () => {
    const l = await lecture();
    const other = await w.lecturer();
    const res = await t.http().post(`${API}/orders/${l.orderId}/attendees`).set(w.auth(other.token)).send({ name: '老额吉' });
    expect(res.status).toBe(404);
  });

  it('takes the sign-in count as the attendance of a report that leaves it out', async () => {
    const l = await lecture();
    for (const name of ['甲', '乙', '丙']) await signIn(l.code, { name });
    const res = await t.http().post(`${API}/orders/${l.orderId}/complete`).set(w.auth(l.lecturer.token)).send({ summary: '已授课' });
    expect(res.status).toBe(200);
    expect(res.body.completion.attendance).toBe(3);
  });

  it('takes every name on the sheet as the attendance, beyond five times what the branch was thought to gather', async () => {
    const l = await lecture();
    const { memberCount } = (await t.http().get(`${API}/branches/${w.branches.A.id}`).set(w.auth())).body as { memberCount: number };
    const { expectedAudience } = (await t.http().get(`${API}/orders/${l.orderId}`).set(w.auth())).body as { expectedAudience: number };
    const names = 5 * Math.max(memberCount, expectedAudience) + 1;
    for (let i = 0; i < names; i += 25)
      await Promise.all(Array.from({ length: Math.min(25, names - i) }, (_, j) => signIn(l.code, { name: `牧民${i + j}` }).expect(201)));
    const res = await t
      .http()
      .post(`${API}/orders/${l.orderId}/complete`)
      .set(w.auth(l.lecturer.token))
      .send({ summary: '那达慕期间授课' });
    expect({ status: res.status, attendance: res.body.completion?.attendance }).toEqual({ status: 200, attendance: names });
  });

  it("closes the sheet once the lecture is reported given (410), within the window too: the count stays the report's", async () => {
    const l = await lecture();
    for (const name of ['甲', '乙']) await signIn(l.code, { name });
    await w.post(`/orders/${l.orderId}/complete`, { summary: '已授课' }, l.lecturer.token);
    const late = await signIn(l.code, { name: '迟到者' });
    expect({ status: late.status, code: late.body.code }).toEqual({ status: 410, code: 'SIGN_IN_CLOSED' });
    expect((await attendees(l.orderId)).body.count).toBe(2);
  });

  /**
   * 40 names sent while the lecturer reports the lecture given, the report in their midst: each name either
   * counts in the report's attendance or is refused with `refusedAs`, never recorded and left out.
   */
  const raceWithReport = async (send: (l: Lecture, i: number) => Promise<{ status: number; body: { code?: string } }>) => {
    const l = await lecture();
    const report = () => t.http().post(`${API}/orders/${l.orderId}/complete`).set(w.auth(l.lecturer.token)).send({ summary: '已授课' });
    const answers = await Promise.all(Array.from({ length: 41 }, (_, i) => (i === 20 ? report() : send(l, i))));
    const [completed] = answers.splice(20, 1);
    return {
      attendance: completed.body.completion?.attendance,
      onSheet: (await attendees(l.orderId)).body.count,
      recorded: answers.filter((a) => a.status === 201).length,
      refused: new Set(answers.filter((a) => a.status !== 201).map((a) => `${a.status} ${a.body.code}`)),
    };
  };

  it('counts in the report every attendee told they signed in while it was made, and signs in none after it', async () => {
    const race = await raceWithReport((l, i) => signIn(l.code, { name: `赛跑者${i}` }));
    expect(race.attendance).toBe(race.recorded);
    expect(race.onSheet).toBe(race.recorded);
    expect([...race.refused].filter((r) => r !== '410 SIGN_IN_CLOSED')).toEqual([]);
  });

  it('counts in the report every name the lecturer added by hand while it was made, and adds none after it', async () => {
    const race = await raceWithReport((l, i) =>
      t
        .http()
        .post(`${API}/orders/${l.orderId}/attendees`)
        .set(w.auth(l.lecturer.token))
        .send({ name: `手录${i}` }),
    );
    expect(race.attendance).toBe(race.recorded);
    expect(race.onSheet).toBe(race.recorded);
    expect([...race.refused].filter((r) => r !== '409 SIGN_IN_SHEET_FINISHED')).toEqual([]);
  });

  it('keeps the attendance the report gives over the sign-in count', async () => {
    const l = await lecture();
    await signIn(l.code, { name: '甲' });
    const res = await t
      .http()
      .post(`${API}/orders/${l.orderId}/complete`)
      .set(w.auth(l.lecturer.token))
      .send({ attendance: 25, summary: '已授课' });
    expect(res.body.completion.attendance).toBe(25);
  });

  it.each([
    ['Chinese', 'zh', 'zh-CN', PAGE_ZH['signIn.title']],
    ['Mongolian', 'mn', 'mn-Mong', PAGE_MN['signIn.title']],
  ])(
    "shows an attendee's phone the sign-in page in %s when it chose it, with no other Chinese than the lecture's and branch's names",
    async (_name, lang, htmlLang, title) => {
      const l = await lecture();
      const res = await t.http().get(`/sign-in/${l.code}`).set('Cookie', `__Host-gpl.lang=${lang}`);
      expect(res.status).toBe(200);
      expect(res.text).toContain(`<html lang="${htmlLang}"`);
      expect(res.text).toContain(`<h1>${title}</h1>`);
      if (lang === 'mn') {
        const order = (await t.http().get(`${API}/orders/${l.orderId}`).set(w.auth())).body;
        const branch = (await t.http().get(`${API}/branches/${w.branches.A.id}`).set(w.auth())).body;
        // Names stay as entered, and the switch names Chinese in its own script.
        const shown = res.text
          .replace(/<[^>]*>/g, ' ')
          .replaceAll(order.title, '')
          .replaceAll(branch.name, '')
          .replaceAll('中文', '');
        expect(shown.match(/\p{Script=Han}+/gu)).toBeNull();
      }
    },
  );
});
