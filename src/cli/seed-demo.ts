// npm run seed:demo — loads a realistic demo fablab into DATABASE_URL (default: the embedded
// SQLite file), after the usual start-up (migrations, learning paths, first admin).
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AppModule } from '../app.module.js';
import { ConfigError, loadConfig } from '../config/app-config.js';
import { Participant } from '../participants/participant.entity.js';
import { yearOf } from '../stats/calendar-year.js';
import { ReportService } from '../stats/report.service.js';
import { DEMO_ADMIN_PASSWORD, DEMO_LEARNER_PASSWORD, DEMO_STAFF_PASSWORD, DEMO_YEARLY_BUDGET, demoDatasetOptions } from './dataset/demo-dataset.js';
import { generateDataset } from './dataset/generate-dataset.js';

async function main(): Promise<void> {
  const env: Record<string, string | undefined> = { ...process.env, RUN_MODE: 'api', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' };
  env.ADMIN_PASSWORD ||= DEMO_ADMIN_PASSWORD;
  let config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: ['error', 'warn'] });
  try {
    const dataSource = app.get(DataSource);
    if ((await dataSource.getRepository(Participant).count()) > 0) {
      process.stderr.write('This database already holds participants: the demo loads into an empty one (e.g. DATABASE_URL=sqlite:data/demo.sqlite).\n');
      process.exitCode = 1;
      return;
    }
    const started = Date.now();
    const summary = await generateDataset(dataSource, demoDatasetOptions(new Date(), config.timezone));
    // The fablab's yearly budgets, for the report's cost per young person.
    const thisYear = yearOf(new Date(), config.timezone);
    for (const year of [thisYear - 1, thisYear]) await app.get(ReportService).setBudget(year, DEMO_YEARLY_BUDGET, null);
    process.stdout.write(
      [
        `Demo fablab loaded in ${((Date.now() - started) / 1000).toFixed(1)} s:`,
        `  ${summary.partners} partners, ${summary.staff} staff, ${summary.machines} machines,`,
        `  ${summary.participants} young people, ${summary.enrollments} enrolments, ${summary.progressEvents} progress events,`,
        `  ${summary.bookings} bookings, ${summary.attendances} attendances.`,
        'Logins:',
        `  admin                       ${env.ADMIN_PASSWORD === DEMO_ADMIN_PASSWORD ? DEMO_ADMIN_PASSWORD : '(your ADMIN_PASSWORD)'}  (only if this database had no admin yet)`,
        `  ${summary.staffLogins.join(', ')}   ${DEMO_STAFF_PASSWORD}`,
        `  ${summary.learnerLogins.join(', ')}   ${DEMO_LEARNER_PASSWORD}`,
        '',
      ].join('\n'),
    );
  } finally {
    await app.close();
  }
}

void main();
