import { type CanActivate, Controller, type ExecutionContext, Get, Header, Injectable, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';

import { notFound } from '../common/domain-error.js';
import { Public } from '../identity/auth/auth.decorators.js';
import { OutboxTransport } from './outbox.transport.js';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/**
 * The outbox shows every mail with its links (registration, password reset): only for the
 * developer's own machine. The connection's own address decides, not a forwarded one.
 */
@Injectable()
export class LoopbackOnly implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const address = context.switchToHttp().getRequest<Request>().socket.remoteAddress ?? '';
    if (!LOOPBACK.test(address)) throw notFound();
    return true;
  }
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Development only: the mails that would have been sent, so links can be followed locally. */
@ApiExcludeController()
@UseGuards(LoopbackOnly)
@Controller('dev/outbox')
export class DevOutboxController {
  constructor(private readonly outbox: OutboxTransport) {}

  @Public()
  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  page(): string {
    const items = this.outbox
      .list()
      .map(
        (m) => `<article><h2>${escapeHtml(m.subject)}</h2><p class="meta">an ${escapeHtml(m.to)} · ${escapeHtml(m.at)}</p><pre>${escapeHtml(m.text).replace(/(https?:\/\/[^\s<]+)/g, '<a href="$1">$1</a>')}</pre></article>`,
      )
      .join('\n');
    return `<!doctype html><html lang="de"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>BeraDIG – Postausgang (Entwicklung)</title><style>body{font-family:system-ui,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem}article{border-bottom:1px solid #ccc;padding:1rem 0}pre{white-space:pre-wrap}.meta{color:#555}</style></head><body><h1>Postausgang (nur Entwicklung)</h1><p>Ohne SMTP-Server landen E-Mails hier. Neueste zuerst.</p>${items || '<p>Noch keine E-Mails.</p>'}</body></html>`;
  }

  @Public()
  @Get('messages')
  @Header('Cache-Control', 'no-store')
  messages() {
    return this.outbox.list();
  }
}
