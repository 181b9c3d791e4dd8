import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor, Roles } from '../auth/actor.js';
import { UuidParam } from '../common/validation.js';
import { CandidatesQuery, CandidatesView, RunDto, RunPage, RunQuery, RunView } from './scheduling.dto.js';
import { SchedulingRunsService } from './scheduling-runs.service.js';

@ApiTags('scheduling')
@ApiBearerAuth()
@Roles('admin')
@Controller()
export class SchedulingRunsController {
  constructor(private readonly runs: SchedulingRunsService) {}

  @Post('scheduling/runs')
  @HttpCode(201)
  @ApiCreatedResponse({ type: RunView })
  run(@CurrentActor() actor: Actor, @Body() dto: RunDto) {
    return this.runs.run(actor, dto);
  }

  @Get('scheduling/runs')
  @ApiOkResponse({ type: RunPage })
  list(@CurrentActor() actor: Actor, @Query() q: RunQuery) {
    return this.runs.list(actor, q);
  }

  @Get('scheduling/runs/:id')
  @ApiOkResponse({ type: RunView })
  get(@CurrentActor() actor: Actor, @UuidParam() id: string) {
    return this.runs.get(actor, id);
  }

  @Get('orders/:id/candidates')
  @ApiOkResponse({ type: CandidatesView })
  candidates(@CurrentActor() actor: Actor, @UuidParam() id: string, @Query() q: CandidatesQuery) {
    return this.runs.candidates(actor, id, q.limit);
  }
}
