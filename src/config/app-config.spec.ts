import { describe, expect, it } from 'vitest';

import { ConfigError, loadConfig } from './app-config.js';

describe('loadConfig', () => {
  it('defaults to the embedded SQLite database, a generated key and the demo seed', () => {
    const config = loadConfig({}, '/srv/beradig');
    expect(config.database).toEqual({ type: 'sqlite', path: '/srv/beradig/var/beradig.sqlite', embeddedDefault: true });
    expect(config.masterKey).toEqual({ kind: 'generated', path: '/srv/beradig/var/master.key' });
    expect(config.port).toBe(3000);
    expect(config.seedDemo).toBe(true);
    expect(config.devOutbox).toBe(true);
    expect(config.secureCookies).toBe(false);
  });

  it('reads MySQL/MariaDB URLs and TLS public URLs', () => {
    const config = loadConfig({ DB_URL: 'mariadb://u:p@db:3306/beradig', PUBLIC_URL: 'https://beratung.example/', PORT: '8080' });
    expect(config.database).toEqual({ type: 'mariadb', url: 'mysql://u:p@db:3306/beradig' });
    expect(config.publicUrl).toBe('https://beratung.example');
    expect(config.secureCookies).toBe(true);
    expect(config.seedDemo).toBe(false);
  });

  it('refuses to start in production without master key, SMTP and an https public address', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/MASTER_KEY or MASTER_KEY_FILE and SMTP_URL and PUBLIC_URL/);
    expect(() => loadConfig({ NODE_ENV: 'production', MASTER_KEY: 'x'.repeat(44), PUBLIC_URL: 'https://b.example' })).toThrow(/SMTP_URL/);
    expect(() => loadConfig({ NODE_ENV: 'production', MASTER_KEY_FILE: '/k', SMTP_URL: 'smtp://m' })).toThrow(/PUBLIC_URL/);
    expect(() => loadConfig({ NODE_ENV: 'production', MASTER_KEY_FILE: '/k', SMTP_URL: 'smtp://m', PUBLIC_URL: 'http://b.example' })).toThrow(/https/);
    const ok = loadConfig({ NODE_ENV: 'production', MASTER_KEY_FILE: '/run/secrets/key', SMTP_URL: 'smtp://smtp.example.org:25', PUBLIC_URL: 'https://beratung.example.org' });
    expect(ok.devOutbox).toBe(false);
    expect(ok.seedDemo).toBe(false);
  });

  it('never seeds the demo in production', () => {
    expect(() =>
      loadConfig({ NODE_ENV: 'production', MASTER_KEY_FILE: '/k', SMTP_URL: 'smtp://m', PUBLIC_URL: 'https://b.example', SEED_DEMO: 'true' }),
    ).toThrow(ConfigError);
  });

  it('names invalid variables without echoing secrets', () => {
    try {
      loadConfig({ PORT: 'abc', DB_URL: 'postgres://secret@x/y' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const text = (error as Error).message;
      expect(text).toContain('PORT');
      expect(text).toContain('DB_URL=(hidden)');
      expect(text).not.toContain('secret');
    }
  });
});
