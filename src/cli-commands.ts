import { Writable } from 'node:stream';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';

import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';

import { FEATURES } from './app.features.js';
import { AppModule } from './app.module.js';
import { migrationsFor } from './features/feature-migrations.js';
import { demoCode, formatDemoLogins, seedDemo } from './bootstrap/demo-seed.js';
import { type AppConfig, ConfigError, loadConfig } from './config/app-config.js';
import { CryptoService } from './crypto/crypto.service.js';
import { generateMasterKeyText, loadMasterKeyring } from './crypto/master-keyring.js';
import { typeOrmOptions } from './database/database.module.js';
import { OperatorService } from './identity/operator/operator.service.js';
import { Centre } from './tenancy/centre.entity.js';

const HELP = `BeraDIG command line

  npm run cli -- migrate                      run pending database migrations
  npm run cli -- operator:create --email E    create an operator (password from OPERATOR_PASSWORD or prompt);
                                              two-factor login is set up at the first login
  npm run cli -- operator:reset-two-factor --email E
                                              remove an operator's second factor (lost phone and recovery
                                              codes): their sessions end, the next login sets it up again
  npm run cli -- keys:generate                print a new random master key (base64)
  npm run cli -- keys:rotate-centre --centre SLUG | --all
                                              add a new data key version; new data uses it, old stays readable
  npm run cli -- keys:rewrap                  re-wrap all data keys with the current master key
                                              (run with the new key in MASTER_KEY and the old one in MASTER_KEY_PREVIOUS)
  npm run cli -- demo:seed                    create the demo centre (development only)
  npm run cli -- demo:code                    the demo operator's current two-factor code (development only)
`;

async function withContext<T>(config: AppConfig, fn: (app: Awaited<ReturnType<typeof NestFactory.createApplicationContext>>) => Promise<T>): Promise<T> {
  const { keyring } = loadMasterKeyring(config.masterKey);
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config, keyring), { logger: ['error', 'warn'], abortOnError: false });
  try {
    return await fn(app);
  } finally {
    await app.close();
  }
}

async function readPassword(env: Record<string, string | undefined>): Promise<string> {
  if (env.OPERATOR_PASSWORD) return env.OPERATOR_PASSWORD;
  // Typed without echo (readline echoes through its output, which stays silent meanwhile),
  // and taken as typed: a login does not trim either.
  let muted = false;
  const output = new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (!muted) process.stdout.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: process.stdin.isTTY });
  try {
    process.stdout.write('Passwort (mindestens 12 Zeichen): ');
    muted = true;
    return await rl.question('');
  } finally {
    muted = false;
    process.stdout.write('\n');
    rl.close();
  }
}

/**
 * Runs one command. Takes the environment and an output function so tests can drive it.
 */
export async function runCli(argv: string[], env: Record<string, string | undefined>, out: (line: string) => void = console.log): Promise<number> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: { email: { type: 'string' }, centre: { type: 'string' }, all: { type: 'boolean' } },
    allowPositionals: false,
  });
  if (!command || command === 'help' || command === '--help') {
    out(HELP);
    return 0;
  }
  if (command === 'keys:generate') {
    out(generateMasterKeyText());
    return 0;
  }
  const config = loadConfig(env);

  switch (command) {
    case 'migrate': {
      const dataSource = new DataSource({ ...typeOrmOptions(config, migrationsFor(FEATURES)), entities: [], migrationsRun: false } as never);
      await dataSource.initialize();
      const ran = await dataSource.runMigrations({ transaction: 'each' });
      await dataSource.destroy();
      out(ran.length ? `Migrationen ausgeführt: ${ran.map((m) => m.name).join(', ')}` : 'Datenbank ist aktuell.');
      return 0;
    }
    case 'operator:create': {
      if (!values.email) throw new ConfigError('--email is required');
      const email = values.email;
      const password = await readPassword(env);
      const created = await withContext(config, (app) => app.get(OperatorService).ensure(email, password));
      out(created ? 'Betreiberzugang angelegt.' : 'Einen Betreiberzugang mit dieser Adresse gibt es schon.');
      return 0;
    }
    case 'operator:reset-two-factor': {
      if (!values.email) throw new ConfigError('--email is required');
      const email = values.email;
      const reset = await withContext(config, (app) => app.get(OperatorService).resetTwoFactor(email));
      if (!reset) {
        out('Einen Betreiberzugang mit dieser Adresse gibt es nicht.');
        return 1;
      }
      out('Zweiter Faktor zurückgesetzt: Alle Sitzungen dieses Betreiberzugangs sind beendet; bei der nächsten Anmeldung wird er neu eingerichtet.');
      return 0;
    }
    case 'keys:rotate-centre': {
      await withContext(config, async (app) => {
        const repo = app.get(DataSource).getRepository(Centre);
        const centres = values.all ? await repo.find() : await repo.findBy({ slug: values.centre ?? '' });
        if (centres.length === 0) throw new ConfigError('No centre found: use --centre SLUG or --all');
        for (const centre of centres) {
          const version = await app.get(CryptoService).rotateCentreKey(centre.id);
          out(`${centre.slug}: Datenschlüssel Version ${version}`);
        }
      });
      return 0;
    }
    case 'keys:rewrap': {
      const [result, operators] = await withContext(config, async (app) => [
        await app.get(CryptoService).rewrapAll(),
        await app.get(OperatorService).rewrapSecrets(),
      ]);
      out(`${result.rewrapped} von ${result.total} Datenschlüsseln neu verpackt.`);
      if (operators.total > 0) out(`${operators.rewrapped} von ${operators.total} zweiten Faktoren des Betriebs neu verpackt.`);
      return 0;
    }
    case 'demo:seed': {
      const logins = await withContext(config, (app) => seedDemo(app, config));
      out(formatDemoLogins(logins));
      return 0;
    }
    case 'demo:code': {
      const code = await demoCode(config);
      if (!code) {
        out('Keine Demo-Zugänge mit zweitem Faktor gefunden (var/demo-logins.json).');
        return 1;
      }
      out(code);
      return 0;
    }
    default:
      out(`Unknown command: ${command}\n\n${HELP}`);
      return 2;
  }
}

