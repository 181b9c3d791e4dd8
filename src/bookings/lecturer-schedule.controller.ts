import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor, regionScopeOf, Roles } from '../auth/actor.js';
import { resolvePeriod } from '../common/period.js';
import { UuidParam } from '../common/validation.js';
import { Clock } from '../kernel/clock.js';
import { DAY_MS } from '../kernel/time.js';
import { LecturersService } from '../lecturers/lecturers.service.js';
import { SchedulePage, ScheduleQuery } from './bookings.dto.js';
import { BookingsService } from './bookings.service.js';

/** Days a schedule spans when no end is given. */
const DEFAULT_SPAN_DAYS = 90;

@ApiTags('lecturers')
@ApiBearerAuth()
@Controller('lecturers')
export class LecturerScheduleController {
  constructor(
    private readonly lecturers: LecturersService,
    private readonly bookings: BookingsService,
    private readonly clock: Clock,
  ) {}

  /** A lecturer's accepted lectures, by default from today for 90 days; a banner admin sees those outside its banner as busy time. */
  @Get(':id/schedule')
  @Roles('admin', 'lecturer')
  @ApiOkResponse({ type: SchedulePage })
  @ApiOperation({
    summary: "A lecturer's accepted lectures in a period",
    description: `\`from\` and \`to\` both inclusive; without \`from\`, from yesterday; without \`to\`, ${DEFAULT_SPAN_DAYS} days on from the start.`,
  })
  async schedule(@CurrentActor() actor: Actor, @UuidParam() id: string, @Query() q: ScheduleQuery) {
    const lecturer = await this.lecturers.findManageable(actor, id);
    const { from, to } = resolvePeriod(q);
    const start = from ?? new Date(this.clock.now() - DAY_MS);
    const end = to ?? new Date(start.getTime() + DEFAULT_SPAN_DAYS * DAY_MS);
    return this.bookings.scheduleSeenFrom(regionScopeOf(actor), lecturer.id, { from: start, to: end }, q);
  }
}
