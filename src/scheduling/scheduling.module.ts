import { Module } from '@nestjs/common';
import { BookingsModule } from '../bookings/bookings.module.js';
import { LecturersModule } from '../lecturers/lecturers.module.js';
import { OrdersModule } from '../orders/orders.module.js';
import { SchedulingRunsController } from './scheduling-runs.controller.js';
import { SchedulingRunsService } from './scheduling-runs.service.js';
import { SchedulingRepository } from './scheduling.repository.js';

/** Batch scheduling runs and candidate ranking over the solver; it makes offers through OrdersService. */
@Module({
  imports: [OrdersModule, BookingsModule, LecturersModule],
  controllers: [SchedulingRunsController],
  providers: [SchedulingRunsService, SchedulingRepository],
  exports: [SchedulingRunsService],
})
export class SchedulingModule {}
