import { Module } from '@nestjs/common';
import { OrderAttendanceController, SignInController } from './attendance.controller.js';
import { AttendanceRepository } from './attendance.repository.js';
import { AttendanceService } from './attendance.service.js';

/** Sign-in by QR code: the lectures' sheets and attendees. Orders takes the count from it as the default attendance. */
@Module({
  controllers: [OrderAttendanceController, SignInController],
  providers: [AttendanceRepository, AttendanceService],
  exports: [AttendanceService],
})
export class AttendanceModule {}
