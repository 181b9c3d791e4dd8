import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LecturersModule } from '../lecturers/lecturers.module.js';
import { Booking } from './booking.entity.js';
import { BookingsRepository } from './bookings.repository.js';
import { BookingsService } from './bookings.service.js';
import { EligibilityService } from './eligibility.service.js';
import { LecturerScheduleController } from './lecturer-schedule.controller.js';

/** Bookings, the hard rules checked against them, and a lecturer's schedule. Depends on no other feature but lecturers. */
@Module({
  imports: [TypeOrmModule.forFeature([Booking]), LecturersModule],
  controllers: [LecturerScheduleController],
  providers: [BookingsRepository, BookingsService, EligibilityService],
  exports: [BookingsService, EligibilityService],
})
export class BookingsModule {}
