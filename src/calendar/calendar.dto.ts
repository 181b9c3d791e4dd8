import { ApiProperty } from '@nestjs/swagger';

export class CalendarLinkView {
  @ApiProperty({
    example: 'https://example.org/api/v1/calendar/3q2-7wGxk1mVb0Yp9tqJ4bqvQmQk1Yx3n8sRk2hZ0aE.ics',
    description: "the lecturer's private iCalendar feed: fetched without a token, so keep it secret; rotating replaces it",
  })
  url: string;
}
