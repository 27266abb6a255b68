import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { buildDataSourceOptions } from './database-options.js';
import { runMigrations } from './run-migrations.js';
import { RawReader } from './raw-reader.service.js';
import { RawWriter } from './raw-writer.service.js';
import { SQLITE_CACHE_KIB, SqliteReadConnections } from './sqlite-read-connections.service.js';
import { TransactionRunner } from './transaction-runner.service.js';
import { WriteGeneration } from './write-generation.subscriber.js';
import { WritesOutsideTransactions } from './writes-outside-transactions.subscriber.js';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({ ...buildDataSourceOptions(config), retryAttempts: 3 }),
      // Migrations run at start, under a lock on PostgreSQL so instances starting together take turns.
      dataSourceFactory: async (options) => {
        const dataSource = await new DataSource({ ...options!, migrationsRun: false }).initialize();
        // What is deleted or overwritten (an erasure) is zeroed on disk, not left in free space.
        if (dataSource.options.type === 'better-sqlite3') {
          await dataSource.query('PRAGMA secure_delete = ON');
          // A commit is on disk when it returns, as node-sqlite3 had it: better-sqlite3 builds SQLite
          // with WAL_SYNCHRONOUS=1 (NORMAL), where a power cut may undo the last transactions.
          await dataSource.query('PRAGMA synchronous = FULL');
          // SQLite's default page cache is 2 MB: a ten-year database (400 MB) was read again from
          // the operating system for every report (a third of its time in system calls).
          await dataSource.query(`PRAGMA cache_size = -${SQLITE_CACHE_KIB}`);
        }
        try {
          await runMigrations(dataSource);
        } catch (error) {
          // TypeORM retries with a new data source (another instance migrating the same SQLite
          // file fails the first attempt): this one must not stay open.
          await dataSource.destroy().catch(() => undefined);
          throw error;
        }
        return dataSource;
      },
    }),
  ],
  providers: [TransactionRunner, RawReader, RawWriter, WriteGeneration, SqliteReadConnections, WritesOutsideTransactions],
  exports: [TransactionRunner, RawReader, RawWriter, WriteGeneration],
})
export class DatabaseModule {}
