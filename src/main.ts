import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import { ConfigError, loadConfig } from './config/app-config.js';
import { configureApp } from './configure-app.js';

async function bootstrap(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }

  if (config.runMode === 'worker') {
    // Processors only: no HTTP server.
    const context = await NestFactory.createApplicationContext(AppModule.forRoot(config), { bufferLogs: true });
    context.useLogger(context.get(Logger));
    closeOnSignals(context);
    context.get(Logger).log(`Dynamo Fablab worker started (queue prefix "${config.queuePrefix}")`);
    return;
  }

  const app = await NestFactory.create(AppModule.forRoot(config), { bufferLogs: true });
  configureApp(app);
  closeOnSignals(app);
  await app.listen(config.port);
  app.get(Logger).log(`Dynamo Fablab listening on http://localhost:${config.port}/api (docs: /api/docs, mode: ${config.runMode})`);
}

/**
 * Graceful shutdown: on SIGTERM/SIGINT stop taking work, let running requests and jobs finish
 * (module destroy hooks), then exit 0. A stuck shutdown is cut after 20 s.
 */
function closeOnSignals(app: INestApplicationContext): void {
  const close = (signal: NodeJS.Signals) => {
    app.get(Logger).log(`${signal} received, shutting down`);
    setTimeout(() => process.exit(1), 20_000).unref();
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', close);
  process.once('SIGINT', close);
}

void bootstrap();
