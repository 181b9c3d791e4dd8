import { Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { type Actor, CurrentActor, Public, Roles } from '../auth/actor.js';
import { requestBaseUrl as baseUrl } from '../common/request-url.js';
import { UuidParam } from '../common/validation.js';
import { CalendarLinkView } from './calendar.dto.js';
import { CalendarService } from './calendar.service.js';
import { AnyQuery } from '../common/unread-inputs.js';

@ApiTags('lecturers')
@ApiBearerAuth()
@Roles('admin', 'lecturer')
@Controller('lecturers')
export class CalendarLinkController {
  constructor(private readonly calendars: CalendarService) {}

  @Get(':id/calendar-link')
  @ApiOkResponse({
    type: CalendarLinkView,
    description: "the lecturer's secret iCalendar feed URL (that lecturer, or an admin whose scope holds them)",
  })
  link(@CurrentActor() actor: Actor, @UuidParam() id: string, @Req() req: Request): Promise<CalendarLinkView> {
    return this.calendars.link(actor, id, baseUrl(req));
  }

  @Post(':id/calendar-link/rotate')
  @HttpCode(200)
  @ApiOkResponse({ type: CalendarLinkView, description: 'a new feed URL; the old one answers 404 from now on' })
  rotate(@CurrentActor() actor: Actor, @UuidParam() id: string, @Req() req: Request): Promise<CalendarLinkView> {
    return this.calendars.rotate(actor, id, baseUrl(req));
  }
}

@ApiTags('calendar')
@Controller('calendar')
export class CalendarFeedController {
  constructor(private readonly calendars: CalendarService) {}

  /** The feed itself, for calendar apps: no bearer token, the secret in the URL is the credential. */
  @Get(':file')
  @Public()
  @AnyQuery()
  @ApiProduces('text/calendar')
  @ApiOkResponse({
    description: "iCalendar (RFC 5545) of the lecturer's accepted and given lectures, times in Asia/Shanghai",
    schema: { type: 'string' },
  })
  async feed(@Param('file') file: string, @Res() res: Response): Promise<void> {
    sendCalendar(res, await this.calendars.feed(file));
  }

  /** An admin's feed of a lecturer, while the account may see them: for a banner admin, lectures for branches outside its banner show only as busy time. */
  @Get(':lecturerId/:accountId/:file')
  @Public()
  @AnyQuery()
  @ApiProduces('text/calendar')
  @ApiOkResponse({ description: "iCalendar of the lecturer's lectures as the admin may see them now", schema: { type: 'string' } })
  async adminFeed(
    @Param('lecturerId') lecturerId: string,
    @Param('accountId') accountId: string,
    @Param('file') file: string,
    @Res() res: Response,
  ): Promise<void> {
    sendCalendar(res, await this.calendars.adminFeed(lecturerId, accountId, file));
  }
}

function sendCalendar(res: Response, body: string): void {
  res
    .status(200)
    .setHeader('Content-Type', 'text/calendar; charset=utf-8')
    .setHeader('Content-Disposition', 'inline; filename="lectures.ics"')
    // A secret URL: no shared cache may keep it.
    .setHeader('Cache-Control', 'private, no-cache')
    .setHeader('Referrer-Policy', 'no-referrer')
    .send(body);
}
