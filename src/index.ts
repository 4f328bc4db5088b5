import './load-env';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './logging';
import { createApp } from './app';

/** `npm start` / `helpline serve`: validate config, build the app, listen, stop cleanly. */
export async function serve(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Configuration error: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.env.LOG_LEVEL);
  const app = await createApp(config, logger);
  const port = await app.listen();
  logger.info({ port, store: app.store.kind, localMode: config.localMode }, `Helpline listening on http://localhost:${port}/`);
  process.stdout.write(`\nHelpline is running: widget at ${config.publicUrl.replace(`:${config.env.PORT}`, `:${port}`)}/ (store: ${app.store.kind})\n\n`);

  const stop = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

if (require.main === module) {
  serve().catch((error) => {
    process.stderr.write(`Helpline failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
