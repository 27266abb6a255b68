import { createHash, randomBytes } from 'node:crypto';

/** 32 symbols that cannot be mistaken for one another when read aloud or copied (no I, O, 0, 1). */
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const LENGTH = 12; // 60 bits

/** A code a facilitator can read out to a young person: `K7QM-4XPA-9TRD`. */
export function newActivationCode(): string {
  const symbols = [...randomBytes(LENGTH)].map((byte) => ALPHABET[byte % ALPHABET.length]).join('');
  return `${symbols.slice(0, 4)}-${symbols.slice(4, 8)}-${symbols.slice(8)}`;
}

/** Case, spaces and dashes do not matter when the code is typed back. */
export const normaliseActivationCode = (code: string): string => code.toUpperCase().replace(/[^A-Z0-9]/g, '');

/** Only this is stored. */
export const hashActivationCode = (code: string): string =>
  createHash('sha256').update(normaliseActivationCode(code)).digest('hex');
