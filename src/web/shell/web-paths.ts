/**
 * The web app's top-level path segments. They are served outside the API's `/api` prefix
 * (configure-app.ts excludes them); every page controller's path starts with one of them.
 * Never the first segment of an API controller (`machines`, `bookings`…): the exclusion would take
 * that controller's routes out of `/api` too (the machine pages live at `/atelier` and `/m/` for this).
 */
export const WEB_ROOTS = [
  'connexion',
  'deconnexion',
  'activer',
  'parcours',
  'habilitations',
  'reservations',
  'notifications',
  'signaler',
  'compte',
  'equipe',
  'atelier',
  'gestion',
  'm',
  'validations',
  'formateur',
  'seances',
  'photos',
  'static',
] as const;

/** `exclude` entries for `setGlobalPrefix`: the home page and everything under each root. */
export const webPrefixExclusions = (): string[] => ['/', ...WEB_ROOTS.map((root) => `${root}{/*rest}`)];

/**
 * A path to come back to after logging in: a local path only (never `//host` or a scheme),
 * so the login page can't be used to send someone to another site.
 */
export function safeReturnPath(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > 512) return null;
  if (!/^\/(?![/\\])[\w\-./?=&%~]*$/.test(value)) return null;
  return value;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An id in a page's address names nothing unless it is a UUID: such a page is simply not found. */
export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);
