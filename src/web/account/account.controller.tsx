import { Body, Controller, Get, Ip, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { ParticipantExportService } from '../../gdpr/participant-export.service.js';
import { ChangePasswordDto } from '../../auth/dto/change-password.dto.js';
import { ErrorSummary, type FieldErrors, Notice, PostForm, TextInput } from '../shell/components.js';
import { formText, readForm } from '../shell/forms.js';
import { Layout } from '../shell/layout.js';
import { redirect, sendPage } from '../shell/render.js';
import { setRetryAfter } from '../shell/retry-after.js';
import { ForRoles, Page, WebPages } from '../shell/web-page.decorator.js';
import { type PageContext, say } from '../shell/web-request.js';
import { WebSessionService } from '../shell/web-session.service.js';

/** "Mon compte": my data (learners: the GDPR export), log out everywhere. */
@WebPages()
@ForRoles('learner', 'trainer', 'facilitator', 'admin')
@Controller('compte')
export class AccountController {
  constructor(
    private readonly sessions: WebSessionService,
    private readonly exports: ParticipantExportService,
  ) {}

  @Get()
  show(@Page() page: PageContext, @Query('fait') done: unknown, @Res() res: Response): void {
    const notice = done === 'motdepasse' ? say(page, 'Ton mot de passe est changé. Tes autres appareils sont déconnectés.', 'Votre mot de passe est changé. Vos autres appareils sont déconnectés.') : null;
    sendPage(res, <AccountPage page={page} notice={notice} errors={{}} />);
  }

  /** The same rule as POST /auth/password: checked under the login throttle; this session goes on, the others end. */
  @Post('mot-de-passe')
  async changePassword(@Page() page: PageContext, @Body() body: unknown, @Ip() ip: string, @Res() res: Response): Promise<void> {
    const { value, errors } = await readForm(ChangePasswordDto, body, {
      currentPassword: say(page, 'Écris ton mot de passe actuel.', 'Saisissez votre mot de passe actuel.'),
      newPassword: say(page, 'Choisis un nouveau mot de passe d’au moins 10 caractères.', 'Choisissez un nouveau mot de passe d’au moins 10 caractères.'),
    });
    if (!errors.newPassword && formText(body, 'newPassword') !== formText(body, 'newPasswordConfirm')) {
      errors.newPasswordConfirm = say(page, 'Les deux nouveaux mots de passe ne sont pas pareils. Écris deux fois le même.', 'Les deux nouveaux mots de passe sont différents. Saisissez deux fois le même.');
    }
    if (Object.keys(errors).length === 0) {
      try {
        await this.sessions.changePassword(page.user as AuthUser, value.currentPassword, value.newPassword, ip);
        return redirect(res, '/compte?fait=motdepasse');
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        if (error.code === 'INVALID_CREDENTIALS') errors.currentPassword = say(page, 'Ce n’est pas ton mot de passe actuel. Vérifie et réessaie.', 'Ce n’est pas votre mot de passe actuel. Vérifiez et réessayez.');
        else if (error.code === 'TOO_MANY_REQUESTS') {
          setRetryAfter(res, error);
          errors._form = say(page, 'Il y a eu trop d’essais. Attends quelques minutes avant de recommencer.', 'Il y a eu trop d’essais. Attendez quelques minutes avant de recommencer.');
        } else throw error;
      }
    }
    sendPage(res, <AccountPage page={page} notice={null} errors={errors} />, errors._form ? 429 : 400);
  }

  /** The learner's own GDPR export, as a file: the same document as GET /participants/:id/export. */
  @Get('mes-donnees')
  async myData(@Page() page: PageContext, @Res() res: Response): Promise<void> {
    const user = page.user as AuthUser;
    if (user.role !== 'learner' || !user.participantId) throw DomainError.notFound('Page');
    const data = await this.exports.export(user.participantId, user);
    res
      .status(200)
      .type('application/json')
      .setHeader('Cache-Control', 'no-store')
      .setHeader('Content-Disposition', 'attachment; filename="mes-donnees-fablab.json"')
      .send(JSON.stringify(data, null, 2));
  }

  @Post('deconnexion-partout')
  async signOutEverywhere(@Page() page: PageContext, @Res() res: Response): Promise<void> {
    await this.sessions.endEverywhere((page.user as AuthUser).id, res);
    redirect(res, '/connexion?fait=deconnecte');
  }
}

function AccountPage({ page, notice, errors }: { page: PageContext; notice: string | null; errors: FieldErrors }) {
  const user = page.user as AuthUser;
  const young = user.role === 'learner';
  return (
    <Layout page={page} title={Object.keys(errors).length ? 'Erreur – Mon compte' : 'Mon compte'}>
      <h1>Mon compte</h1>
      <Notice message={notice} />
      <ErrorSummary errors={errors} />
      <p class="lead">Compte : {user.displayName}</p>
      <h2>{young ? 'Changer mon mot de passe' : 'Changer de mot de passe'}</h2>
      <PostForm page={page} action="/compte/mot-de-passe">
        <TextInput name="currentPassword" label="Mot de passe actuel" type="password" autocomplete="current-password" error={errors.currentPassword} />
        <TextInput name="newPassword" label="Nouveau mot de passe" hint="10 caractères au moins." type="password" autocomplete="new-password" error={errors.newPassword} />
        <TextInput name="newPasswordConfirm" label="Encore le nouveau mot de passe" type="password" autocomplete="new-password" error={errors.newPasswordConfirm} />
        <div class="actions">
          <button type="submit">Changer le mot de passe</button>
        </div>
      </PostForm>
      <p class="muted">
        {young
          ? 'Mot de passe oublié ? Demande un nouveau code à l’équipe du fablab : avec lui, tu en choisis un nouveau sur la page « Créer mon compte ».'
          : 'Mot de passe oublié ? L’administrateur peut vous en donner un nouveau.'}
      </p>
      {young ? (
        <>
          <h2>Mes données</h2>
          <p>Tu peux télécharger tout ce que le fablab garde sur toi : ton inscription, ton parcours, tes habilitations, tes réservations.</p>
          <p>
            <a class="button button-secondary" href="/compte/mes-donnees" download="mes-donnees-fablab.json">
              Télécharger mes données
            </a>
          </p>
        </>
      ) : null}
      <h2>Me déconnecter partout</h2>
      <p>
        {young
          ? 'Sur un téléphone perdu ou un ordinateur partagé : ton compte sera déconnecté de tous les appareils, y compris celui-ci.'
          : 'Sur un appareil perdu ou partagé : votre compte sera déconnecté de tous les appareils, y compris celui-ci.'}
      </p>
      <PostForm page={page} action="/compte/deconnexion-partout">
        <button type="submit" class="button-danger">
          Me déconnecter partout
        </button>
      </PostForm>
    </Layout>
  );
}
