import type { OpenAPIObject, OperationObject } from '@nestjs/swagger';

export interface OpenApiCoverage {
  operations: number;
  withSuccessSchema: number;
  withSummary: number;
  /** `METHOD path` of the operations whose 2xx response has no schema (204s excepted). */
  missingSuccessSchema: string[];
  missingSummary: string[];
}

/** How much of the document a client generator can use: counted by openapi:export and the tests. */
export function openApiCoverage(document: OpenAPIObject): OpenApiCoverage {
  const coverage: OpenApiCoverage = { operations: 0, withSuccessSchema: 0, withSummary: 0, missingSuccessSchema: [], missingSummary: [] };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation: OperationObject | undefined = item[method];
      if (!operation) continue;
      const name = `${method.toUpperCase()} ${path}`;
      coverage.operations += 1;
      const success = Object.entries(operation.responses).filter(([status]) => status.startsWith('2'));
      const described =
        success.length > 0 &&
        success.every(([status, response]) => status === '204' || Object.values((response as { content?: object }).content ?? {}).some((media) => 'schema' in media));
      if (described) coverage.withSuccessSchema += 1;
      else coverage.missingSuccessSchema.push(name);
      if (operation.summary) coverage.withSummary += 1;
      else coverage.missingSummary.push(name);
    }
  }
  return coverage;
}
