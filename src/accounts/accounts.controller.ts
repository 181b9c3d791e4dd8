import { Body, Controller, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { UuidParam } from '../common/validation.js';
import { ApiBearerAuth, ApiOkResponse, ApiTags, ApiCreatedResponse } from '@nestjs/swagger';
import { type Actor, CurrentActor, Roles } from '../auth/actor.js';
import { AccountView } from '../auth/auth.dto.js';
import { AccountDetailView, AccountPage, AccountQuery, CreateAccountDto, TemporaryPasswordView, UpdateAccountDto } from './accounts.dto.js';
import { AccountsService } from './accounts.service.js';

@ApiTags('accounts')
@ApiBearerAuth()
@Controller('accounts')
export class AccountsController {
  constructor(private readonly accounts: AccountsService) {}

  @Post()
  @Roles('admin')
  @ApiCreatedResponse({ type: AccountView })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateAccountDto) {
    return this.accounts.create(actor, dto);
  }

  @Get()
  @Roles('admin')
  @ApiOkResponse({ type: AccountPage })
  list(@CurrentActor() actor: Actor, @Query() q: AccountQuery) {
    return this.accounts.list(actor, q);
  }

  @Get(':id')
  @Roles('admin')
  @ApiOkResponse({ type: AccountDetailView })
  get(@CurrentActor() actor: Actor, @UuidParam() id: string) {
    return this.accounts.get(actor, id);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOkResponse({ type: AccountDetailView })
  update(@CurrentActor() actor: Actor, @UuidParam() id: string, @Body() dto: UpdateAccountDto) {
    return this.accounts.update(actor, id, dto);
  }

  @Post(':id/reset-password')
  @Roles('admin')
  @HttpCode(200)
  @ApiOkResponse({ type: TemporaryPasswordView })
  resetPassword(@CurrentActor() actor: Actor, @UuidParam() id: string) {
    return this.accounts.resetPassword(actor, id);
  }
}
