import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { InFlightRequests } from './common/in-flight-requests.js';
import { UnreadInputs } from './common/unread-inputs.js';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from './accounts/accounts.module.js';
import { AttendanceModule } from './attendance/attendance.module.js';
import { AuthModule } from './auth/auth.module.js';
import { BookingsModule } from './bookings/bookings.module.js';
import { CalendarModule } from './calendar/calendar.module.js';
import { CoverageModule } from './coverage/coverage.module.js';
import { EvidenceModule } from './evidence/evidence.module.js';
import { WebModule } from './web/web.module.js';
import { RateLimitGuard } from './common/rate-limit.guard.js';
import { BranchesModule } from './branches/branches.module.js';
import type { AppConfig } from './config/app-config.js';
import { AppConfigModule } from './config/config.module.js';
import { CoursesModule } from './courses/courses.module.js';
import { dataSourceOptions } from './database/data-source.js';
import type { Clock } from './kernel/clock.js';
import { HealthModule } from './health/health.module.js';
import { ImportsModule } from './imports/imports.module.js';
import { LecturersModule } from './lecturers/lecturers.module.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { OrdersModule } from './orders/orders.module.js';
import { QueueModule } from './queue/queue.module.js';
import { RegionsModule } from './regions/regions.module.js';
import { SchedulingModule } from './scheduling/scheduling.module.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, databaseUrl: string, clock?: Clock): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config, clock),
        TypeOrmModule.forRoot(dataSourceOptions(databaseUrl, config.DATABASE_SCHEMA, config.DATABASE_POOL_SIZE)),
        AuthModule,
        AccountsModule,
        RegionsModule,
        BranchesModule,
        LecturersModule,
        CoursesModule,
        BookingsModule,
        OrdersModule,
        SchedulingModule,
        CoverageModule,
        CalendarModule,
        ImportsModule,
        AttendanceModule,
        EvidenceModule,
        NotificationsModule,
        QueueModule,
        WebModule,
        HealthModule,
      ],
      // Limits first, then authentication: a flood of bad tokens is refused before any verification.
      providers: [
        { provide: APP_GUARD, useClass: RateLimitGuard },
        InFlightRequests,
        { provide: APP_INTERCEPTOR, useExisting: InFlightRequests },
        { provide: APP_INTERCEPTOR, useClass: UnreadInputs },
      ],
    };
  }
}
