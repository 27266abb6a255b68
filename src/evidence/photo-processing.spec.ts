import { describe, expect, it } from '@jest/globals';
import sharp from 'sharp';
import { DomainError } from '../common/errors/domain-error.js';
import { PHOTO_MAX_SIDE, preparePhoto, sniffPhotoFormat, THUMBNAIL_SIDE } from './photo-processing.js';

const solid = (width: number, height: number) => sharp({ create: { width, height, channels: 3, background: '#888' } });

describe('sniffPhotoFormat', () => {
  it('names JPEG, PNG, WebP and HEIF/AVIF from their first bytes, whatever else they claim', async () => {
    expect(sniffPhotoFormat(await solid(4, 4).jpeg().toBuffer())).toBe('jpeg');
    expect(sniffPhotoFormat(await solid(4, 4).png().toBuffer())).toBe('png');
    expect(sniffPhotoFormat(await solid(4, 4).webp().toBuffer())).toBe('webp');
    expect(sniffPhotoFormat(await solid(16, 16).avif().toBuffer())).toBe('heif');
  });

  it('refuses text, SVG, HTML, GIF, PDF and empty files', async () => {
    for (const text of ['hello', '<svg xmlns="http://www.w3.org/2000/svg"/>', '<!DOCTYPE html><p>x</p>', 'GIF89a....', '%PDF-1.7', '']) {
      expect(sniffPhotoFormat(Buffer.from(text))).toBeNull();
    }
  });
});

describe('preparePhoto', () => {
  it('bounds the longest side, makes a thumbnail and keeps no metadata', async () => {
    const input = await solid(3000, 1000).jpeg().withExif({ IFD0: { Make: 'UnitCam' } }).toBuffer();
    const photo = await preparePhoto(input);
    expect([photo.width, photo.height]).toEqual([PHOTO_MAX_SIDE, Math.round(PHOTO_MAX_SIDE / 3)]);
    expect(Math.max(photo.thumbnailWidth, photo.thumbnailHeight)).toBe(THUMBNAIL_SIDE);
    const meta = await sharp(photo.image).metadata();
    expect({ format: meta.format, exif: meta.exif, xmp: meta.xmp, icc: meta.icc }).toEqual({ format: 'jpeg', exif: undefined, xmp: undefined, icc: undefined });
    expect(photo.image.includes(Buffer.from('UnitCam'))).toBe(false);
  });

  it('keeps a small photo its size (never enlarged) and turns a sideways one upright', async () => {
    const sideways = await solid(60, 40).jpeg().withMetadata({ orientation: 8 }).toBuffer();
    const photo = await preparePhoto(sideways);
    expect([photo.width, photo.height]).toEqual([40, 60]);
  });

  it('is 415 for a file that is not an accepted photo, or a truncated one', async () => {
    const jpeg = await solid(100, 100).jpeg().toBuffer();
    for (const bytes of [Buffer.from('<svg/>'), jpeg.subarray(0, 20)]) {
      await expect(preparePhoto(bytes)).rejects.toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
      await expect(preparePhoto(bytes)).rejects.toBeInstanceOf(DomainError);
    }
  });
});
