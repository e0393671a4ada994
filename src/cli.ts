import 'reflect-metadata';

import { runCli } from './cli-commands.js';
import { ConfigError, loadDotEnv } from './config/app-config.js';

loadDotEnv();
runCli(process.argv.slice(2), process.env).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  },
);
