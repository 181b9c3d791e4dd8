import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { LecturersModule } from '../lecturers/lecturers.module.js';
import { CalendarFeedController, CalendarLinkController } from './calendar.controller.js';
import { CalendarRepository } from './calendar.repository.js';
import { CalendarService } from './calendar.service.js';

export { CalendarService } from './calendar.service.js';
export { CalendarLinkView } from './calendar.dto.js';

/** Lecturers' private iCalendar feeds. */
@Module({
  imports: [AuthModule, LecturersModule],
  controllers: [CalendarLinkController, CalendarFeedController],
  providers: [CalendarRepository, CalendarService],
  exports: [CalendarService],
})
export class CalendarModule {}
