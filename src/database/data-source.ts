// Entry point for the TypeORM CLI (npm run migration:*). The app builds its own data source.
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config.js';
import { buildDataSourceOptions } from './database-options.js';

export default new DataSource(buildDataSourceOptions(loadConfig(process.env)));
