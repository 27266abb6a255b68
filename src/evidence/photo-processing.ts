import sharp from 'sharp';
import { DomainError } from '../common/errors/domain-error.js';

/** The photo formats accepted as evidence, named as sharp names them. */
export const PHOTO_FORMATS = ['jpeg', 'png', 'webp', 'heif'] as const;
export type PhotoFormat = (typeof PHOTO_FORMATS)[number];

/** The stored photo's longest side, and the thumbnail's (lists, the person's timeline). */
export const PHOTO_MAX_SIDE = 2048;
export const THUMBNAIL_SIDE = 320;
/** Larger pictures are refused before being decoded (a small file can expand into gigabytes). */
const MAX_INPUT_PIXELS = 50_000_000;

export interface PreparedPhoto {
  /** What the upload really was, from its bytes. */
  sourceFormat: PhotoFormat;
  /** The photo as stored: JPEG, upright, no metadata, at most PHOTO_MAX_SIDE on its longest side. */
  image: Buffer;
  width: number;
  height: number;
  thumbnail: Buffer;
  thumbnailWidth: number;
  thumbnailHeight: number;
}

/**
 * The format of an upload from its first bytes (magic numbers), whatever its name or declared
 * type: JPEG, PNG, WebP, or HEIF/AVIF (what phones take). Anything else (SVG, HTML, text, PDF,
 * GIF…) is null.
 */
export function sniffPhotoFormat(bytes: Buffer): PhotoFormat | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') return 'webp';
  if (bytes.length >= 12 && bytes.toString('latin1', 4, 8) === 'ftyp') {
    const brand = bytes.toString('latin1', 8, 12);
    if (['heic', 'heix', 'hevc', 'heim', 'heis', 'mif1', 'msf1', 'avif', 'avis'].includes(brand)) return 'heif';
  }
  return null;
}

const unsupported = () =>
  new DomainError('UNSUPPORTED_MEDIA_TYPE', 'The photo must be a JPEG, PNG, WebP or HEIF/AVIF image', { accepted: ['image/jpeg', 'image/png', 'image/webp', 'image/heif', 'image/avif'] });

/**
 * Checks an upload from its content and re-encodes it: turned upright as its EXIF orientation
 * says, then written anew as JPEG without any metadata (no EXIF, GPS position, XMP, ICC or
 * comment survives: sharp keeps none unless asked), its longest side bounded, and a thumbnail.
 * Not an image of an accepted type, or not decodable → 415 UNSUPPORTED_MEDIA_TYPE.
 */
export async function preparePhoto(bytes: Buffer): Promise<PreparedPhoto> {
  const sniffed = sniffPhotoFormat(bytes);
  if (!sniffed) throw unsupported();
  const options = { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' as const };
  try {
    const metadata = await sharp(bytes, options).metadata();
    if (metadata.format !== sniffed) throw unsupported();
    const upright = () => sharp(bytes, options).rotate();
    const [image, thumbnail] = await Promise.all([
      upright()
        .resize({ width: PHOTO_MAX_SIDE, height: PHOTO_MAX_SIDE, fit: 'inside', withoutEnlargement: true })
        .jpeg({ quality: 82, mozjpeg: true })
        .toBuffer({ resolveWithObject: true }),
      upright()
        .resize({ width: THUMBNAIL_SIDE, height: THUMBNAIL_SIDE, fit: 'inside', withoutEnlargement: true })
        .jpeg({ quality: 70, mozjpeg: true })
        .toBuffer({ resolveWithObject: true }),
    ]);
    return {
      sourceFormat: sniffed,
      image: image.data,
      width: image.info.width,
      height: image.info.height,
      thumbnail: thumbnail.data,
      thumbnailWidth: thumbnail.info.width,
      thumbnailHeight: thumbnail.info.height,
    };
  } catch (error) {
    if (error instanceof DomainError) throw error;
    // Truncated, corrupt or too large to decode: not a photo we can keep.
    throw unsupported();
  }
}
