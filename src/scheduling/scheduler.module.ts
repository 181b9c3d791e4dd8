import { Module } from '@nestjs/common';
import { LecturersModule } from '../lecturers/lecturers.module.js';
import { OrdersModule } from '../orders/orders.module.js';
import { SchedulingRunsController } from './scheduling-runs.controller.js';
import { SchedulingRunsService } from './scheduling-runs.service.js';
import { SchedulingModule } from './scheduling.module.js';

/** Batch scheduling runs and candidate ranking, on top of orders (it makes offers through OrdersService). */
@Module({
  imports: [OrdersModule, LecturersModule, SchedulingModule],
  controllers: [SchedulingRunsController],
  providers: [SchedulingRunsService],
  exports: [SchedulingRunsService],
})
export class SchedulerModule {}
