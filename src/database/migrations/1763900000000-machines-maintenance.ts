import { type MigrationInterface, type QueryRunner, Table, type TableForeignKeyOptions } from 'typeorm';
import { INCIDENT_SEVERITIES } from '../../maintenance/incident-severity.js';
import { WORK_ORDER_KINDS } from '../../maintenance/work-order-kind.js';
import { WORK_ORDER_STATUSES } from '../../maintenance/work-order-transitions.js';
import { MACHINE_CATEGORIES } from '../../common/machine-category.js';
import { MACHINE_STATUSES, STATUS_CHANGE_SOURCES } from '../../machines/machine-status.js';
import { USAGE_SOURCES } from '../../machines/usage-source.js';
import {
  createdUpdatedColumns,
  idColumn,
  inCheck,
  nowDefault,
  refColumn,
  textColumn,
  timestampColumn,
  timestampType,
} from '../migration-helpers.js';

const machineForeignKey = (table: string): TableForeignKeyOptions => ({
  name: `FK_${table}_machine`,
  columnNames: ['machine_id'],
  referencedTableName: 'machines',
  referencedColumnNames: ['id'],
});

/**
 * Settings (opening hours), machines with their status history and usage meter, incidents,
 * preventive plans, work orders and their events. User references (changed_by, reported_by …)
 * carry no foreign key: accounts may be erased while the history stays.
 */
export class MachinesMaintenance1763900000000 implements MigrationInterface {
  name = 'MachinesMaintenance1763900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'settings',
        columns: [
          { name: 'key', type: 'varchar', length: '64', isPrimary: true },
          { name: 'value', type: 'text' },
          refColumn('updated_by', true),
          { name: 'updated_at', type: timestampType(queryRunner), default: nowDefault(queryRunner) },
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'machines',
        columns: [
          idColumn(),
          textColumn('code', 32),
          textColumn('name', 120),
          textColumn('category', 16),
          textColumn('status', 16),
          textColumn('location', 120, true),
          { name: 'requires_qualification', type: 'boolean', default: true },
          { name: 'usage_hours', type: 'double precision', default: 0 },
          textColumn('notes', 2000, true),
          ...createdUpdatedColumns(queryRunner),
        ],
        checks: [
          { name: 'CHK_machines_category', expression: inCheck('category', MACHINE_CATEGORIES) },
          { name: 'CHK_machines_status', expression: inCheck('status', MACHINE_STATUSES) },
          { name: 'CHK_machines_usage_hours', expression: '"usage_hours" >= 0' },
        ],
        indices: [
          { name: 'UQ_machines_code', columnNames: ['code'], isUnique: true },
          { name: 'IDX_machines_status', columnNames: ['status'] },
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'machine_status_changes',
        columns: [
          idColumn(),
          refColumn('machine_id'),
          textColumn('from_status', 16, true),
          textColumn('to_status', 16),
          textColumn('reason', 500),
          textColumn('source', 16),
          refColumn('source_id', true),
          refColumn('changed_by', true),
          timestampColumn(queryRunner, 'changed_at'),
        ],
        checks: [
          { name: 'CHK_machine_status_changes_to', expression: inCheck('to_status', MACHINE_STATUSES) },
          { name: 'CHK_machine_status_changes_source', expression: inCheck('source', STATUS_CHANGE_SOURCES) },
        ],
        foreignKeys: [machineForeignKey('machine_status_changes')],
        indices: [{ name: 'IDX_machine_status_changes_machine', columnNames: ['machine_id', 'changed_at'] }],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'machine_usage_readings',
        columns: [
          idColumn(),
          refColumn('machine_id'),
          { name: 'value', type: 'double precision' },
          { name: 'delta', type: 'double precision' },
          textColumn('source', 16),
          refColumn('source_id', true),
          refColumn('recorded_by', true),
          timestampColumn(queryRunner, 'recorded_at'),
        ],
        checks: [
          { name: 'CHK_machine_usage_readings_source', expression: inCheck('source', USAGE_SOURCES) },
          { name: 'CHK_machine_usage_readings_delta', expression: '"delta" >= 0' },
        ],
        foreignKeys: [machineForeignKey('machine_usage_readings')],
        indices: [{ name: 'IDX_machine_usage_readings_machine', columnNames: ['machine_id', 'recorded_at'] }],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'maintenance_plans',
        columns: [
          idColumn(),
          refColumn('machine_id'),
          textColumn('title', 160),
          { name: 'every_days', type: 'integer', isNullable: true },
          { name: 'every_usage_hours', type: 'double precision', isNullable: true },
          { name: 'checklist', type: 'text' },
          timestampColumn(queryRunner, 'last_completed_at'),
          { name: 'last_completed_usage_hours', type: 'double precision' },
          refColumn('last_work_order_id', true),
          refColumn('created_by', true),
          ...createdUpdatedColumns(queryRunner),
        ],
        checks: [
          {
            name: 'CHK_maintenance_plans_trigger',
            expression: '"every_days" IS NOT NULL OR "every_usage_hours" IS NOT NULL',
          },
        ],
        foreignKeys: [machineForeignKey('maintenance_plans')],
        indices: [{ name: 'IDX_maintenance_plans_machine', columnNames: ['machine_id'] }],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'work_orders',
        columns: [
          idColumn(),
          refColumn('machine_id'),
          textColumn('kind', 16),
          textColumn('status', 16),
          textColumn('title', 160),
          textColumn('description', 2000, true),
          refColumn('plan_id', true),
          refColumn('incident_id', true),
          timestampColumn(queryRunner, 'due_at', true),
          timestampColumn(queryRunner, 'window_start', true),
          timestampColumn(queryRunner, 'window_end', true),
          { name: 'checklist', type: 'text' },
          textColumn('notes', 4000, true),
          { name: 'usage_hours_at_completion', type: 'double precision', isNullable: true },
          refColumn('created_by', true),
          timestampColumn(queryRunner, 'started_at', true),
          timestampColumn(queryRunner, 'completed_at', true),
          refColumn('completed_by', true),
          timestampColumn(queryRunner, 'cancelled_at', true),
          ...createdUpdatedColumns(queryRunner),
        ],
        checks: [
          { name: 'CHK_work_orders_kind', expression: inCheck('kind', WORK_ORDER_KINDS) },
          { name: 'CHK_work_orders_status', expression: inCheck('status', WORK_ORDER_STATUSES) },
          {
            name: 'CHK_work_orders_window',
            expression:
              '("window_start" IS NULL AND "window_end" IS NULL) OR ("window_start" IS NOT NULL AND "window_end" IS NOT NULL AND "window_end" > "window_start")',
          },
        ],
        foreignKeys: [
          machineForeignKey('work_orders'),
          {
            name: 'FK_work_orders_plan',
            columnNames: ['plan_id'],
            referencedTableName: 'maintenance_plans',
            referencedColumnNames: ['id'],
          },
        ],
        indices: [
          { name: 'IDX_work_orders_machine_status', columnNames: ['machine_id', 'status'] },
          { name: 'IDX_work_orders_plan', columnNames: ['plan_id'] },
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'work_order_events',
        columns: [
          idColumn(),
          refColumn('work_order_id'),
          textColumn('from_status', 16, true),
          textColumn('to_status', 16),
          textColumn('note', 500, true),
          refColumn('actor_id', true),
          timestampColumn(queryRunner, 'at'),
        ],
        checks: [{ name: 'CHK_work_order_events_to', expression: inCheck('to_status', WORK_ORDER_STATUSES) }],
        foreignKeys: [
          {
            name: 'FK_work_order_events_order',
            columnNames: ['work_order_id'],
            referencedTableName: 'work_orders',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
        indices: [{ name: 'IDX_work_order_events_order', columnNames: ['work_order_id', 'at'] }],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'incidents',
        columns: [
          idColumn(),
          refColumn('machine_id'),
          textColumn('severity', 16),
          textColumn('description', 2000),
          refColumn('reported_by', true),
          timestampColumn(queryRunner, 'reported_at'),
          refColumn('work_order_id', true),
        ],
        checks: [{ name: 'CHK_incidents_severity', expression: inCheck('severity', INCIDENT_SEVERITIES) }],
        foreignKeys: [
          machineForeignKey('incidents'),
          {
            name: 'FK_incidents_work_order',
            columnNames: ['work_order_id'],
            referencedTableName: 'work_orders',
            referencedColumnNames: ['id'],
          },
        ],
        indices: [{ name: 'IDX_incidents_machine', columnNames: ['machine_id', 'reported_at'] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'incidents',
      'work_order_events',
      'work_orders',
      'maintenance_plans',
      'machine_usage_readings',
      'machine_status_changes',
      'machines',
      'settings',
    ]) {
      await queryRunner.dropTable(table);
    }
  }
}
