import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { EntityNotFoundError, QueryFailedError } from 'typeorm';
import { DomainError } from './domain-error.js';
import { ERROR_STATUS, type ErrorBody, type ErrorCode } from './error-code.js';
import { isUniqueViolation } from './database-errors.js';
import { WebExceptionFilter } from '../../web/shell/web-exception.filter.js';

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'TOO_MANY_REQUESTS',
  503: 'SERVICE_UNAVAILABLE',
};

/** Every 429 says when to come back (RFC 9110 Retry-After, in seconds); a minute when the cause did not say. */
const retryAfterOf = (details: unknown): number => {
  const seconds = (details as { retryAfter?: unknown } | undefined)?.retryAfter;
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : 60;
};

/**
 * The one place errors become HTTP responses. Domain errors keep their code; framework errors
 * are mapped by status; anything else is a 500 with a generic message, logged with the request
 * id — never a stack trace or SQL in the response.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');
  private readonly pages = new WebExceptionFilter();

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request & { id?: string }>();
    const response = http.getResponse<Response>();
    // Outside the API (an unknown address under the web app's paths): a page for people, not JSON.
    const path = request.originalUrl.split('?')[0].toLowerCase(); // Express routes ignore case
    if (path !== '/api' && !path.startsWith('/api/')) return this.pages.catch(exception, host);
    const requestId = String(request.id ?? response.getHeader('x-request-id') ?? '');

    const body = this.toBody(exception, requestId);
    if (body.statusCode >= 500) {
      this.logger.error(
        { requestId, err: exception instanceof Error ? { name: exception.name, message: exception.message, stack: exception.stack } : String(exception) },
        'Unhandled error',
      );
    }
    if (!response.headersSent) {
      if (body.statusCode === 429) response.setHeader('Retry-After', String(retryAfterOf(body.details)));
      // A file route's @Header('Content-Type') is already set: its error is still JSON, not a "CSV" or an "image".
      response.removeHeader('Content-Disposition');
      response.status(body.statusCode).type('application/json').json(body);
    }
  }

  private toBody(exception: unknown, requestId: string): ErrorBody {
    if (exception instanceof DomainError) {
      return this.body(exception.code, exception.message, requestId, exception.details);
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code = CODE_BY_STATUS[status] ?? (status >= 500 ? 'INTERNAL' : 'VALIDATION_FAILED');
      if (code === 'INTERNAL') return this.body('INTERNAL', 'Internal error', requestId);
      const message = status === 404 ? 'Not found' : this.messageOf(exception);
      return { ...this.body(code, message, requestId), statusCode: status };
    }
    if (exception instanceof EntityNotFoundError) {
      return this.body('NOT_FOUND', 'Not found', requestId);
    }
    if (exception instanceof QueryFailedError && isUniqueViolation(exception)) {
      return this.body('CONFLICT', 'This record conflicts with an existing one', requestId);
    }
    return this.body('INTERNAL', 'Internal error', requestId);
  }

  private messageOf(exception: HttpException): string {
    const response = exception.getResponse();
    if (typeof response === 'string') return response;
    const message = (response as { message?: unknown }).message;
    if (Array.isArray(message)) return message.join('; ');
    return typeof message === 'string' ? message : exception.message;
  }

  private body(code: ErrorCode, message: string, requestId: string, details?: unknown): ErrorBody {
    const body: ErrorBody = { statusCode: ERROR_STATUS[code], error: code, message, requestId };
    if (details !== undefined) body.details = details;
    return body;
  }
}
