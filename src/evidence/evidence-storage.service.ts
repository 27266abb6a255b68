import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';

export type PhotoVariant = 'photo' | 'thumbnail';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The photo files under EVIDENCE_DIR, named only from the photo's random id (checked to be a
 * UUID, so no path can be smuggled in): `<id>.jpg` and `<id>.thumb.jpg`, readable by the
 * server's user only. Written to a temporary name, then renamed: never half a file.
 */
@Injectable()
export class EvidenceStorage {
  readonly dir: string;

  constructor(config: AppConfig) {
    this.dir = config.evidenceDir;
  }

  fileOf(id: string, variant: PhotoVariant): string {
    if (!UUID.test(id)) throw new Error('evidence photo ids are UUIDs');
    return join(this.dir, variant === 'photo' ? `${id}.jpg` : `${id}.thumb.jpg`);
  }

  async write(id: string, photo: Buffer, thumbnail: Buffer): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    for (const [variant, bytes] of [['photo', photo], ['thumbnail', thumbnail]] as const) {
      const file = this.fileOf(id, variant);
      await writeFile(`${file}.tmp`, bytes, { mode: 0o600 });
      await rename(`${file}.tmp`, file);
    }
  }

  read(id: string, variant: PhotoVariant): Promise<Buffer> {
    return readFile(this.fileOf(id, variant));
  }

  async remove(id: string): Promise<void> {
    for (const variant of ['photo', 'thumbnail'] as const) {
      const file = this.fileOf(id, variant);
      await rm(file, { force: true });
      await rm(`${file}.tmp`, { force: true });
    }
  }
}
