import { seedDemoData } from '../src/demo/demo-seeder.js';
import { type TestApp, startTestApp } from './support/test-app.js';

describe('the demo city', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    await seedDemoData(t.db, () => undefined);
  }, 120_000);
  afterAll(() => t?.close());

  it("tells each branch its accepted lecture's time, as a real acceptance does", async () => {
    const events: Array<{ starts_at: string | null }> = await t.db.query(
      `SELECT data->>'startsAt' AS starts_at FROM notification_events WHERE type = 'order.accepted'`,
    );
    expect(events.length).toBeGreaterThan(0);
    expect(events.filter((e) => e.starts_at === null)).toEqual([]);
  });

  it('tells each lecturer until when an offer could be answered, offers since declined or expired too', async () => {
    const events: Array<{ occurred_at: Date; expires_at: string | null }> = await t.db.query(
      `SELECT occurred_at, data->>'offerExpiresAt' AS expires_at FROM notification_events WHERE type = 'order.offered'`,
    );
    expect(events.length).toBeGreaterThan(0);
    // Within the answer window (48 hours, the demo's), and after the offer.
    const outside = (e: (typeof events)[number]) => {
      const expires = Date.parse(e.expires_at ?? '');
      return !(expires > e.occurred_at.getTime() && expires <= e.occurred_at.getTime() + 48 * 3_600_000);
    };
    expect(events.filter(outside)).toEqual([]);
  });

  it("keeps each lecturer's leave in the form PUT /lecturers/:id/availability writes it", async () => {
    const rows: Array<{ t: string }> = await t.db.query(
      `SELECT e->>'from' AS t FROM lecturers, jsonb_array_elements(availability->'exceptions') e
       UNION ALL SELECT e->>'to' FROM lecturers, jsonb_array_elements(availability->'exceptions') e`,
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.filter((r) => new Date(r.t).toISOString() !== r.t)).toEqual([]);
  });
});
