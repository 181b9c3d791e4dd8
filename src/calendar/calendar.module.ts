import { Module } from '@nestjs/common';

/** Lecturers' private iCalendar feeds. */
@Module({})
export class CalendarModule {}
