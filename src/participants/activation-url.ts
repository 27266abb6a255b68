import type { Request } from 'express';

/**
 * The one-time link a young person opens (the QR code a facilitator shows): the web app's
 * activation page with the code filled in. Built from the request, like the calendar feed's
 * address, so it names the host the facilitator is using.
 */
export const activationUrlFor = (request: Request, code: string): string =>
  `${request.protocol}://${request.host ?? 'localhost'}/activer?code=${encodeURIComponent(code)}`;
