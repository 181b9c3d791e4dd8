/** One field's problem in a rejected input. */
export interface FieldError {
  field: string;
  message: string;
}

/**
 * An error the API answers on purpose: a stable UPPER_SNAKE `code`, an HTTP status and a
 * human-readable detail. Each feature declares its own codes (see `*.errors.ts`).
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    readonly detail: string,
    readonly errors?: FieldError[],
  ) {
    super(detail);
    this.name = 'DomainError';
  }
}

/** Builds a feature's error catalogue: `code → (detail) => DomainError`, so codes are declared once. */
export function errorCatalogue<K extends string>(entries: Record<K, { status: number; detail: string }>) {
  const out = {} as Record<K, (detail?: string) => DomainError>;
  for (const code of Object.keys(entries) as K[]) {
    const { status, detail } = entries[code];
    out[code] = (more?: string) => new DomainError(code, status, more ?? detail);
  }
  return out;
}

/** Errors shared by every feature: input, auth, routing. */
export const CommonErrors = errorCatalogue({
  VALIDATION_FAILED: { status: 400, detail: 'The request is invalid.' },
  MALFORMED_JSON: { status: 400, detail: 'The request body is not valid JSON.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, detail: 'Send the body as application/json.' },
  PAYLOAD_TOO_LARGE: { status: 413, detail: 'The request body is larger than 100 KB.' },
  UNAUTHENTICATED: { status: 401, detail: 'A valid bearer token is required.' },
  FORBIDDEN: { status: 403, detail: 'Your role may not do this.' },
  ROUTE_NOT_FOUND: { status: 404, detail: 'There is no such route.' },
  METHOD_NOT_ALLOWED: { status: 405, detail: 'This route does not accept that method.' },
  RATE_LIMITED: { status: 429, detail: 'Too many requests; try again in a minute.' },
  CONFLICT: { status: 409, detail: 'The request conflicts with the current state; reload and try again.' },
  INTERNAL_ERROR: { status: 500, detail: 'Something went wrong on our side; it has been logged.' },
  SERVICE_UNAVAILABLE: { status: 503, detail: 'The database is not reachable right now; try again shortly.' },
});

export function validationFailed(errors: FieldError[]): DomainError {
  const fields = [...new Set(errors.map((e) => e.field))].join(', ');
  return new DomainError('VALIDATION_FAILED', 400, `Invalid input: ${fields}.`, errors);
}
