import { Injectable } from '@nestjs/common';
import sharp from 'sharp';

export interface SanitizedImage {
  data: Buffer;
  mimeType: 'image/png' | 'image/jpeg' | 'image/webp';
  width: number;
  height: number;
}

/** Pictures larger than this are not pictures a portal needs (and may be decompression bombs). */
const MAX_INPUT_PIXELS = 40_000_000;

/**
 * Pictures people upload (a centre's logo and photo now; the team page's portraits later) are
 * decoded and written anew with a maintained image library (sharp/libvips): what is served is
 * pixels only — no metadata (camera, place, time, comments), nothing that merely starts like an
 * image, no payload behind the picture. Turned upright by its orientation tag first.
 */
@Injectable()
export class ImageSanitizer {
  /** The image anew, at most `maxSide` pixels on its longer side; null when it is not an image we take. */
  async sanitize(input: Buffer, maxSide = 1600): Promise<SanitizedImage | null> {
    let format: string | undefined;
    try {
      format = (await sharp(input, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' }).metadata()).format;
    } catch {
      return null;
    }
    if (format !== 'png' && format !== 'jpeg' && format !== 'webp') return null;
    try {
      const pipeline = sharp(input, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' })
        .rotate()
        .resize({ width: maxSide, height: maxSide, fit: 'inside', withoutEnlargement: true });
      const encoded =
        format === 'png'
          ? pipeline.png({ compressionLevel: 9 })
          : format === 'webp'
            ? pipeline.webp({ quality: 85 })
            : pipeline.jpeg({ quality: 85, mozjpeg: true });
      const { data, info } = await encoded.toBuffer({ resolveWithObject: true });
      return { data, mimeType: `image/${format}`, width: info.width, height: info.height };
    } catch {
      return null;
    }
  }
}
