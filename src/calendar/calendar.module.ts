import { Module } from '@nestjs/common';
import { LecturersModule } from '../lecturers/lecturers.module.js';
import { CalendarFeedController, CalendarLinkController } from './calendar.controller.js';
import { CalendarRepository } from './calendar.repository.js';
import { CalendarService } from './calendar.service.js';

export { CalendarService } from './calendar.service.js';
export { CalendarLinkView } from './calendar.dto.js';

/** Lecturers' private iCalendar feeds. */
@Module({
  imports: [LecturersModule],
  controllers: [CalendarLinkController, CalendarFeedController],
  providers: [CalendarRepository, CalendarService],
  exports: [CalendarService],
})
export class CalendarModule {}
