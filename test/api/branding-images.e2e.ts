import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { PublicCentre } from '../../src/contracts/centre.js';
import type { Problem } from '../../src/contracts/index.js';
import { createCentre } from '../factories/centres.js';
import type { ApiClient } from '../support/api-client.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * A centre's pictures are decoded and written anew before they are served: pixels only. Today's
 * photo carries the camera, the place and the time it was taken; a file can start like an image
 * and go on as a web page.
 */
describe('portal pictures', () => {
  let t: TestApp;
  let operator: ApiClient;
  beforeAll(async () => {
    t = await startTestApp();
    operator = await t.operator();
  });
  afterAll(() => t?.close());

  const put = async (slug: string, kind: 'logo' | 'image', bytes: Buffer, type: string) => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytes)], { type }), `bild.${type.split('/')[1]}`);
    return operator.put<Problem>(`/api/v1/platform/centres/${slug}/branding/${kind}`, form);
  };
  const served = async (slug: string, kind: 'logo' | 'image') => {
    const portal = await t.client().get<PublicCentre>(`/api/v1/centres/${slug}`);
    const res = await fetch(t.baseUrl + (kind === 'logo' ? portal.body.logoUrl : portal.body.imageUrl)!);
    return { type: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()) };
  };
  const picture = () => sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 30, b: 90 } } });

  it('serves a photo without its metadata (camera, place, comments), upright', async () => {
    const centre = await createCentre(t);
    const photo = await picture()
      .jpeg()
      .withExif({ IFD0: { Artist: 'Geheimer Fotograf', ImageDescription: 'Beratungsstelle Hinterhof 3' } })
      .toBuffer();
    expect(photo.includes('Geheimer Fotograf')).toBe(true);
    expect((await put(centre.slug, 'image', photo, 'image/jpeg')).status).toBe(200);
    const out = await served(centre.slug, 'image');
    expect(out.type).toBe('image/jpeg');
    expect(out.bytes.includes('Geheimer Fotograf')).toBe(false);
    expect(out.bytes.includes('Hinterhof')).toBe(false);
    const meta = await sharp(out.bytes).metadata();
    expect(meta.exif).toBeUndefined();
    expect([meta.width, meta.height]).toEqual([64, 48]);
  });

  it('serves a logo without text chunks, and without what follows the picture', async () => {
    const centre = await createCentre(t);
    const png = await picture().png().withMetadata({}).toBuffer();
    const polyglot = Buffer.concat([png, Buffer.from('<html><script>alert(document.cookie)</script></html>', 'latin1')]);
    expect((await put(centre.slug, 'logo', polyglot, 'image/png')).status).toBe(200);
    const out = await served(centre.slug, 'logo');
    expect(out.type).toBe('image/png');
    expect(out.bytes.includes('<script>')).toBe(false);
    expect((await sharp(out.bytes).metadata()).width).toBe(64);
  });

  it('refuses what only starts like an image, changing nothing', async () => {
    const centre = await createCentre(t);
    const fakePng = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('<svg onload="alert(1)"/>')]);
    const fakeJpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('kein Bild')]);
    for (const [bytes, type] of [[fakePng, 'image/png'], [fakeJpeg, 'image/jpeg']] as const) {
      const res = await put(centre.slug, 'logo', bytes, type);
      expect(res.status).toBe(415);
      expect(res.body.code).toBe('ASSET_TYPE');
    }
    const portal = await t.client().get<PublicCentre>(`/api/v1/centres/${centre.slug}`);
    expect(portal.body.logoUrl).toBeNull();
  });
});
