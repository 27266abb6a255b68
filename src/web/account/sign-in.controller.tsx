import { Body, Controller, Get, Ip, Post, Query, Req, Res } from '@nestjs/common';
import { parse as parseCookies } from 'cookie';
import type { Response } from 'express';
import { DomainError } from '../../common/errors/domain-error.js';
import { ActivateAccountDto } from '../../participants/dto/activate-account.dto.js';
import { LearnerAccountsService } from '../../participants/learner-accounts.service.js';
import type { Role } from '../../users/role.js';
import { type FieldErrors } from '../shell/components.js';
import { formText, readForm } from '../shell/forms.js';
import { redirect, sendPage } from '../shell/render.js';
import { setRetryAfter } from '../shell/retry-after.js';
import { Page, WebPages } from '../shell/web-page.decorator.js';
import { safeReturnPath } from '../shell/web-paths.js';
import { type PageContext, SESSION_COOKIE, type WebRequest } from '../shell/web-request.js';

/** The activation code of a scanned link, kept for the activation page only. */
const ACTIVATION_COOKIE = 'fablab_activation';
import { WebSessionService } from '../shell/web-session.service.js';
import { ActivationPage, SignInPage } from './sign-in.pages.js';

/** Where each role lands after logging in. */
export const HOME_BY_ROLE: Record<Role, string> = { learner: '/parcours', facilitator: '/equipe', admin: '/equipe', trainer: '/formateur' };

/** The form's words for a throttled attempt; the 429 page says when to come back (Retry-After) too. */
const tooManyTries = (error: DomainError, res: Response): string => {
  const seconds = setRetryAfter(res, error);
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return `Il y a eu trop d’essais. Attends ${minutes} minute${minutes > 1 ? 's' : ''} avant de recommencer.`;
};

/** Logging in, activating a learner account, logging out. Open to everyone. */
@WebPages()
@Controller()
export class SignInController {
  constructor(
    private readonly sessions: WebSessionService,
    private readonly accounts: LearnerAccountsService,
  ) {}

  @Get()
  home(@Page() page: PageContext, @Res() res: Response): void {
    redirect(res, page.user ? HOME_BY_ROLE[page.user.role] : '/connexion');
  }

  @Get('connexion')
  signInForm(@Page() page: PageContext, @Query('retour') back: unknown, @Query('fait') done: unknown, @Res() res: Response): void {
    if (page.user) return redirect(res, safeReturnPath(back) ?? HOME_BY_ROLE[page.user.role]);
    const notice = done === 'deconnecte' ? 'Déconnexion faite. À bientôt !' : null;
    sendPage(res, <SignInPage page={page} back={safeReturnPath(back)} notice={notice} login="" errors={{}} />);
  }

  @Post('connexion')
  async signIn(@Page() page: PageContext, @Body() body: unknown, @Ip() ip: string, @Req() req: WebRequest, @Res() res: Response): Promise<void> {
    const login = formText(body, 'login').slice(0, 254);
    const password = formText(body, 'password').slice(0, 200);
    const back = safeReturnPath(formText(body, 'retour'));
    const errors: FieldErrors = {};
    if (!login) errors.login = 'Écris ton identifiant ou ton adresse e-mail.';
    if (!password) errors.password = 'Écris ton mot de passe.';
    if (!errors.login && !errors.password) {
      try {
        const pair = await this.sessions.login(login, password, ip);
        await this.sessions.start(req, res, pair, parseCookies(req.headers.cookie ?? '')[SESSION_COOKIE]);
        return redirect(res, back ?? HOME_BY_ROLE[pair.user.role]);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        if (error.code === 'TOO_MANY_REQUESTS') errors._form = tooManyTries(error, res);
        else if (error.code === 'INVALID_CREDENTIALS') errors.login = 'Identifiant ou mot de passe incorrect. Vérifie les deux et réessaie.';
        else throw error;
      }
    }
    sendPage(res, <SignInPage page={page} back={back} notice={null} login={login} errors={errors} />, errors._form ? 429 : 400);
  }

  @Post('deconnexion')
  async signOut(@Page() page: PageContext, @Req() req: WebRequest, @Res() res: Response): Promise<void> {
    const token = parseCookies(req.headers.cookie ?? '')[SESSION_COOKIE];
    if (page.user) await this.sessions.end(token, page.user.id, res);
    redirect(res, '/connexion?fait=deconnecte');
  }

  /**
   * The link of the QR code a facilitator shows. The code moves at once from the address into a
   * short-lived cookie of this page (then 303 to `/activer`), so it stays neither in the address
   * bar nor in the history of a shared phone; the form arrives with it filled in.
   */
  @Get('activer')
  activationForm(@Page() page: PageContext, @Query('code') code: unknown, @Req() req: WebRequest, @Res() res: Response): void {
    if (typeof code === 'string' && code !== '') {
      res.cookie(ACTIVATION_COOKIE, code.slice(0, 40), { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/activer', maxAge: 15 * 60_000 });
      return redirect(res, '/activer');
    }
    const kept = parseCookies(req.headers.cookie ?? '')[ACTIVATION_COOKIE] ?? '';
    sendPage(res, <ActivationPage page={page} code={kept.slice(0, 40)} username="" errors={{}} />);
  }

  @Post('activer')
  async activate(@Page() page: PageContext, @Body() body: unknown, @Ip() ip: string, @Req() req: WebRequest, @Res() res: Response): Promise<void> {
    const { value, errors } = await readForm(ActivateAccountDto, body, {
      code: 'Écris le code donné par l’équipe du fablab (12 lettres et chiffres).',
      username: 'Choisis un identifiant de 3 à 64 caractères : lettres minuscules sans accent, chiffres, point (.), tiret (-) ou tiret bas (_).',
      password: 'Choisis un mot de passe d’au moins 10 caractères.',
    });
    if (!errors.password && formText(body, 'password') !== formText(body, 'passwordConfirm')) {
      errors.passwordConfirm = 'Les deux mots de passe ne sont pas pareils. Écris deux fois le même.';
    }
    if (Object.keys(errors).length === 0) {
      try {
        const pair = await this.accounts.activate(value, ip);
        await this.sessions.start(req, res, pair, parseCookies(req.headers.cookie ?? '')[SESSION_COOKIE]);
        res.clearCookie(ACTIVATION_COOKIE, { path: '/activer' });
        return redirect(res, '/parcours?fait=bienvenue');
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        if (error.code === 'TOO_MANY_REQUESTS') errors._form = tooManyTries(error, res);
        else if (error.code === 'INVALID_CREDENTIALS') {
          errors.code = 'Ce code ne marche pas : il a peut-être déjà servi ou il a plus de 14 jours. Demande un nouveau code à l’équipe du fablab.';
        } else if (error.code === 'CONFLICT') errors.username = 'Cet identifiant est déjà pris. Choisis-en un autre.';
        else throw error;
      }
    }
    sendPage(
      res,
      <ActivationPage page={page} code={formText(body, 'code').slice(0, 40)} username={formText(body, 'username').slice(0, 64)} errors={errors} />,
      errors._form ? 429 : 400,
    );
  }
}
