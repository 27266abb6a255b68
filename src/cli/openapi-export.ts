// Writes the OpenAPI document to openapi.json (or the path given) without serving anything:
// an in-memory database, API mode, no Redis needed.
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module.js';
import { openApiCoverage } from '../common/openapi/openapi-coverage.js';
import { buildOpenApiDocument } from '../common/openapi/openapi-document.js';
import { loadConfig } from '../config/app-config.js';
import { configureApp } from '../configure-app.js';

async function main(): Promise<void> {
  const target = process.argv[2] ?? 'openapi.json';
  const config = loadConfig({ ...process.env, DATABASE_URL: 'sqlite::memory:', RUN_MODE: 'api', LOG_LEVEL: 'error' });
  const app = await NestFactory.create(AppModule.forRoot(config), { logger: false });
  configureApp(app);
  await app.init();
  const document = buildOpenApiDocument(app);
  writeFileSync(target, `${JSON.stringify(document, null, 2)}\n`);
  await app.close();
  const coverage = openApiCoverage(document);
  process.stdout.write(
    `OpenAPI document written to ${target}: ${coverage.operations} operations, ` +
      `${coverage.withSuccessSchema} with a success schema, ${coverage.withSummary} with a summary\n`,
  );
}

void main();
