import { isScheduleTickFailure } from './job-queue.js';

/** A database error as it reached Node unhandled when PgBouncer refused logins during a tick (from the cluster test's log). */
function tickFailure(): Error {
  const err = new Error('server login has been failing, try again later (server_login_retry)');
  err.stack = [
    'error: server login has been failing, try again later (server_login_retry)',
    '    at /app/node_modules/pg-pool/index.js:45:11',
    '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
    '    at async scheduleCronJobs (/app/node_modules/graphile-worker/dist/cron.js:82:5)',
    '    at async loop (/app/node_modules/graphile-worker/dist/cron.js:331:21)',
  ].join('\n');
  return err;
}

describe(isScheduleTickFailure.name, () => {
  it("knows a tick of graphile-worker's schedules that could not reach the database", () => {
    expect(isScheduleTickFailure(tickFailure())).toBe(true);
  });

  it('leaves every other rejection to end the process, as Node would', () => {
    expect(isScheduleTickFailure(new Error('a bug of our own'))).toBe(false);
    expect(isScheduleTickFailure('cron.js')).toBe(false);
    expect(isScheduleTickFailure(undefined)).toBe(false);
  });
});
