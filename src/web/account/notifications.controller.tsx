import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { NOTIFICATION_KINDS, type NotificationKind } from '../../notifications/notification-kind.js';
import { NotificationPreferencesService } from '../../notifications/notification-preferences.service.js';
import type { NotificationView } from '../../notifications/notification-view.js';
import { NotificationsService } from '../../notifications/notifications.service.js';
import { Checkbox, Notice, PostForm } from '../shell/components.js';
import { FrenchDates } from '../shell/french-dates.service.js';
import { NOTIFICATION_KIND_LABEL } from '../shell/labels.js';
import { Layout } from '../shell/layout.js';
import { redirect, sendPage } from '../shell/render.js';
import { ForRoles, Page, WebPages } from '../shell/web-page.decorator.js';
import { isUuid } from '../shell/web-paths.js';
import { type PageContext, say } from '../shell/web-request.js';
import { noticeFrom } from '../shell/notices.js';

const PAGE_SIZE = 20;

/** What each role may receive, for the e-mail preferences. */
const KINDS_FOR: Record<AuthUser['role'], NotificationKind[]> = {
  learner: ['booking_reminder', 'booking_cancelled', 'booking_moved', 'booking_affected', 'step_validated', 'path_completed', 'qualification_expiring', 'inactivity_nudge'],
  trainer: ['booking_reminder', 'booking_cancelled', 'booking_moved', 'booking_affected', 'machine_down', 'machine_back'],
  facilitator: [...NOTIFICATION_KINDS].filter((k) => k !== 'inactivity_nudge'),
  admin: [...NOTIFICATION_KINDS].filter((k) => k !== 'inactivity_nudge'),
};

const DONE: Record<string, string> = {
  lue: 'Notification marquée comme lue.',
  toutlu: 'Tout est marqué comme lu.',
  preferences: 'Choix enregistrés.',
};

/** The inbox: newest first, unread ones marked, mark read, e-mail preferences. Everyone has one. */
@WebPages()
@ForRoles('learner', 'trainer', 'facilitator', 'admin')
@Controller('notifications')
export class NotificationsPageController {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly preferences: NotificationPreferencesService,
    private readonly dates: FrenchDates,
  ) {}

  @Get()
  async list(@Page() page: PageContext, @Query('page') pageNumber: unknown, @Query('fait') done: unknown, @Res() res: Response): Promise<void> {
    const user = page.user as AuthUser;
    const number = Math.min(Math.max(1, Number.parseInt(String(pageNumber ?? '1'), 10) || 1), 1000);
    const [list, prefs] = await Promise.all([
      this.notifications.list(user.id, { limit: PAGE_SIZE, offset: (number - 1) * PAGE_SIZE } as never),
      this.preferences.view(user.id),
    ]);
    sendPage(
      res,
      <InboxPage
        page={page}
        items={list.items}
        total={list.total}
        number={number}
        kinds={KINDS_FOR[user.role]}
        email={prefs.email as Record<string, boolean>}
        dates={this.dates}
        notice={noticeFrom(DONE, done)}
      />,
    );
  }

  @Post('tout-lu')
  async readAll(@Page() page: PageContext, @Res() res: Response): Promise<void> {
    await this.notifications.markAllRead((page.user as AuthUser).id);
    redirect(res, '/notifications?fait=toutlu');
  }

  @Post('preferences')
  async savePreferences(@Page() page: PageContext, @Body() body: unknown, @Res() res: Response): Promise<void> {
    const user = page.user as AuthUser;
    const form = (body ?? {}) as Record<string, unknown>;
    // An unticked box sends nothing: every kind shown on the form is set, ticked or not.
    const email = Object.fromEntries(KINDS_FOR[user.role].map((kind) => [kind, form[`email-${kind}`] === 'on']));
    await this.preferences.update(user.id, email);
    redirect(res, '/notifications?fait=preferences');
  }

  @Post(':id/lue')
  async read(@Page() page: PageContext, @Param('id') id: string, @Res() res: Response): Promise<void> {
    if (!isUuid(id)) throw DomainError.notFound('Notification');
    await this.notifications.markRead((page.user as AuthUser).id, id);
    redirect(res, '/notifications?fait=lue');
  }
}

function InboxPage(props: {
  page: PageContext;
  items: NotificationView[];
  total: number;
  number: number;
  kinds: NotificationKind[];
  email: Record<string, boolean>;
  dates: FrenchDates;
  notice: string | null;
}) {
  const { page, items, number, total } = props;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  return (
    <Layout page={page} title="Notifications">
      <h1>Notifications</h1>
      <Notice message={props.notice} />
      {page.unread > 0 ? (
        <PostForm page={page} action="/notifications/tout-lu">
          <p>
            {page.unread} non lue{page.unread > 1 ? 's' : ''}.{' '}
            <button type="submit" class="button-secondary">
              Tout marquer comme lu
            </button>
          </p>
        </PostForm>
      ) : (
        <p>Tout est lu.</p>
      )}
      {items.length === 0 ? <p>Aucune notification pour l’instant.</p> : null}
      <ul class="list">
        {items.map((n) => (
          <li key={n.id} class={n.readAt ? undefined : 'unread'}>
            <h2 class="h3">
              {n.readAt ? null : <span class="visually-hidden">Non lue : </span>}
              {n.title}
            </h2>
            <p>{n.body}</p>
            <p class="muted">{props.dates.moment(n.createdAt)}</p>
            {n.readAt ? null : (
              <PostForm page={page} action={`/notifications/${n.id}/lue`}>
                <button type="submit" class="button-secondary">
                  Marquer comme lue
                </button>
              </PostForm>
            )}
          </li>
        ))}
      </ul>
      {pages > 1 ? (
        <nav class="pagination" aria-label="Pages de notifications">
          {number > 1 ? <a href={`/notifications?page=${number - 1}`}>Plus récentes</a> : null}
          <span>
            Page {number} sur {pages}
          </span>
          {number < pages ? <a href={`/notifications?page=${number + 1}`}>Plus anciennes</a> : null}
        </nav>
      ) : null}
      <h2>Recevoir aussi par e-mail</h2>
      <PostForm page={page} action="/notifications/preferences">
        <fieldset>
          <legend>{say(page, 'Coche ce que tu veux aussi recevoir par e-mail (si ton compte a une adresse e-mail).', 'Cochez ce que vous voulez aussi recevoir par e-mail.')}</legend>
          {props.kinds.map((kind) => (
            <Checkbox key={kind} name={`email-${kind}`} label={NOTIFICATION_KIND_LABEL[kind]} checked={props.email[kind] === true} />
          ))}
        </fieldset>
        <div class="actions">
          <button type="submit">Enregistrer mes choix</button>
        </div>
      </PostForm>
    </Layout>
  );
}
