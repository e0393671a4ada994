import { pipeline } from 'node:stream/promises';

import { Controller, Delete, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiHeader, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';

import {
  Authenticated,
  CurrentCentre,
  CurrentPrincipal,
  Feature,
  type Principal,
  type ResolvedCentre,
} from '#kernel';

import { DOCUMENT_NAME_HEADER, type DocumentView } from './contracts.js';

import { DocumentsService, TryLater } from './documents.service.js';
import { attachmentHeader, readUpload, uploadName } from './upload.js';
import type { UploadTicket } from './upload-queue.js';

const PARTICIPANTS = { roles: ['counsellor', 'client'] } as const;

@ApiTags('documents')
@Feature('documents')
@Controller('api/v1/centres/:centre/cases/:caseId/documents')
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Authenticated(PARTICIPANTS)
  @Get()
  @ApiOperation({ summary: 'The case’s document box, oldest first (a counsellor sees what was shared in their own periods)' })
  list(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() principal: Principal, @Param('caseId') caseId: string): Promise<DocumentView[]> {
    return this.documents.list(centre, principal, caseId);
  }

  @Authenticated(PARTICIPANTS)
  @Post()
  @ApiOperation({
    summary: 'Upload a PDF: the body is the file itself (Content-Type: application/pdf), its name URI-encoded in X-File-Name',
    description:
      'Checked by content: PDF structure, no active content (JavaScript, launch actions, embedded files, …), optional clamd scan. ' +
      '413 DOCUMENT_TOO_LARGE, 415 DOCUMENT_NOT_PDF, 422 DOCUMENT_DAMAGED / DOCUMENT_ENCRYPTED / DOCUMENT_ACTIVE_CONTENT / DOCUMENT_TOO_COMPLEX / DOCUMENT_INFECTED, 503 VIRUS_SCAN_UNAVAILABLE.',
  })
  @ApiConsumes('application/pdf')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiHeader({ name: DOCUMENT_NAME_HEADER, required: true, description: 'The file name, URI-encoded' })
  @ApiCreatedResponse()
  async upload(
    @CurrentCentre() centre: ResolvedCentre,
    @CurrentPrincipal() principal: Principal,
    @Param('caseId') caseId: string,
    @Req() req: Request,
  ): Promise<DocumentView> {
    // Who may upload, and under what name, is settled before the body is read. When refused,
    // the body is still drained, so the client reads the answer instead of a reset connection.
    // A place in the upload queue is taken before too: a full queue answers without the body.
    let upload;
    let name: string;
    let ticket: UploadTicket | undefined;
    try {
      await this.documents.access(centre, principal, caseId);
      name = uploadName(req.headers[DOCUMENT_NAME_HEADER]);
      ticket = await this.documents.admit(centre, principal);
      upload = await readUpload(req, this.documents.maxBytes);
    } catch (error) {
      if (ticket) this.documents.release(ticket);
      if (error instanceof TryLater) req.res?.setHeader('Retry-After', String(error.retryAfterSeconds));
      // The rest of the body is not wanted: the answer closes the connection, as servers do on 413.
      req.res?.setHeader('Connection', 'close');
      req.resume();
      throw error;
    }
    try {
      return await this.documents.upload(centre, principal, caseId, name, upload, ticket);
    } finally {
      this.documents.release(ticket);
    }
  }

  @Authenticated(PARTICIPANTS)
  @Get(':documentId/content')
  @ApiOperation({ summary: 'Download a document (always as an attachment)' })
  @ApiProduces('application/pdf')
  async download(
    @CurrentCentre() centre: ResolvedCentre,
    @CurrentPrincipal() principal: Principal,
    @Param('caseId') caseId: string,
    @Param('documentId') documentId: string,
    @Res() res: Response,
  ): Promise<void> {
    const file = await this.documents.download(centre, principal, caseId, documentId);
    res.status(200);
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', attachmentHeader(file.name));
    res.setHeader('Content-Length', String(file.size));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'no-store');
    try {
      await pipeline(file.content, res);
    } catch {
      // An altered or missing file: cut the connection so the download shows as failed, not short.
      res.destroy();
    }
  }

  @Authenticated(PARTICIPANTS)
  @Delete(':documentId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a document one uploaded oneself' })
  remove(
    @CurrentCentre() centre: ResolvedCentre,
    @CurrentPrincipal() principal: Principal,
    @Param('caseId') caseId: string,
    @Param('documentId') documentId: string,
  ): Promise<void> {
    return this.documents.remove(centre, principal, caseId, documentId);
  }
}
