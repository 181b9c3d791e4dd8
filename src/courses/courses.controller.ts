import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags, ApiCreatedResponse } from '@nestjs/swagger';
import { type Actor, CurrentActor, Roles } from '../auth/actor.js';
import { UuidParam } from '../common/validation.js';
import { CoursePage, CourseQuery, CourseView, CreateCourseDto, UpdateCourseDto } from './courses.dto.js';
import { CoursesService } from './courses.service.js';

@ApiTags('courses')
@ApiBearerAuth()
@Controller('courses')
export class CoursesController {
  constructor(private readonly courses: CoursesService) {}

  @Post()
  @Roles('admin')
  @ApiCreatedResponse({ type: CourseView })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateCourseDto) {
    return this.courses.create(actor, dto);
  }

  @Get()
  @Roles('admin', 'branch', 'lecturer')
  @ApiOkResponse({ type: CoursePage })
  list(@Query() q: CourseQuery) {
    return this.courses.list(q);
  }

  @Get(':id')
  @Roles('admin', 'branch', 'lecturer')
  @ApiOkResponse({ type: CourseView })
  get(@UuidParam() id: string) {
    return this.courses.get(id);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOkResponse({ type: CourseView })
  update(@CurrentActor() actor: Actor, @UuidParam() id: string, @Body() dto: UpdateCourseDto) {
    return this.courses.update(actor, id, dto);
  }
}
