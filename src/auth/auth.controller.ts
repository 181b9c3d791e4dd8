import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { clientAddress } from '../common/shared-rate-limiter.js';
import { type Actor, AllowedBeforePasswordChange, CurrentActor, Public, Roles, type TokenClaims } from './actor.js';
import { AccountView, ChangePasswordDto, LoginDto, LoginResponse } from './auth.dto.js';
import { AuthService } from './auth.service.js';
import { requestClaims } from './token-verification.js';
import type { SessionFlags } from './auth.guard.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly jwt: JwtService,
  ) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOkResponse({ type: LoginResponse })
  login(@Body() dto: LoginDto, @Req() req: Request) {
    return this.auth.login(dto.username, dto.password, clientAddress(req));
  }

  @Get('me')
  @ApiBearerAuth()
  @Roles('admin', 'branch', 'lecturer')
  @AllowedBeforePasswordChange()
  @ApiOkResponse({ type: AccountView })
  me(@CurrentActor() actor: Actor, @Req() req: SessionFlags) {
    return this.auth.me(actor, req.passwordChangeRequired === true);
  }

  @Post('password')
  @ApiBearerAuth()
  @Roles('admin', 'branch', 'lecturer')
  @AllowedBeforePasswordChange()
  @HttpCode(204)
  @ApiNoContentResponse({ description: "changed; the account's other tokens stop working, this one goes on" })
  async changePassword(@CurrentActor() actor: Actor, @Body() dto: ChangePasswordDto, @Req() req: Request): Promise<void> {
    await this.auth.changePassword(actor, (await this.claimsOf(req)).sid, dto.currentPassword, dto.newPassword);
  }

  @Post('logout')
  @ApiBearerAuth()
  @Roles('admin', 'branch', 'lecturer')
  @AllowedBeforePasswordChange()
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'this token stops working' })
  async logout(@CurrentActor() actor: Actor, @Req() req: Request): Promise<void> {
    await this.auth.logout(actor, await this.claimsOf(req));
  }

  /** The guard verified them already (once per request). */
  private async claimsOf(req: Request): Promise<TokenClaims & { exp: number }> {
    return (await requestClaims<TokenClaims & { exp: number }>(this.jwt, req)) as TokenClaims & { exp: number };
  }
}
