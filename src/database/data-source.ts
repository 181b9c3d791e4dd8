import { DataSource, type DataSourceOptions, MigrationExecutor } from 'typeorm';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';
import { Account } from '../accounts/account.entity.js';
import { Branch } from '../branches/branch.entity.js';
import { Course } from '../courses/course.entity.js';
import { Lecturer } from '../lecturers/lecturer.entity.js';
import { BranchOrder } from '../orders/branch-order.entity.js';
import { OrderHistoryEntry } from '../orders/order-history.entity.js';
import { Region } from '../regions/region.entity.js';
import { Booking } from '../bookings/booking.entity.js';
import { InitialSchema1764110000000 } from '../../migrations/1764110000000-InitialSchema.js';
import { SchedulingRuns1764120000000 } from '../../migrations/1764120000000-SchedulingRuns.js';
import { CoverageAndCalendars1764130000000 } from '../../migrations/1764130000000-CoverageAndCalendars.js';
import { LoginSecurity1764140000000 } from '../../migrations/1764140000000-LoginSecurity.js';
import { ListKeysetIndexes1764160000000 } from '../../migrations/1764160000000-ListKeysetIndexes.js';
import { OrderCounts1764170000000 } from '../../migrations/1764170000000-OrderCounts.js';
import { AccountLifecycle1764190000000 } from '../../migrations/1764190000000-AccountLifecycle.js';
import { Notifications1764200000000 } from '../../migrations/1764200000000-Notifications.js';
import { Codes1764300000001 } from '../../migrations/1764300000001-Codes.js';
import { TourOffers1764400000000 } from '../../migrations/1764400000000-TourOffers.js';
import { FieldWork1764500000000 } from '../../migrations/1764500000000-FieldWork.js';
import { DeliveryDrain1764600000000 } from '../../migrations/1764600000000-DeliveryDrain.js';
import { UiLanguage1764700000000 } from '../../migrations/1764700000000-UiLanguage.js';
import { FanOutByType1764760000000 } from '../../migrations/1764760000000-FanOutByType.js';
import { TimeOrderedOutboxIds1764800000000 } from '../../migrations/1764800000000-TimeOrderedOutboxIds.js';
import { OrderViews1764900000000 } from '../../migrations/1764900000000-OrderViews.js';
import { MoreCounterShards1764950000000 } from '../../migrations/1764950000000-MoreCounterShards.js';
import { AsciiOrderViews1765000000000 } from '../../migrations/1765000000000-AsciiOrderViews.js';
import { AttendeeNames1765100000000 } from '../../migrations/1765100000000-AttendeeNames.js';
import { DeliveryAttemptsKept1765200000000 } from '../../migrations/1765200000000-DeliveryAttemptsKept.js';
import { RunConfirmations1765300000000 } from '../../migrations/1765300000000-RunConfirmations.js';
import { DrainFloor1765400000000 } from '../../migrations/1765400000000-DrainFloor.js';
import { EvidenceUploadHash1765500000000 } from '../../migrations/1765500000000-EvidenceUploadHash.js';
import { DeliveryOutdated1765600000000 } from '../../migrations/1765600000000-DeliveryOutdated.js';
import { IdempotentReplayAsSent1765700000000 } from '../../migrations/1765700000000-IdempotentReplayAsSent.js';
import { TourStopTravelFrom1765800000000 } from '../../migrations/1765800000000-TourStopTravelFrom.js';
import { TourStopReturned1765900000000 } from '../../migrations/1765900000000-TourStopReturned.js';
import { EventNamesLecturer1766000000000 } from '../../migrations/1766000000000-EventNamesLecturer.js';
import { InboxFollowsScope1766100000000 } from '../../migrations/1766100000000-InboxFollowsScope.js';
import { QuietHoursNotAllDay1766200000000 } from '../../migrations/1766200000000-QuietHoursNotAllDay.js';
import { JsonAsciiInOnePass1766300000000 } from '../../migrations/1766300000000-JsonAsciiInOnePass.js';
import { lockSession, unlockSession } from './lock-keys.js';

export const ENTITIES = [Account, Branch, Course, Lecturer, BranchOrder, OrderHistoryEntry, Region, Booking];
export const MIGRATIONS = [
  InitialSchema1764110000000,
  SchedulingRuns1764120000000,
  CoverageAndCalendars1764130000000,
  LoginSecurity1764140000000,
  ListKeysetIndexes1764160000000,
  OrderCounts1764170000000,
  AccountLifecycle1764190000000,
  Notifications1764200000000,
  Codes1764300000001,
  TourOffers1764400000000,
  FieldWork1764500000000,
  DeliveryDrain1764600000000,
  UiLanguage1764700000000,
  FanOutByType1764760000000,
  TimeOrderedOutboxIds1764800000000,
  OrderViews1764900000000,
  MoreCounterShards1764950000000,
  AsciiOrderViews1765000000000,
  AttendeeNames1765100000000,
  DeliveryAttemptsKept1765200000000,
  RunConfirmations1765300000000,
  DrainFloor1765400000000,
  EvidenceUploadHash1765500000000,
  DeliveryOutdated1765600000000,
  IdempotentReplayAsSent1765700000000,
  TourStopTravelFrom1765800000000,
  TourStopReturned1765900000000,
  EventNamesLecturer1766000000000,
  InboxFollowsScope1766100000000,
  QuietHoursNotAllDay1766200000000,
  JsonAsciiInOnePass1766300000000,
];

/** The one set of DataSource options, used by the app, the migration command and the tests. */
export function dataSourceOptions(url: string, schema: string, poolSize: number): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    schema,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'all',
    synchronize: false,
    migrationsRun: false,
    namingStrategy: new SnakeNamingStrategy(),
    // An undefined or null id must never match a row (typeorm issues 9316, 2500).
    invalidWhereValuesBehavior: { null: 'throw', undefined: 'throw' },
    poolSize,
    extra: {
      options: `-c search_path=${schema},public -c timezone=UTC`,
      connectionTimeoutMillis: 10000,
      application_name: 'grassland-pioneer',
    },
  };
}

export function createDataSource(url: string, schema = 'public', poolSize = 10): DataSource {
  return new DataSource(dataSourceOptions(url, schema, poolSize));
}

/**
 * Applies pending migrations while holding a PostgreSQL advisory lock, so that replicas starting
 * together wait for one another instead of racing. The lock and the migrations share one connection,
 * so a pool of any size (even one) cannot starve: the lock's holder never waits for a second connection.
 */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const schema = (dataSource.options as { schema?: string }).schema ?? 'public';
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await lockSession(runner, 'migrations');
    try {
      const executor = new MigrationExecutor(dataSource, runner);
      executor.transaction = 'all';
      const applied = await executor.executePendingMigrations();
      return applied.map((m) => m.name);
    } finally {
      await unlockSession(runner, 'migrations');
    }
  } finally {
    await runner.release();
  }
}
