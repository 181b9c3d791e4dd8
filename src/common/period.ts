import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { DAY_MS, LOCAL_OFFSET_MS } from '../kernel/time.js';
import { validationFailed } from './domain-error.js';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
export const DATE_OR_DATETIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** `?from=&to=`: calendar dates in Asia/Shanghai (both inclusive) or full ISO date-times with offset. */
export class PeriodQuery {
  @ApiPropertyOptional({ example: '2026-01-01', description: 'YYYY-MM-DD (Asia/Shanghai, inclusive) or ISO date-time' })
  @IsOptional()
  @Matches(DATE_OR_DATETIME, { message: 'from must be YYYY-MM-DD or an ISO date-time with offset' })
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-31', description: 'YYYY-MM-DD (Asia/Shanghai, inclusive) or ISO date-time' })
  @IsOptional()
  @Matches(DATE_OR_DATETIME, { message: 'to must be YYYY-MM-DD or an ISO date-time with offset' })
  to?: string;
}

function instant(value: string, field: string, endOfDay: boolean): Date {
  if (DATE_ONLY.test(value)) {
    const [y, m, d] = value.split('-').map(Number);
    const midnight = Date.UTC(y, m - 1, d) - LOCAL_OFFSET_MS;
    const check = new Date(Date.UTC(y, m - 1, d));
    if (check.getUTCFullYear() !== y || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) {
      throw validationFailed([{ field, message: `${field} is not a calendar date` }]);
    }
    return new Date(endOfDay ? midnight + DAY_MS : midnight);
  }
  const t = new Date(value);
  if (Number.isNaN(t.getTime())) throw validationFailed([{ field, message: `${field} is not a valid date-time` }]);
  return t;
}

/** The half-open instant range [from, to) a period query means; to before from is a 400. */
export function resolvePeriod(q: PeriodQuery): { from?: Date; to?: Date } {
  const from = q.from === undefined ? undefined : instant(q.from, 'from', false);
  const to = q.to === undefined ? undefined : instant(q.to, 'to', true);
  if (from && to && to <= from) throw validationFailed([{ field: 'to', message: 'to must not be before from' }]);
  return { from, to };
}
