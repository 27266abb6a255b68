import type { Response } from 'express';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';

/**
 * Sends a page. Pages show personal data: nothing is kept by a shared device's browser or a
 * proxy (`no-store`), and they are never framed.
 */
export function sendPage(response: Response, page: VNode, status = 200): void {
  response
    .status(status)
    .type('html')
    .setHeader('Cache-Control', 'no-store')
    .send(`<!DOCTYPE html>${renderToString(page)}`);
}

/** Post/redirect/get: a 303 so the browser follows with a GET. */
export function redirect(response: Response, location: string): void {
  response.redirect(303, location);
}
