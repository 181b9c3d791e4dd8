import { GenericPlanReads } from '../../src/database/prepared-query.js';
import { type MediumTest, startMedium } from '../support/medium.js';

/**
 * The list pages' reads run on connections of their own that plan generically, in the app's schema; everything
 * else keeps PostgreSQL's own choice of plan on TypeORM's pool.
 */
describe(GenericPlanReads.name, () => {
  let medium: MediumTest;
  let reads: GenericPlanReads;
  const SETTINGS = `SELECT current_setting('plan_cache_mode') AS mode, current_schema() AS schema, current_setting('TimeZone') AS zone`;

  beforeAll(async () => {
    medium = await startMedium([]);
    reads = new GenericPlanReads(medium.db);
  });

  afterAll(async () => {
    await reads.onApplicationShutdown();
    await medium.close();
  });

  it("plans generically, in the app's schema and time zone", async () => {
    const [app] = await medium.db.query<Array<{ schema: string; zone: string }>>(SETTINGS);
    await expect(reads.query(SETTINGS, [])).resolves.toEqual([{ mode: 'force_generic_plan', schema: app.schema, zone: app.zone }]);
  });

  it("leaves the plans of TypeORM's pool to PostgreSQL", async () => {
    const [app] = await medium.db.query<Array<{ mode: string }>>(SETTINGS);
    expect(app.mode).toBe('auto');
  });

  it('uses the generic plan of a named statement from its first execution', async () => {
    await reads.query('SELECT count(*) AS n FROM migrations WHERE id > $1', [0]);
    const [seen] = await reads.query<{ generic_plans: string; custom_plans: string }>(
      `SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement = 'SELECT count(*) AS n FROM migrations WHERE id > $1'`,
      [],
    );
    expect(seen).toEqual({ generic_plans: expect.stringMatching(/^[1-9]/), custom_plans: '0' });
  });
});
