import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { DocumentFileSweeper } from './document-file-sweeper.js';
import { DocumentFile } from './document.entity.js';
import { DocumentsPersonalData } from './documents-personal-data.js';
import { DocumentsPortal } from './documents-portal.js';
import { DocumentsController } from './documents.controller.js';
import { DocumentsService } from './documents.service.js';
import { PdfInspector } from './pdf/pdf-inspector.js';
import { VirusScanner } from './virus-scanner.js';

/** Module `documents`: the document box — PDFs shared within a case, checked and sealed. */
@Module({
  imports: [TypeOrmModule.forFeature([DocumentFile])],
  controllers: [DocumentsController],
  providers: [DocumentsService, DocumentFileSweeper, DocumentsPersonalData, DocumentsPortal, PdfInspector, VirusScanner],
})
export class DocumentsModule {}
