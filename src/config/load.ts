import { existsSync } from 'node:fs';
import { config as loadDotenv } from 'dotenv';
import { toConfig, type Config } from './config.js';
import { parseEnvironment } from './environment.js';

/** Reads `.env` (when present, without overriding real environment variables), validates, and builds the Config. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, dotenvPath = '.env'): Config {
  if (env === process.env && existsSync(dotenvPath)) loadDotenv({ path: dotenvPath, quiet: true });
  return toConfig(parseEnvironment(env));
}
