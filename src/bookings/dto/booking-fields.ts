import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsOptional, IsUUID } from 'class-validator';

/** Shared wording and helpers of the bookings DTOs. */
export const INSTANT = 'an ISO 8601 date-time (without an offset: local time in APP_TIMEZONE)';
export const MAX_PARTICIPANTS = 60;

export const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** `['a','A','b']` → `['a','b']` (ids are compared lower-cased). */
export const uniqueIds = ({ value }: { value: unknown }) =>
  Array.isArray(value) ? [...new Set(value.map((v) => (typeof v === 'string' ? v.toLowerCase() : v)))] : value;

/** Ids are compared lower-cased (path ids go through UuidPipe, which lower-cases them too). */
export const lowerCase = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.toLowerCase() : value);

/** An optional list of participant ids: de-duplicated, lower-cased, at most MAX_PARTICIPANTS. */
export const ParticipantIdsField = (description?: string) =>
  applyDecorators(
    ApiPropertyOptional({ type: [String], ...(description ? { description } : {}) }),
    IsOptional(),
    Transform(uniqueIds),
    IsArray(),
    ArrayMaxSize(MAX_PARTICIPANTS),
    IsUUID('all', { each: true, message: 'participantIds must be participant ids' }),
  );

/** An optional partner id, lower-cased. */
export const PartnerIdField = (description: string) =>
  applyDecorators(
    ApiPropertyOptional({ description }),
    IsOptional(),
    Transform(lowerCase),
    IsUUID('all', { message: 'partnerId must be a partner id' }),
  );
