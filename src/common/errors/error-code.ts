/** Stable error codes of the HTTP contract, with the status each maps to. */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  BOOKING_CONFLICT: 409,
  MAINTENANCE_WINDOW: 409,
  ALREADY_ENROLLED: 409,
  PARTICIPANT_EXISTS: 409,
  METER_DECREASE: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  OUTSIDE_OPENING_HOURS: 422,
  MACHINE_UNAVAILABLE: 422,
  NOT_QUALIFIED: 422,
  IN_THE_PAST: 422,
  TOO_FAR_AHEAD: 422,
  PREREQUISITE_NOT_MET: 422,
  PARENTAL_CONSENT_REQUIRED: 422,
  INVALID_TRANSITION: 422,
  TOO_MANY_REQUESTS: 429,
  INTERNAL: 500,
  SERVICE_UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** The one error body of the contract. */
export interface ErrorBody {
  statusCode: number;
  error: ErrorCode;
  message: string;
  requestId: string;
  details?: unknown;
}

export interface FieldError {
  field: string;
  message: string;
}
