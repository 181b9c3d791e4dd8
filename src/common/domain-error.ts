/** One field's problem in a rejected input. */
export interface FieldError {
  field: string;
  message: string;
}

/**
 * An error the API answers on purpose: a stable UPPER_SNAKE `code`, an HTTP status and a
 * human-readable detail. Each feature declares its own codes (see `*.errors.ts`); `ErrorCode` in
 * `src/i18n/error-codes.ts` is the union of them all.
 */
export class DomainError<C extends string = string> extends Error {
  /** Set on a refusal by a limit: the seconds to wait, sent as Retry-After. */
  retryAfterSeconds?: number;

  constructor(
    readonly code: C,
    readonly status: number,
    readonly detail: string,
    readonly errors?: FieldError[],
  ) {
    super(detail);
    this.name = 'DomainError';
  }
}

/** Makes one error of a catalogue; `detail` replaces the default detail, `field` the field it is about. */
export type ErrorFactory<C extends string> = (detail?: string, field?: string) => DomainError<C>;

/** A feature's errors: `code → factory`, each factory typed by its own code. */
export type ErrorCatalogue<K extends string> = { readonly [C in K]: ErrorFactory<C> };

/** The codes a catalogue declares: `CodesOf<typeof OrderErrors>`. */
export type CodesOf<T> = keyof T & string;

/**
 * Builds a feature's error catalogue: `code → (detail) => DomainError`, so codes are declared once. An error
 * about one input field names it (`field`): the answer's `errors` then lists it, as a validation failure would.
 */
export function errorCatalogue<K extends string>(
  entries: Record<K, { status: number; detail: string; field?: string }>,
): ErrorCatalogue<K> {
  const out = {} as Record<K, ErrorFactory<K>>;
  for (const code of Object.keys(entries) as K[]) {
    const entry = entries[code];
    out[code] = (more?: string, field = entry.field) => {
      const detail = more ?? entry.detail;
      return new DomainError(code, entry.status, detail, field === undefined ? undefined : [{ field, message: detail }]);
    };
  }
  return out as ErrorCatalogue<K>;
}

/** Errors shared by every feature: input, auth, routing. */
export const CommonErrors = errorCatalogue({
  VALIDATION_FAILED: { status: 400, detail: 'The request is invalid.' },
  MALFORMED_JSON: { status: 400, detail: 'The request body is not valid JSON.' },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    detail: 'Send the body as application/json; imports and evidence photos as multipart/form-data, the file in its field.',
  },
  PAYLOAD_TOO_LARGE: { status: 413, detail: 'The request body is larger than 100 KB.' },
  REQUEST_HEADERS_TOO_LARGE: { status: 431, detail: 'The request headers are larger than 16 KB.' },
  REQUEST_TIMEOUT: { status: 408, detail: 'The request took too long to arrive; send it again.' },
  UNAUTHENTICATED: { status: 401, detail: 'A valid bearer token is required.' },
  FORBIDDEN: { status: 403, detail: 'Your role may not do this.' },
  ROUTE_NOT_FOUND: { status: 404, detail: 'There is no such route.' },
  METHOD_NOT_ALLOWED: { status: 405, detail: 'This route does not accept that method.' },
  RATE_LIMITED: { status: 429, detail: 'Too many requests; try again later.' },
  CONFLICT: { status: 409, detail: 'The request conflicts with the current state; reload and try again.' },
  INTERNAL_ERROR: { status: 500, detail: 'Something went wrong on our side; it has been logged.' },
  SERVICE_UNAVAILABLE: { status: 503, detail: 'The database is not reachable right now; try again shortly.' },
});

/**
 * A refusal by a limit that frees up in `msBeforeNext` ms (rate-limiter-flexible's RateLimiterRes says when): the
 * wait in `Retry-After` and in words, a minute for one limit, up to an hour for logins from a locked address.
 */
export function rateLimited(msBeforeNext: number): DomainError<'RATE_LIMITED'> {
  const seconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  const minutes = Math.ceil(seconds / 60);
  const wait = seconds < 60 ? `${seconds} s` : `${minutes} minute${minutes === 1 ? '' : 's'}`;
  const error = CommonErrors.RATE_LIMITED(`Too many requests; try again in ${wait}.`);
  error.retryAfterSeconds = seconds;
  return error;
}

export function validationFailed(errors: FieldError[]): DomainError<'VALIDATION_FAILED'> {
  const fields = [...new Set(errors.map((e) => e.field))].join(', ');
  return new DomainError('VALIDATION_FAILED', 400, `Invalid input: ${fields}.`, errors);
}
