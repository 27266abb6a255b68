/**
 * An address someone typed (a step's evidence link) as a link: http(s) only — never
 * `javascript:` or `data:`, whatever the API accepted when it was stored.
 */
export const webLink = (url: string | null | undefined): string | null => (url && /^https?:\/\//i.test(url) ? url : null);
