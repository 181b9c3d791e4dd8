import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags, ApiCreatedResponse } from '@nestjs/swagger';
import { type Actor, CurrentActor, Roles } from '../auth/actor.js';
import { UuidParam } from '../common/validation.js';
import { BranchPage, BranchQuery, BranchView, CreateBranchDto, UpdateBranchDto } from './branches.dto.js';
import { BranchesService } from './branches.service.js';

@ApiTags('branches')
@ApiBearerAuth()
@Controller('branches')
export class BranchesController {
  constructor(private readonly branches: BranchesService) {}

  @Post()
  @Roles('admin')
  @ApiCreatedResponse({ type: BranchView })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateBranchDto) {
    return this.branches.create(actor, dto);
  }

  @Get()
  @Roles('admin', 'branch')
  @ApiOkResponse({ type: BranchPage })
  list(@CurrentActor() actor: Actor, @Query() q: BranchQuery) {
    return this.branches.list(actor, q);
  }

  @Get(':id')
  @Roles('admin', 'branch')
  @ApiOkResponse({ type: BranchView })
  get(@CurrentActor() actor: Actor, @UuidParam() id: string) {
    return this.branches.get(actor, id);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOkResponse({ type: BranchView })
  update(@CurrentActor() actor: Actor, @UuidParam() id: string, @Body() dto: UpdateBranchDto) {
    return this.branches.update(actor, id, dto);
  }
}
