import { Module } from '@nestjs/common';
import { AttendanceModule } from '../attendance/attendance.module.js';
import { BookingsModule } from '../bookings/bookings.module.js';
import { BranchesModule } from '../branches/branches.module.js';
import { IdempotencyService } from '../common/idempotency.js';
import { CoursesModule } from '../courses/courses.module.js';
import { LecturersModule } from '../lecturers/lecturers.module.js';
import { OfferSweeper } from './offer-sweeper.js';
import { OrderPlacementService } from './order-placement.service.js';
import { OrderTransitionsService } from './order-transitions.service.js';
import { OrderViewsService } from './order-views.service.js';
import { OrdersController } from './orders.controller.js';
import { OrdersRepository } from './orders.repository.js';
import { OrdersService } from './orders.service.js';
import { GenericPlanReads } from '../database/prepared-query.js';

/** Orders, their state machine and history. Depends on bookings (and the pool), never on scheduling. */
@Module({
  imports: [BranchesModule, CoursesModule, LecturersModule, BookingsModule, AttendanceModule],
  controllers: [OrdersController],
  providers: [
    GenericPlanReads,
    OrdersRepository,
    OrderPlacementService,
    OrderViewsService,
    OrderTransitionsService,
    OrdersService,
    IdempotencyService,
    OfferSweeper,
  ],
  exports: [OrdersService],
})
export class OrdersModule {}
