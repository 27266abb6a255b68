import { Controller, Get, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { ParticipantExportService } from '../../participants/participant-export.service.js';
import { Notice, PostForm } from '../shell/components.js';
import { Layout } from '../shell/layout.js';
import { redirect, sendPage } from '../shell/render.js';
import { ForRoles, Page, WebPages } from '../shell/web-page.decorator.js';
import type { PageContext } from '../shell/web-request.js';
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
    const user = page.user as AuthUser;
    sendPage(
      res,
      <Layout page={page} title="Mon compte">
        <h1>Mon compte</h1>
        <Notice message={done === 'motdepasse' ? 'Ton mot de passe est changé.' : null} />
        <p class="lead">Connecté·e en tant que {user.displayName}.</p>
        <h2>Mot de passe oublié ou à changer</h2>
        <p>Demande un nouveau code à l’équipe du fablab : avec lui, tu choisis un nouveau mot de passe sur la page « Créer mon compte ».</p>
        {user.role === 'learner' ? (
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
        <p>Sur un téléphone perdu ou un ordinateur partagé : tu seras déconnecté·e de tous les appareils, y compris celui-ci.</p>
        <PostForm page={page} action="/compte/deconnexion-partout">
          <button type="submit" class="button-danger">
            Me déconnecter partout
          </button>
        </PostForm>
      </Layout>,
    );
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
