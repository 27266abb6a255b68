/**
 * Text a spreadsheet must never take for a formula (CSV/formula injection, OWASP): a value that
 * starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading apostrophe, which
 * spreadsheets show as text. Free text typed by people (a partner's name, a postcode) goes
 * through it before any export; numbers and dates are written as such and never need it.
 */
export function neutraliseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}
