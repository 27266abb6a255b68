/** Thrown by a page to send the browser elsewhere (303 See Other). */
export class WebRedirect extends Error {
  constructor(readonly location: string) {
    super(`Redirect to ${location}`);
  }
}

/** A form posted without a valid CSRF token or from another site. */
export class ForgedForm extends Error {
  constructor(reason: string) {
    super(`Refused form: ${reason}`);
  }
}
