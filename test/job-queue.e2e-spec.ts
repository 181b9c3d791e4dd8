import { setTimeout as sleep } from 'node:timers/promises';
import type { Runner } from 'graphile-worker';
import { JobQueue } from '../src/queue/job-queue.js';
import { type TestApp, startTestApp } from './support/test-app.js';

/**
 * The job queue of one DATABASE_SCHEMA keeps working when the queue of another schema in the same database
 * is installed (graphile-worker announces its migrations database-wide; each test file has a schema of its own).
 */
describe('job queues of two schemas in one database', () => {
  let first: TestApp;
  let second: TestApp | undefined;

  beforeAll(async () => {
    first = await startTestApp();
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  it("keeps running its jobs, and leaves the process's exit code alone, when another schema's queue is installed", async () => {
    await sleep(300); // the first queue's listening connection subscribes
    second = await startTestApp();
    await sleep(500); // the second queue's migration announcements arrive
    expect(process.exitCode ?? 0).toBe(0);
    await first.app.get(JobQueue).add('expire_offers', {});
    const jobs = `SELECT count(*)::int AS n FROM "${first.schema}_jobs"._private_jobs`;
    for (let i = 0; i < 100 && (await first.db.query(jobs))[0].n > 0; i++) await sleep(100);
    expect((await first.db.query(jobs))[0].n).toBe(0);
  });

  it('starts its queue again when graphile-worker stops the runner by itself, as a tick of the schedules that cannot reach the database does', async () => {
    const queue = first.app.get(JobQueue);
    // The same stop graphile-worker makes on such a tick: the runner's promise settles without the app asking.
    await (queue as unknown as { runner: Runner }).runner.stop();
    await first.db.query(`SELECT "${first.schema}_jobs".add_job('expire_offers', '{}'::json)`);
    const jobs = `SELECT count(*)::int AS n FROM "${first.schema}_jobs"._private_jobs`;
    for (let i = 0; i < 150 && (await first.db.query(jobs))[0].n > 0; i++) await sleep(100);
    expect((await first.db.query(jobs))[0].n).toBe(0);
  });
});
