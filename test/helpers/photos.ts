import { readdirSync } from 'node:fs';
import sharp from 'sharp';

/** The GPS IFD pointer tag (0x8825), in either byte order: present when an EXIF block holds a position. */
const GPS_POINTER = [Buffer.from([0x88, 0x25]), Buffer.from([0x25, 0x88])];

/**
 * A JPEG as a phone takes it: 1200×800 stored sideways with EXIF orientation 6 (turn 90° to
 * show it), the camera's make, and the GPS position where it was taken.
 */
export async function phoneJpeg(): Promise<Buffer> {
  return sharp({ create: { width: 1200, height: 800, channels: 3, background: '#d2691e' } })
    .composite([{ input: { create: { width: 300, height: 800, channels: 3, background: '#1e3a8a' } }, left: 0, top: 0 }])
    .jpeg()
    .withMetadata({ orientation: 6 })
    .withExif({
      IFD0: { Make: 'PhoneCamTest', Model: 'GPS-Leaker 3000' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '45/1 34/1 1234/100', GPSLongitudeRef: 'E', GPSLongitude: '5/1 55/1 4321/100' },
    })
    .toBuffer();
}

/** Whether an image carries any metadata block: EXIF (and so GPS), XMP, ICC, IPTC or a comment. */
export async function metadataOf(bytes: Buffer) {
  const m = await sharp(bytes).metadata();
  return {
    format: m.format,
    width: m.width,
    height: m.height,
    orientation: m.orientation ?? null,
    exif: Boolean(m.exif),
    gps: Boolean(m.exif && GPS_POINTER.some((tag) => m.exif!.includes(tag))),
    xmp: Boolean(m.xmp),
    icc: Boolean(m.icc),
    iptc: Boolean(m.iptc),
    comments: m.comments?.length ?? 0,
    /** The camera's name, found anywhere in the bytes. */
    camera: bytes.includes(Buffer.from('PhoneCamTest')),
  };
}

export const filesIn = (dir: string): string[] => {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
};
