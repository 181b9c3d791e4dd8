import { ApiProperty, ApiPropertyOptional, type ApiResponseOptions, getSchemaPath } from '@nestjs/swagger';

export class FieldProblemView {
  @ApiProperty({ example: 'expectedAudience' }) field: string;
  @ApiProperty() message: string;
}

/** Every error's body (RFC 9457 problem details, `application/problem+json`), as `sendProblem` writes it. */
export class ProblemView {
  @ApiProperty({ example: 'https://grassland-pioneer.example/problems/order-already-accepted' }) type: string;
  @ApiProperty({ example: 'Conflict' }) title: string;
  @ApiProperty({ example: 409 }) status: number;
  @ApiProperty() detail: string;
  @ApiProperty({ example: 'ORDER_ALREADY_ACCEPTED', description: 'stable, UPPER_SNAKE' }) code: string;
  @ApiPropertyOptional({ description: 'the request path' }) instance?: string;
  @ApiPropertyOptional({ type: [FieldProblemView], description: 'the fields to fix, when the input is refused' })
  errors?: FieldProblemView[];
}

/** An error answer as the OpenAPI document shows it: problem+json with the ProblemView schema. */
export const problem = (status: number, description: string): ApiResponseOptions => ({
  status,
  description,
  content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemView) } } },
});

/** The error answers every route may give (api.md's status codes), documented once for the whole API. */
export const PROBLEM_RESPONSES: ApiResponseOptions[] = [
  problem(400, 'malformed or invalid input, unknown fields included (errors names the fields to fix)'),
  problem(401, 'no token, or a bad or ended one'),
  problem(403, 'the role may not do this'),
  problem(404, 'not found, or not yours'),
  problem(409, 'a state conflict: already accepted, the slot taken, a stale transition'),
  problem(413, 'a JSON body over 100 KB'),
  problem(415, 'a body that is not JSON in UTF-8 (or a compression the server does not read)'),
  problem(422, 'an Idempotency-Key reused with another body'),
  problem(429, 'rate limited (Retry-After says when to try again)'),
];
