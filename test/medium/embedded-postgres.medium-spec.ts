import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { EmbeddedPostgresError, startEmbeddedPostgres } from '../../src/database/embedded-postgres.js';

/** A port nothing listens on now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * The embedded PostgreSQL of `npm start` on a data directory of its own. Its start is told by the server's log
 * on stderr, so settings in postgresql.conf that send the log elsewhere (or quieten it) must not keep it from starting.
 */
describe('the embedded PostgreSQL', () => {
  const parent = mkdtempSync(join(tmpdir(), 'grassland-embedded-'));
  const dataDir = join(parent, 'pg');
  // The cluster made once (initdb), each test starting on it as `npm start` does the second time.
  beforeAll(async () => (await startEmbeddedPostgres({ dataDir, port: await freePort() })).stop());
  afterAll(() => {
    // As root the data live where the postgres user can reach them, ./pg a link to them: both go.
    rmSync(realpathSync(dataDir), { recursive: true, force: true });
    rmSync(parent, { recursive: true, force: true });
  });

  const answers = async (url: string): Promise<unknown> => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query('SELECT 1 AS one')).rows;
    } finally {
      await client.end();
    }
  };

  it("leaves alone the process a stale postmaster.pid names, now another program's (its pid reused after a crash)", async () => {
    const other = spawn('sleep', ['60']);
    try {
      writeFileSync(join(realpathSync(dataDir), 'postmaster.pid'), `${other.pid}\n${realpathSync(dataDir)}\n`);
      const db = await startEmbeddedPostgres({ dataDir, port: await freePort() });
      await db.stop();
      expect({ running: other.exitCode === null && other.signalCode === null }).toEqual({ running: true });
    } finally {
      other.kill();
    }
  });

  it('refuses a second start on a data directory another app still uses, which keeps it', async () => {
    const first = await startEmbeddedPostgres({ dataDir, port: await freePort() });
    try {
      const second = startEmbeddedPostgres({ dataDir, port: await freePort() });
      await expect(second).rejects.toThrow(EmbeddedPostgresError);
      await expect(second).rejects.toThrow(/Another instance \(pid \d+\) is running on this data folder/);
      await expect(answers(first.url)).resolves.toEqual([{ one: 1 }]);
    } finally {
      await first.stop();
    }
  });

  it('starts on a data directory whose postgresql.conf logs to files, and only warnings', async () => {
    const conf = join(dataDir, 'postgresql.conf');
    appendFileSync(conf, "\nlogging_collector = on\nlog_destination = 'csvlog'\nlog_min_messages = warning\n");
    const db = await startEmbeddedPostgres({ dataDir, port: await freePort() });
    try {
      await expect(answers(db.url)).resolves.toEqual([{ one: 1 }]);
    } finally {
      await db.stop();
    }
  });
});
