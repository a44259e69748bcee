// The API's one error shape, {"error": {"code", "message", "fields"?}}, as a thrown value.

export type FieldErrors = Record<string, string[]>;

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: FieldErrors;
  /** From Retry-After on 429 answers. */
  readonly retryAfterSeconds: number | null;

  constructor(
    status: number,
    code: string,
    message: string,
    options: { fields?: FieldErrors; retryAfterSeconds?: number | null } = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fields = options.fields ?? {};
    this.retryAfterSeconds = options.retryAfterSeconds ?? null;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

const FALLBACK_MESSAGES: Record<number, string> = {
  0: 'Could not reach Alva. Check your connection and try again.',
  401: 'Your session has ended. Log in again.',
  403: 'You do not have permission to do this.',
  404: 'Not found.',
  429: 'Too many requests. Try again in a moment.',
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseFields(value: unknown): FieldErrors {
  if (!isRecord(value)) return {};
  const fields: FieldErrors = {};
  for (const [name, messages] of Object.entries(value)) {
    if (Array.isArray(messages)) fields[name] = messages.map(String);
  }
  return fields;
}

function parseRetryAfter(header: string | null): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/** Build an ApiError from a non-2xx response and its (already parsed) body. */
export function apiErrorFrom(response: Response, body: unknown): ApiError {
  const error = isRecord(body) && isRecord(body.error) ? body.error : {};
  const status = response.status;
  const message =
    typeof error.message === 'string' && error.message
      ? error.message
      : (FALLBACK_MESSAGES[status] ?? 'Something went wrong. Try again.');
  return new ApiError(
    status,
    typeof error.code === 'string' ? error.code : `http_${status}`,
    message,
    {
      fields: parseFields(error.fields),
      retryAfterSeconds: parseRetryAfter(response.headers.get('Retry-After')),
    },
  );
}

export function networkError(): ApiError {
  return new ApiError(0, 'network_error', FALLBACK_MESSAGES[0] ?? '');
}

/** A sentence for any error a query or mutation threw. */
export function errorMessage(error: unknown): string {
  if (isApiError(error)) return error.message;
  return 'Something went wrong. Try again.';
}
