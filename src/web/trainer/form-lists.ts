/** A repeated form field (checkboxes of the same name): its values, trimmed, non-empty, at most `max`. */
export function formList(body: unknown, field: string, max = 100): string[] {
  const raw = (body as Record<string, unknown> | undefined)?.[field];
  const values = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return [...new Set(values.filter((v): v is string => typeof v === 'string').map((v) => v.trim()).filter(Boolean))].slice(0, max);
}
