import { Body, Controller, Get, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags, ApiCreatedResponse } from '@nestjs/swagger';
import { type Actor, CurrentActor, Roles } from '../auth/actor.js';
import { UuidParam } from '../common/validation.js';
import { AvailabilityDto, CreateLecturerDto, LecturerPage, LecturerQuery, LecturerView, UpdateLecturerDto } from './lecturers.dto.js';
import { LecturersService } from './lecturers.service.js';

@ApiTags('lecturers')
@ApiBearerAuth()
@Controller('lecturers')
export class LecturersController {
  constructor(private readonly lecturers: LecturersService) {}

  @Post()
  @Roles('admin')
  @ApiCreatedResponse({ type: LecturerView })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateLecturerDto) {
    return this.lecturers.create(actor, dto);
  }

  @Get()
  @Roles('admin', 'lecturer')
  @ApiOkResponse({ type: LecturerPage })
  list(@CurrentActor() actor: Actor, @Query() q: LecturerQuery) {
    return this.lecturers.list(actor, q);
  }

  @Get(':id')
  @Roles('admin', 'lecturer')
  @ApiOkResponse({ type: LecturerView })
  get(@CurrentActor() actor: Actor, @UuidParam() id: string) {
    return this.lecturers.get(actor, id);
  }

  @Patch(':id')
  @Roles('admin', 'lecturer')
  @ApiOkResponse({ type: LecturerView })
  update(@CurrentActor() actor: Actor, @UuidParam() id: string, @Body() dto: UpdateLecturerDto) {
    return this.lecturers.update(actor, id, dto);
  }

  @Get(':id/availability')
  @Roles('admin', 'lecturer')
  @ApiOkResponse({ type: AvailabilityDto })
  getAvailability(@CurrentActor() actor: Actor, @UuidParam() id: string) {
    return this.lecturers.getAvailability(actor, id);
  }

  @Put(':id/availability')
  @Roles('admin', 'lecturer')
  @ApiOkResponse({ type: AvailabilityDto })
  setAvailability(@CurrentActor() actor: Actor, @UuidParam() id: string, @Body() dto: AvailabilityDto) {
    return this.lecturers.setAvailability(actor, id, dto);
  }
}
