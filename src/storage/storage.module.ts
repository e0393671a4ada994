import { Global, Module } from '@nestjs/common';

import { FileStore } from './file-store.js';
import { LocalFileStore } from './local-file-store.js';

@Global()
@Module({
  providers: [{ provide: FileStore, useClass: LocalFileStore }],
  exports: [FileStore],
})
export class StorageModule {}
