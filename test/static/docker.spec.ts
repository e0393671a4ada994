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

/** The Jitsi deployment for module video, checked against what the app's tokens say. */
describe('docker Jitsi deployment (module video)', () => {
  const compose = parse(read('docker/jitsi/compose.yaml'), { merge: true }) as { services: Record<string, Service & { volumes?: string[] }> };
  const env = (service: string) => compose.services[service]!.environment!;

  it('has web, prosody, jicofo and jvb, each image pinned to a stable release', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['jicofo', 'jvb', 'prosody', 'web']);
    for (const [name, service] of Object.entries(compose.services)) expect(service.image, name).toMatch(/^ghcr\.io\/jitsi\/[a-z]+:\$\{JITSI_IMAGE_VERSION:-stable-\d+(-\d+)?\}$/);
  });

  it('admits only tokens the app signs: JWT auth, no empty tokens, the app id as issuer, its audience, the domain as subject', async () => {
    const { JITSI_AUDIENCE } = await import('../../modules/video/jitsi-tokens.js');
    const prosody = env('prosody');
    for (const service of ['web', 'prosody', 'jicofo']) expect(env(service)).toMatchObject({ ENABLE_AUTH: '1', AUTH_TYPE: 'jwt', ENABLE_GUESTS: '1' });
    expect(prosody).toMatchObject({ JWT_ALLOW_EMPTY: '0', JWT_ACCEPTED_ISSUERS: '${JITSI_APP_ID}', JWT_ACCEPTED_AUDIENCES: JITSI_AUDIENCE, JWT_ENABLE_DOMAIN_VERIFICATION: '1' });
    expect(prosody.JWT_APP_ID).toMatch(/^\$\{JITSI_APP_ID:\?/);
    // The secret comes from the environment file, never from this file.
    expect(prosody.JWT_APP_SECRET).toMatch(/^\$\{JITSI_APP_SECRET:\?/);
    // sub = the Jitsi domain is checked against the XMPP domain, which is that domain.
    for (const service of ['web', 'prosody', 'jicofo', 'jvb']) expect(env(service).XMPP_DOMAIN, service).toMatch(/^\$\{JITSI_DOMAIN:\?/);
  });

  it('makes only the counsellor owner and lets nobody use a room before them', () => {
    const prosody = env('prosody');
    expect(prosody.XMPP_MUC_MODULES!.split(',')).toEqual(expect.arrayContaining(['muc_wait_for_host', 'token_affiliation']));
    expect(prosody.XMPP_MODULES!.split(',')).toContain('persistent_lobby');
    expect(prosody).toMatchObject({ WAIT_FOR_HOST_DISABLE_AUTO_OWNERS: '1', ENABLE_LOBBY: '1', ENABLE_END_CONFERENCE: '1' });
    expect(env('jicofo')).toMatchObject({ JICOFO_ENABLE_AUTH: '0', ENABLE_AUTO_OWNER: '0' });
  });

  it('records, streams and transcribes nothing, and keeps tokens out of the access log', () => {
    for (const service of ['web', 'prosody', 'jicofo']) expect(env(service)).toMatchObject({ ENABLE_RECORDING: '0', ENABLE_LIVESTREAMING: '0', ENABLE_TRANSCRIPTIONS: '0' });
    expect(env('web')).toMatchObject({ DISABLE_LOCAL_RECORDING: '1' });
    for (const button of ['recording', 'livestreaming', 'invite', 'sharedvideo', 'closedcaptions']) expect(env('web').TOOLBAR_BUTTONS!.split(','), button).not.toContain(button);
    const custom = read('docker/jitsi/web/custom-config.js');
    for (const line of ['config.recordingService = { enabled: false', 'config.fileRecordingsEnabled = false', 'config.liveStreaming = { enabled: false }', 'config.localRecording = { disable: true }', 'config.transcription = { enabled: false }', 'config.disableThirdPartyRequests = true']) {
      expect(custom).toContain(line);
    }
    expect(compose.services.web!.volumes).toEqual(expect.arrayContaining(['./web/custom-config.js:/config/custom-config.js:ro', './web/nginx-custom:/config/nginx-custom:ro']));
    const nginx = read('docker/jitsi/web/nginx-custom/beradig.conf');
    expect(nginx).toMatch(/^access_log off;$/m);
    expect(nginx).toMatch(/frame-ancestors https:\/\//);
  });

  it('the app passes the server-wide Jitsi settings on, from the environment file', () => {
    const app = parse(read('docker/compose.yaml')) as { services: Record<string, Service> };
    expect(app.services.app!.environment).toMatchObject({ JITSI_DOMAIN: '${JITSI_DOMAIN:-}', JITSI_APP_ID: '${JITSI_APP_ID:-}', JITSI_APP_SECRET: '${JITSI_APP_SECRET:-}' });
    expect(read('.dockerignore')).toContain('docker/jitsi/.env');
  });
});
