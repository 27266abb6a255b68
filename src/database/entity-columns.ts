import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata.js';

/**
 * An entity's column metadata, looked up once per entity: RawReader reads rows into entities and
 * RawWriter writes entities as rows with it, on paths where `getMetadata` per row would show.
 */
export class EntityColumns {
  private readonly cache = new Map<unknown, ColumnMetadata[]>();

  constructor(private readonly dataSource: DataSource) {}

  of(target: EntityTarget<ObjectLiteral>): ColumnMetadata[] {
    let columns = this.cache.get(target);
    if (!columns) {
      columns = this.dataSource.getMetadata(target).columns;
      this.cache.set(target, columns);
    }
    return columns;
  }
}
