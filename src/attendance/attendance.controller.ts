import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import { problem } from '../common/problem.dto.js';
import type { Request, Response } from 'express';
import { type Actor, CurrentActor, Public, Roles } from '../auth/actor.js';
import { requestBaseUrl } from '../common/request-url.js';
import { clientAddress } from '../common/shared-rate-limiter.js';
import { PageQuery } from '../common/pagination.js';
import { UuidParam } from '../common/validation.js';
import { AttendeesPage, SignedInView, SignInDto, SignInSheetView } from './attendance.dto.js';
import { AttendanceService } from './attendance.service.js';

/** 201 when the attendee was recorded, 200 when the same person had signed already. */
const answer = (res: Response, view: SignedInView): SignedInView => {
  res.status(view.recorded ? 201 : 200);
  return view;
};

@ApiTags('orders')
@ApiBearerAuth()
@Controller('orders')
export class OrderAttendanceController {
  constructor(private readonly attendance: AttendanceService) {}

  @Get(':id/sign-in')
  @Roles('admin', 'lecturer')
  @ApiOkResponse({ type: SignInSheetView, description: 'the sign-in link and QR code of a booked lecture' })
  sheet(@CurrentActor() actor: Actor, @UuidParam() id: string, @Req() req: Request): Promise<SignInSheetView> {
    return this.attendance.sheet(actor, id, requestBaseUrl(req));
  }

  @Get(':id/attendees')
  @Roles('admin', 'branch', 'lecturer')
  @ApiOkResponse({ type: AttendeesPage, description: 'phones for admins only' })
  attendees(@CurrentActor() actor: Actor, @UuidParam() id: string, @Query() q: PageQuery): Promise<AttendeesPage> {
    return this.attendance.attendeesPage(actor, id, q);
  }

  @Post(':id/attendees')
  @Roles('lecturer')
  @ApiResponse({ status: 201, type: SignedInView, description: 'the booked lecturer adds a name by hand' })
  @ApiResponse({ status: 200, type: SignedInView, description: 'the same person was on the sheet already (counted once)' })
  async add(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Body() dto: SignInDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SignedInView> {
    return answer(res, await this.attendance.addByHand(actor, id, dto));
  }
}

@ApiTags('sign-in')
@Controller('sign-in')
export class SignInController {
  constructor(private readonly attendance: AttendanceService) {}

  @Post(':code')
  @Public()
  @HttpCode(201)
  @ApiResponse({ status: 201, type: SignedInView, description: 'an attendee signs in, no account needed' })
  @ApiResponse({ status: 200, type: SignedInView, description: 'the same name and phone signed in already (counted once)' })
  @ApiResponse(
    problem(
      410,
      'SIGN_IN_CLOSED: outside the window, from an hour before the start to three hours after the end, or once the lecture is reported given; SIGN_IN_LECTURE_CANCELLED: the lecture was cancelled',
    ),
  )
  async signIn(
    @Param('code') code: string,
    @Body() dto: SignInDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SignedInView> {
    return answer(res, await this.attendance.signIn(code, dto, clientAddress(req)));
  }
}
