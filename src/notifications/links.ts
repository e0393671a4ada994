import { Injectable } from '@nestjs/common';

import { AppConfig } from '../config/app-config.js';

/** Pages of the web app that e-mails link to, under a centre's portal. */
export type PortalPage =
  | ''
  | 'impressum'
  | 'einladung'
  | 'bestaetigen'
  | 'passwort-neu'
  | 'email-bestaetigen'
  | 'passwort-vergessen'
  | 'start'
  | 'beratung'
  | 'verwaltung';

@Injectable()
export class Links {
  constructor(private readonly config: AppConfig) {}

  portal(slug: string, page: PortalPage = '', token?: string): string {
    const base = `${this.config.publicUrl}/${slug}${page ? `/${page}` : ''}`;
    return token ? `${base}?token=${encodeURIComponent(token)}` : base;
  }
}
