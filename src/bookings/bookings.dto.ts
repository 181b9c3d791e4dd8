import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { PageFields, PageQuery } from '../common/pagination.js';
import { PeriodQuery } from '../common/period.js';

/** A lecturer's schedule: its period (`?from&to`) and its page (`?limit&offset`, or `&cursor`), as every list. */
export class ScheduleQuery extends IntersectionType(PageQuery, PeriodQuery) {}

/** An accepted lecture; one outside a banner admin's scope shows only as `busy` time. */
export class ScheduleEntryView {
  @ApiPropertyOptional({ description: 'busy time: a lecture outside your scope, shown without its details' }) busy?: true;
  @ApiProperty() startsAt: string;
  @ApiProperty() endsAt: string;
  @ApiPropertyOptional({ format: 'uuid' }) orderId?: string;
  @ApiPropertyOptional() title?: string;
  @ApiPropertyOptional() format?: string;
  @ApiPropertyOptional() status?: string;
  @ApiPropertyOptional({ format: 'uuid' }) branchId?: string;
  @ApiPropertyOptional() branchName?: string;
  @ApiPropertyOptional() expectedAudience?: number;
}

export class SchedulePage extends PageFields {
  @ApiProperty({ type: [ScheduleEntryView] }) items: ScheduleEntryView[];
}
