import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = resolve(import.meta.dirname, '../..');
const read = (path: string) => readFileSync(resolve(root, path), 'utf8');

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  environment?: Record<string, string>;
  secrets?: string[];
  depends_on?: Record<string, unknown>;
  healthcheck?: unknown;
  profiles?: string[];
}

/** No Docker engine here: the deployment files are checked statically. */
describe('docker deployment files', () => {
  const compose = parse(read('docker/compose.yaml')) as { services: Record<string, Service>; secrets: Record<string, { file: string }> };

  it("MariaDB keeps no binary log and bounds its redo log, so erased people do not linger in the engine's logs", () => {
    const command = (compose.services.mariadb as { command?: string[] }).command ?? [];
    expect(command).toEqual(expect.arrayContaining(['--skip-log-bin', '--innodb-undo-log-truncate=ON', '--general-log=0']));
    expect(command.some((c) => c.startsWith('--innodb-log-file-size='))).toBe(true);
  });

  it('compose parses and has app, MariaDB, Redis and nginx', () => {
    expect(Object.keys(compose.services)).toEqual(expect.arrayContaining(['app', 'mariadb', 'redis', 'nginx']));
    expect(compose.services.app!.build).toEqual({ context: '..', dockerfile: 'docker/Dockerfile' });
  });

  it('runs the app in production mode with secrets from files, not inline', () => {
    const env = compose.services.app!.environment!;
    expect(env.NODE_ENV).toBe('production');
    expect(env.MASTER_KEY_FILE).toBe('/run/secrets/master_key');
    expect(env.MASTER_KEY).toBeUndefined();
    expect(env.DB_URL).toMatch(/^mariadb:\/\/beradig:\$\{DB_PASSWORD[^}]*\}@mariadb:3306\/beradig$/);
    expect(env.SMTP_URL).toMatch(/^\$\{SMTP_URL:\?/);
    expect(env.REDIS_URL).toBe('redis://redis:6379');
    expect(compose.services.app!.secrets).toContain('master_key');
    expect(compose.secrets.master_key!.file).toBe('./secrets/master_key');
    expect(compose.services.app!.depends_on).toHaveProperty('mariadb', { condition: 'service_healthy' });
  });

  it('pins every image to a version', () => {
    // The app image is built here; everything pulled must name a version.
    for (const [name, service] of Object.entries(compose.services)) {
      if (name === 'app' || !service.image) continue;
      expect(service.image, name).toMatch(/:[\w.-]+$/);
      expect(service.image, name).not.toMatch(/:latest$/);
    }
  });

  it('the Dockerfile builds in stages, runs as an unprivileged user and has a health check', () => {
    const dockerfile = read('docker/Dockerfile');
    const froms = [...dockerfile.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]);
    expect(froms.length).toBeGreaterThanOrEqual(2);
    // The image's Node.js is the one package.json requires (a supported LTS line).
    const required = /^>=(\d+)$/.exec(JSON.parse(read('package.json')).engines.node)?.[1];
    for (const image of froms) expect(image).toMatch(new RegExp(`^node:${required}\\.\\d+-bookworm-slim$`));
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\n?.*\/api\/health/m);
    expect(dockerfile).not.toMatch(/^ADD https?:/m);
    expect(dockerfile).toMatch(/^CMD \["node", "dist\/src\/main\.js"\]$/m);
  });

  it('nginx forwards websockets and the client address, and keeps tokens out of logs', () => {
    const nginx = read('docker/nginx.conf');
    expect(nginx).toContain('proxy_set_header Upgrade $http_upgrade;');
    expect(nginx).toContain('X-Forwarded-Proto $scheme');
    expect(nginx).toContain('access_log off;');
    expect(nginx).toMatch(/client_max_body_size \d+m;/);
  });

  it('nginx streams request and response bodies instead of writing plain documents to its disk', () => {
    const nginx = read('docker/nginx.conf');
    const app = nginx.slice(nginx.indexOf('location / {'));
    for (const directive of ['proxy_request_buffering off;', 'proxy_buffering off;', 'proxy_max_temp_file_size 0;']) expect(app).toContain(directive);
  });

  it('documents a database password that can stand in a URL', () => {
    expect(read('docker/compose.yaml')).toContain('openssl rand -hex 24)" > docker/secrets/db_password');
  });
});
