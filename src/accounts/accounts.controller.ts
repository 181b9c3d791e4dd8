import { Body, Controller, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor, Roles } from '../auth/actor.js';
import { AccountView } from '../auth/auth.dto.js';
import { CreateAccountDto } from './accounts.dto.js';
import { AccountsService } from './accounts.service.js';

@ApiTags('accounts')
@ApiBearerAuth()
@Controller('accounts')
export class AccountsController {
  constructor(private readonly accounts: AccountsService) {}

  @Post()
  @Roles('admin')
  @ApiOkResponse({ type: AccountView })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateAccountDto) {
    return this.accounts.create(actor, dto);
  }
}
