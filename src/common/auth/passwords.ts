import { availableParallelism } from 'node:os';
import argon2 from 'argon2';
import pLimit from 'p-limit';

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

/**
 * Hashes computed at once. argon2 runs on libuv's thread pool (4 threads unless UV_THREADPOOL_SIZE
 * says otherwise), the pool SQLite's read connections (node-sqlite3) run on — every request's
 * guard reads there: 16 parallel bad logins took all of it for seconds and an authenticated GET
 * /api/machines went from 10 ms to 5 s. Half the cores (at least one, at most two) leave the
 * other threads to the database and a core to the event loop; further logins wait their turn
 * (they are slow on purpose).
 */
export const PASSWORD_HASHING_CONCURRENCY = Math.min(2, Math.max(1, Math.floor(availableParallelism() / 2)));
const hashing = pLimit(PASSWORD_HASHING_CONCURRENCY);

/** How many hashes run and wait right now (what the bound is about). */
export const hashingLoad = (): { running: number; waiting: number } => ({ running: hashing.activeCount, waiting: hashing.pendingCount });

export const hashPassword = (password: string): Promise<string> =>
  hashing(() => argon2.hash(password, { type: argon2.argon2id }));

export const verifyPassword = async (hash: string, password: string): Promise<boolean> => {
  try {
    return await hashing(() => argon2.verify(hash, password));
  } catch {
    return false;
  }
};
