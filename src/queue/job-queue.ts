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

/**
 * Whether an unhandled rejection is a failed tick of graphile-worker's schedules. Its runner (0.16) observes the
 * schedules' promise with `.finally()`, whose own promise nobody handles: a tick that finds the database unreachable
 * rejected it unhandled, and Node ended the process (both instances of the cluster test, PostgreSQL stopped at a
 * minute's turn). The runner's promise carries the same error to `runnerFailed`, which starts the queue again.
 */
export function isScheduleTickFailure(reason: unknown): boolean {
  return reason instanceof Error && /graphile-worker[\\/]dist[\\/]cron\.js/.test(reason.stack ?? '');
}

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

  /** A failed tick of the schedules is let go (the queue starts again); any other unhandled rejection still ends the process. */
  private readonly letScheduleTickFailuresGo = (reason: unknown): void => {
    if (!isScheduleTickFailure(reason)) throw reason;
    this.logger.warn({ err: reason }, "a tick of the job queue's schedules could not reach the database");
  };

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.JOB_QUEUE === 'off') return;
    process.on('unhandledRejection', this.letScheduleTickFailuresGo);
    await this.start();
    for (const hook of this.startHooks) await hook();
  }

  private async start(): Promise<void> {
    const taskList = Object.fromEntries(
      [...this.tasks].map(([name, t]) => [name, (payload: unknown, helpers: JobHelpers) => t.handler(payload, helpers)]),
    );
    const cron = [...this.tasks].filter(([, t]) => t.cron !== undefined);
    const runner = await run({
      // The app's own pool: its connections already reach the database, and the queue needs only a few of them.
      pgPool: (this.dataSource.driver as unknown as { master: Pool }).master,
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
    this.runner = runner;
    // A tick of the schedules that finds the database unreachable (restarting, a pooler refusing logins) stops
    // graphile-worker's runner: its promise rejects, which, unobserved, ended the process. The queue is started again.
    runner.promise.catch((err: unknown) => this.runnerFailed(runner, err));
  }

  private runnerFailed(runner: Runner, err: unknown): void {
    if (this.stopped || this.runner !== runner) return;
    this.runner = undefined;
    void runner.stop().catch(() => undefined);
    this.startAgain(err);
  }

  /** Starts the queue again after a pause, and again after each start the database refuses, until it answers. */
  private startAgain(err: unknown): void {
    this.logger.warn({ err }, `the job queue stopped; starting it again in ${RESTART_MS / 1000} s`);
    this.restart = setTimeout(() => {
      this.restart = undefined;
      if (!this.stopped) this.start().catch((e: unknown) => this.startAgain(e));
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
    process.off('unhandledRejection', this.letScheduleTickFailuresGo);
    clearTimeout(this.restart);
    const runner = this.runner;
    this.runner = undefined;
    await runner?.stop();
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
