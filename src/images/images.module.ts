import { Global, Module } from '@nestjs/common';

import { ImageSanitizer } from './image-sanitizer.js';

@Global()
@Module({ providers: [ImageSanitizer], exports: [ImageSanitizer] })
export class ImagesModule {}
