import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import {
  Logger as WorkerLogger,
  type JobHelpers,
  parseCronItems,
  run,
  type Runner,
  type TaskSpec,
  type WorkerEvents,
} from 'graphile-worker';
import type { Pool } from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config.js';

/** What a task does with its job's payload. A thrown error fails the attempt: the queue retries it with backoff. */
export type TaskHandler = (payload: unknown, helpers: JobHelpers) => Promise<void>;

/** The pause before the queue is started again once the database stopped it. */
const RESTART_MS = 5_000;

interface Registration {
  handler: TaskHandler;
  /** A crontab time (minute granularity): the queue runs the task on that schedule, once across all instances. */
  cron?: string;
}

/**
 * The app's one way to run work outside a request: a job queue in PostgreSQL (graphile-worker), in a schema of
 * its own beside the app's. Jobs are locked with SKIP LOCKED, so any number of instances share one queue and
 * each job runs once at a time; a failed attempt is retried with exponential backoff; scheduled tasks run once
 * per tick across instances. Features register their tasks while the modules initialise; the queue starts once
 * the app is built. A job may be added in the caller's transaction (`addWithin`).
 */
@Injectable()
export class JobQueue implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(JobQueue.name);
  private readonly tasks = new Map<string, Registration>();
  private readonly startHooks: Array<() => Promise<void>> = [];
  private runner?: Runner;
  /** Set at shutdown: the queue is not started again. */
  private stopped = false;
  private restart?: NodeJS.Timeout;
  /** A start again under way: shutdown waits for it, and stops the runner it brings. */
  private restarting?: Promise<void>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  /** The queue's schema: beside the app's, so that each test file's schema has a queue of its own. */
  get schema(): string {
    return `${this.config.DATABASE_SCHEMA}_jobs`;
  }

  register(name: string, handler: TaskHandler, opts: { cron?: string } = {}): void {
    this.tasks.set(name, { handler, cron: opts.cron });
  }

  /** Runs once the queue is ready. */
  onStart(hook: () => Promise<void>): void {
    this.startHooks.push(hook);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.JOB_QUEUE === 'off') return;
    this.hearCheckedOutClientsErrors();
    await this.start();
    for (const hook of this.startHooks) await hook();
  }

  /** The app's own pool: its connections already reach the database, and the queue needs only a few of them. */
  private get pool(): Pool {
    return (this.dataSource.driver as unknown as { master: Pool }).master;
  }

  /**
   * A connection the queue holds (its listening one) that the database drops emits an error on its client; unheard,
   * that would end the process. graphile-worker asks for this handler on a pool it is given (and warns without it).
   */
  private hearCheckedOutClientsErrors(): void {
    this.pool.on('connect', (client) => {
      client.on('error', (err) => this.logger.warn({ err }, 'a database connection was lost'));
    });
  }

  private async start(): Promise<void> {
    const taskList = Object.fromEntries(
      [...this.tasks].map(([name, t]) => [name, (payload: unknown, helpers: JobHelpers) => t.handler(payload, helpers)]),
    );
    const cron = [...this.tasks].filter(([, t]) => t.cron !== undefined);
    const runner = await run({
      pgPool: this.pool,
      schema: this.schema,
      concurrency: this.config.JOB_QUEUE_CONCURRENCY,
      pollInterval: this.config.JOB_QUEUE_POLL_MS,
      noHandleSignals: true,
      events: this.deafToOtherSchemasMigrations(),
      taskList,
      parsedCronItems: parseCronItems(cron.map(([name, t]) => ({ task: name, match: t.cron as string, options: { backfillPeriod: 0 } }))),
      logger: new WorkerLogger(() => (level, message, meta) => {
        const severity: string = level;
        if (severity === 'error' || severity === 'warning') this.logger.warn({ meta }, message);
        else this.logger.debug(message);
      }),
    });
    if (this.stopped) return void (await runner.stop());
    this.runner = runner;
    // graphile-worker stops its runner by itself when a tick of the schedules finds the database unreachable
    // (restarting, a pooler refusing logins); its promise then settles. Unless the app stopped it, it is started again.
    runner.promise.then(
      () => this.runnerEnded(runner, new Error('the job queue stopped by itself')),
      (err: unknown) => this.runnerEnded(runner, err),
    );
  }

  private runnerEnded(runner: Runner, why: unknown): void {
    // Its promise settles once it has stopped (graphile-worker 0.17): nothing is left to stop.
    if (this.stopped || this.runner !== runner) return;
    this.runner = undefined;
    this.startAgain(why);
  }

  /** Starts the queue again after a pause, and again after each start the database refuses, until it answers. */
  private startAgain(err: unknown): void {
    if (this.stopped) return;
    this.logger.warn({ err }, `the job queue stopped; starting it again in ${RESTART_MS / 1000} s`);
    this.restart = setTimeout(() => {
      this.restart = undefined;
      this.restarting = this.start()
        .catch((e: unknown) => this.startAgain(e))
        .finally(() => (this.restarting = undefined));
    }, RESTART_MS);
  }

  /**
   * graphile-worker listens on one database-wide channel for its own schema migrations and shuts down (setting
   * the process's exit code to 57) on any breaking one — also when the queue of another DATABASE_SCHEMA in the
   * same database is installed, as each test file's is. Its listening connection stops listening to that
   * channel once it has subscribed; a breaking upgrade of this queue comes with a new version of the app,
   * whose instances replace these.
   */
  private deafToOtherSchemasMigrations(): WorkerEvents {
    const events = new EventEmitter() as WorkerEvents;
    events.on('pool:listen:success', ({ client }) => {
      // After the LISTEN graphile sends right after this event, on the same connection.
      setImmediate(() => void client.query('UNLISTEN "worker:migrate"').catch(() => undefined));
    });
    return events;
  }

  /** Before the database closes (TypeORM closes it at application shutdown): running jobs finish, none is taken. */
  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.restart);
    await this.restarting;
    const runner = this.runner;
    this.runner = undefined;
    // A runner graphile-worker is stopping by itself refuses a second stop: its own is waited for instead.
    await runner?.stop().catch(() => runner.promise.catch(() => undefined));
  }

  /** Queues a job in the caller's transaction: it exists if and only if the transaction commits. */
  async addWithin(
    manager: EntityManager,
    name: string,
    payload: object,
    spec: { jobKey?: string; runAt?: Date; maxAttempts: number },
  ): Promise<void> {
    await manager.query(
      `SELECT "${this.schema}".add_job($1, $2::json, run_at => coalesce($3::timestamptz, now()), max_attempts => $4, job_key => $5::text)`,
      [name, JSON.stringify(payload), spec.runAt ?? null, spec.maxAttempts, spec.jobKey ?? null],
    );
  }

  /** Queues a job now (or at `spec.runAt`); with a job key, a job still waiting under that key is replaced instead. */
  async add(name: string, payload: object, spec: TaskSpec = {}): Promise<void> {
    if (!this.runner) throw new Error('the job queue is not running (JOB_QUEUE=off)');
    await this.runner.addJob(name, payload, spec);
  }
}
