import 'reflect-metadata';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createRootLogger } from './common/logging.js';
import { ConfigError, loadConfig } from './config/app-config.js';
import { createApp } from './bootstrap.js';
import { STOP_GRACE_MS } from './common/in-flight-requests.js';
import { prepareDatabase, StartupError, startupFailure } from './database/prepare.js';

/** The HTTP server could not listen: a port taken or privileged, a HOST that is not this machine's. */
function listenFailure(err: unknown, port: number, host: string): unknown {
  const code = (err as { code?: string } | null)?.code;
  if (code === 'EADDRINUSE') return new StartupError(`Port ${port} is taken: set PORT to a free port (or stop what listens there).`);
  if (code === 'EACCES') return new StartupError(`Port ${port} needs privileges this user lacks: set PORT above 1023.`);
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND')
    return new StartupError(`HOST ${host} is not an address of this machine: set HOST to one (0.0.0.0 for all).`);
  return err;
}

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const logger = createRootLogger(config.LOG_LEVEL, config.LOG_FORMAT);
  // A signal during the start is honoured once the step under way ends: the embedded PostgreSQL is never left behind.
  let signalled: string | undefined;
  let stop = (signal: string): Promise<void> => Promise.resolve(void (signalled ??= signal));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  const db = await prepareDatabase(config, (m) => logger.info(m));
  let app;
  try {
    if (signalled) throw new StartupError(`${signalled} during the start: stopped.`);
    app = await createApp(config, db.url, logger);
    await app.listen(config.PORT, config.HOST).catch((err: unknown) => {
      throw listenFailure(err, config.PORT, config.HOST);
    });
    if (signalled) throw new StartupError(`${signalled} during the start: stopped.`);
  } catch (err) {
    await app?.close().catch(() => undefined);
    await db.stop();
    throw err;
  }

  const base = `http://localhost:${config.PORT}`;
  const lines = [
    '',
    '  草原先锋讲师 Grassland Pioneer Lecturer platform is running',
    `  Web:       ${base}/   (pages for branches, lecturers and admins)`,
    `  API:       ${base}/api/v1`,
    `  API docs:  ${base}/api/docs`,
    `  Health:    ${base}/health`,
    `  Database:  ${db.embedded ? `embedded PostgreSQL (${config.DATA_DIR})` : 'DATABASE_URL'}`,
    ...(db.demoLogins.length > 0
      ? ['  Demo logins (username / password):', ...db.demoLogins.map((d) => `    ${d.role.padEnd(9)} ${d.username} / ${d.password}`)]
      : []),
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');

  let stopping = false;
  const server: Server = app.getHttpServer();
  // While stopping, every answer says `Connection: close`, so a balancer's kept-alive connections end with
  // the request in flight and new requests go to the other instances; what is still open after the grace
  // period is closed.
  server.on('request', (_req: IncomingMessage, res: ServerResponse) => {
    if (stopping && !res.headersSent) res.setHeader('Connection', 'close');
  });
  stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: stopping`);
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), STOP_GRACE_MS).unref();
    await app.close();
    await db.stop();
    process.exit(0);
  };
}

main().catch((err) => {
  process.stderr.write(`Start-up failed: ${startupFailure(err)}\n`);
  process.exit(1);
});
