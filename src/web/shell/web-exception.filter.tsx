import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError } from '../../common/errors/domain-error.js';
import { Layout } from './layout.js';
import { redirect, sendPage } from './render.js';
import { setRetryAfter } from './retry-after.js';
import { ForgedForm, WebRedirect } from './web-errors.js';
import { type PageContext, say, type WebRequest } from './web-request.js';

/**
 * Errors of pages become pages: "page introuvable" for anything not found or not theirs (the
 * same page, so an id can't be probed), a form refused for CSRF, a generic error with the
 * request id to quote (logged like the API's 500s). Never a stack trace, never JSON.
 */
@Catch()
export class WebExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('WebErrors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<WebRequest>();
    const response = host.switchToHttp().getResponse<Response>();
    if (response.headersSent) return;
    if (exception instanceof WebRedirect) return redirect(response, exception.location);

    const requestId = String((request as { id?: unknown }).id ?? response.getHeader('x-request-id') ?? '');
    const page: PageContext = request.page ?? { user: null, csrf: '', unread: 0, path: request.path, requestId };
    const status = this.statusOf(exception);
    if (status >= 500) {
      this.logger.error(
        { requestId, err: exception instanceof Error ? { name: exception.name, message: exception.message, stack: exception.stack } : String(exception) },
        'Unhandled error on a page',
      );
    }
    if (status === 429 && exception instanceof DomainError) setRetryAfter(response, exception);
    const [title, text] = this.wordsFor(status, page);
    sendPage(
      response,
      <Layout page={page} title={title}>
        <h1>{title}</h1>
        <p class="lead">{text}</p>
        {status >= 500 ? <p class="muted">Référence à donner à l’équipe : {requestId}</p> : null}
        <p>
          <a href="/">Revenir à l’accueil</a>
        </p>
      </Layout>,
      status,
    );
  }

  private statusOf(exception: unknown): number {
    if (exception instanceof ForgedForm) return 403;
    if (exception instanceof DomainError) return exception.status === 401 || exception.status === 403 ? 404 : exception.status;
    if (exception instanceof HttpException) return exception.getStatus() === 405 ? 404 : exception.getStatus();
    return 500;
  }

  private wordsFor(status: number, page: PageContext): [string, string] {
    switch (status) {
      case 404:
        return ['Page introuvable', say(page, 'Cette page n’existe pas, ou elle n’est pas pour toi. Vérifie l’adresse ou repars de l’accueil.', 'Cette page n’existe pas, ou elle ne vous est pas ouverte. Vérifiez l’adresse ou repartez de l’accueil.')];
      case 403:
        return ['Formulaire expiré', say(page, 'Ce formulaire a expiré ou ne vient pas de ce site. Recharge la page et recommence.', 'Ce formulaire a expiré ou ne vient pas de ce site. Rechargez la page et recommencez.')];
      case 413:
        return ['Envoi trop gros', say(page, 'Ce que tu as envoyé est trop gros. Raccourcis ton texte et recommence.', 'Ce que vous avez envoyé est trop gros. Raccourcissez le texte et recommencez.')];
      case 429:
        return ['Trop d’essais', say(page, 'Il y a eu trop d’essais. Attends quelques minutes avant de recommencer.', 'Il y a eu trop d’essais. Attendez quelques minutes avant de recommencer.')];
      case 400:
        return ['Demande incorrecte', say(page, 'Cette demande n’a pas pu être lue. Repars de l’accueil et recommence.', 'Cette demande n’a pas pu être lue. Repartez de l’accueil et recommencez.')];
      default:
        return [
          'Un problème est survenu',
          say(page, 'Quelque chose ne s’est pas passé comme prévu. Réessaie dans un moment ; si cela continue, préviens l’équipe du fablab.', 'Quelque chose ne s’est pas passé comme prévu. Réessayez dans un moment ; si cela continue, donnez la référence ci-dessous à l’administrateur.'),
        ];
    }
  }
}
