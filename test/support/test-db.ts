import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

import { createConnection } from 'mysql2/promise';

export interface TestDatabase {
  url: string;
  kind: 'sqlite' | 'mysql';
  /** SQLite file path (for scanning the file in tests). */
  file?: string;
  drop(): Promise<void>;
}

/**
 * One fresh database per test app: a SQLite file in the app's own temp dir by default, or a
 * new database on the MySQL/MariaDB server that DB_URL points to.
 */
export async function createTestDatabase(varDir: string): Promise<TestDatabase> {
  const base = process.env.DB_URL;
  if (!base || base.startsWith('sqlite:')) {
    const file = join(varDir, 'test.sqlite');
    return { url: `sqlite:${file}`, kind: 'sqlite', file, drop: async () => {} };
  }
  const server = new URL(base.replace(/^mariadb:/, 'mysql:'));
  const name = `beradig_t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = await createConnection({
    host: server.hostname,
    port: Number(server.port || 3306),
    user: decodeURIComponent(server.username || 'root'),
    password: decodeURIComponent(server.password),
  });
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    // Keep the flavour the caller chose (mariadb:// or mysql://).
    url: base.startsWith('mariadb:') ? url.toString().replace(/^mysql:/, 'mariadb:') : url.toString(),
    kind: 'mysql',
    drop: async () => {
      const conn = await createConnection({
        host: server.hostname,
        port: Number(server.port || 3306),
        user: decodeURIComponent(server.username || 'root'),
        password: decodeURIComponent(server.password),
      });
      await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await conn.end();
    },
  };
}
