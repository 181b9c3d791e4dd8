import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LecturersModule } from '../lecturers/lecturers.module.js';
import { Booking } from './booking.entity.js';
import { BookingsService } from './bookings.service.js';
import { EligibilityService } from './eligibility.service.js';
import { ScheduleController } from './schedule.controller.js';
import { SchedulingSnapshotRepository } from './scheduling-snapshot.repository.js';

@Module({
  imports: [TypeOrmModule.forFeature([Booking]), LecturersModule],
  controllers: [ScheduleController],
  providers: [BookingsService, EligibilityService, SchedulingSnapshotRepository],
  exports: [BookingsService, EligibilityService, SchedulingSnapshotRepository],
})
export class SchedulingModule {}
