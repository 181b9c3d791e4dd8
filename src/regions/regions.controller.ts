import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags, ApiCreatedResponse } from '@nestjs/swagger';
import { type Actor, CurrentActor, Roles } from '../auth/actor.js';
import { UuidParam } from '../common/validation.js';
import { CreateRegionDto, RegionPage, RegionQuery, RegionView, UpdateRegionDto } from './regions.dto.js';
import { RegionsService } from './regions.service.js';

@ApiTags('regions')
@ApiBearerAuth()
@Roles('admin')
@Controller('regions')
export class RegionsController {
  constructor(private readonly regions: RegionsService) {}

  @Post()
  @ApiCreatedResponse({ type: RegionView })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateRegionDto) {
    return this.regions.create(actor, dto);
  }

  @Get()
  @ApiOkResponse({ type: RegionPage })
  list(@CurrentActor() actor: Actor, @Query() q: RegionQuery) {
    return this.regions.list(actor, q);
  }

  @Get(':id')
  @ApiOkResponse({ type: RegionView })
  get(@CurrentActor() actor: Actor, @UuidParam() id: string) {
    return this.regions.get(actor, id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: RegionView })
  update(@CurrentActor() actor: Actor, @UuidParam() id: string, @Body() dto: UpdateRegionDto) {
    return this.regions.update(actor, id, dto);
  }
}
