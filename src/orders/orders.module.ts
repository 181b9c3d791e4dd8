import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BranchesModule } from '../branches/branches.module.js';
import { IdempotencyService } from '../common/idempotency.js';
import { CoursesModule } from '../courses/courses.module.js';
import { LecturersModule } from '../lecturers/lecturers.module.js';
import { SchedulingModule } from '../scheduling/scheduling.module.js';
import { BranchOrder } from './branch-order.entity.js';
import { OfferSweeper } from './offer-sweeper.js';
import { OrderHistoryEntry } from './order-history.entity.js';
import { OrdersController } from './orders.controller.js';
import { OrdersService } from './orders.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([BranchOrder, OrderHistoryEntry]), BranchesModule, CoursesModule, LecturersModule, SchedulingModule],
  controllers: [OrdersController],
  providers: [OrdersService, IdempotencyService, OfferSweeper],
  exports: [OrdersService],
})
export class OrdersModule {}
