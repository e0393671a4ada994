import 'reflect-metadata';

import { createApp } from './bootstrap/create-app.js';
import { formatDemoLogins } from './bootstrap/demo-seed.js';
import { runStartupTasks } from './bootstrap/startup.js';
import { ConfigError, loadConfig, loadDotEnv } from './config/app-config.js';

async function main(): Promise<void> {
  loadDotEnv();
  const config = loadConfig(process.env);
  const { app, generatedMasterKey } = await createApp(config);
  if (generatedMasterKey) {
    console.log(`Neuer Hauptschlüssel erzeugt: ${generatedMasterKey} (0600). Sichern Sie ihn getrennt von der Datenbank – ohne ihn sind alle Inhalte verloren.`);
  }
  const { demo } = await runStartupTasks(app, config);
  await app.listen(config.port, config.host);
  console.log(`BeraDIG läuft: ${config.publicUrl}  (API-Dokumentation: ${config.publicUrl}/api/docs)`);
  if (config.devOutbox) console.log(`E-Mails (ohne SMTP): ${config.publicUrl}/dev/outbox`);
  if (demo.length > 0) console.log(`Demo-Beratungsstelle: ${config.publicUrl}/musterstadt\n${formatDemoLogins(demo)}`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
