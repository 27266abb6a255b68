import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import { ShutdownGate } from './common/http/shutdown-gate.js';
import { ConfigError, loadConfig } from './config/app-config.js';
import { API_PREFIX, configureApp } from './configure-app.js';

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
  const shutdownGate = new ShutdownGate([`/${API_PREFIX}/health/live`]);
  configureApp(app, { shutdownGate });
  closeOnSignals(app, shutdownGate);
  await app.listen(config.port);
  app.get(Logger).log(`Dynamo Fablab listening on http://localhost:${config.port}/api (docs: /api/docs, mode: ${config.runMode})`);
}

/**
 * Graceful shutdown: on SIGTERM/SIGINT stop taking work — new HTTP requests get 503 (the
 * ShutdownGate) — let running requests finish (at most 15 s), then jobs (module destroy hooks),
 * close the database and exit 0. A stuck shutdown is cut after 25 s with exit code 1.
 */
function closeOnSignals(app: INestApplicationContext, gate?: ShutdownGate): void {
  const close = (signal: NodeJS.Signals) => {
    app.get(Logger).log(`${signal} received, shutting down`);
    setTimeout(() => process.exit(1), 25_000).unref();
    (gate ? gate.drain(15_000) : Promise.resolve())
      .then(() => app.close())
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  };
  process.once('SIGTERM', close);
  process.once('SIGINT', close);
}

void bootstrap();
