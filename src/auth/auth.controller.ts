import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { LimitPerUsername } from '../common/rate-limit.guard.js';
import { clientAddress } from '../common/shared-rate-limiter.js';
import { type Actor, CurrentActor, Public, Roles } from './actor.js';
import { AccountView, LoginDto, LoginResponse } from './auth.dto.js';
import { AuthService } from './auth.service.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @LimitPerUsername()
  @ApiOkResponse({ type: LoginResponse })
  login(@Body() dto: LoginDto, @Req() req: Request) {
    return this.auth.login(dto.username, dto.password, clientAddress(req));
  }

  @Get('me')
  @ApiBearerAuth()
  @Roles('admin', 'branch', 'lecturer')
  @ApiOkResponse({ type: AccountView })
  me(@CurrentActor() actor: Actor) {
    return this.auth.me(actor);
  }
}
