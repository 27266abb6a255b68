import type { ComponentChildren } from 'preact';
import type { Role } from '../../users/role.js';
import { STYLESHEET_PATH } from '../assets/assets.js';
import { Csrf, Icon } from './components.js';
import type { PageContext } from './web-request.js';

export const PLACE_NAME = 'Dynamo Fablab';

interface NavItem {
  href: string;
  label: string;
}

/** The fablab's team: facilitators and the manager share their menu. */
const TEAM_NAV: NavItem[] = [
  { href: '/equipe', label: 'Accueil' },
  { href: '/equipe/participants', label: 'Participants' },
  { href: '/validations', label: 'À valider' },
  { href: '/atelier', label: 'Machines' },
  { href: '/equipe/objectif', label: 'Objectif' },
  { href: '/equipe/bilan', label: 'Bilan' },
  { href: '/signaler', label: 'Signaler une panne' },
  { href: '/notifications', label: 'Notifications' },
  { href: '/compte', label: 'Mon compte' },
];

const NAV_BY_ROLE: Record<Role, NavItem[]> = {
  learner: [
    { href: '/parcours', label: 'Mon parcours' },
    { href: '/habilitations', label: 'Mes habilitations' },
    { href: '/reservations', label: 'Mes réservations' },
    { href: '/atelier', label: 'Machines' },
    { href: '/notifications', label: 'Notifications' },
    { href: '/signaler', label: 'Signaler une panne' },
    { href: '/compte', label: 'Mon compte' },
  ],
  facilitator: TEAM_NAV,
  admin: [...TEAM_NAV.slice(0, -1), { href: '/gestion', label: 'Gestion' }, ...TEAM_NAV.slice(-1)],
  // A partner's trainer: their sessions first, the young people their organisation referred.
  trainer: [
    { href: '/formateur', label: 'Accueil' },
    { href: '/formateur/reserver', label: 'Réserver' },
    { href: '/formateur/reservations', label: 'Mes réservations' },
    { href: '/equipe/participants', label: 'Mes jeunes' },
    { href: '/validations', label: 'À valider' },
    { href: '/atelier', label: 'Machines' },
    { href: '/equipe/bilan', label: 'Bilan' },
    { href: '/signaler', label: 'Signaler' },
    { href: '/notifications', label: 'Notifications' },
    { href: '/compte', label: 'Mon compte' },
  ],
};

/** Homes ("Accueil") are current on themselves only: their sub-pages have their own entries. */
const HOMES = new Set(['/equipe', '/formateur']);

const isCurrent = (href: string, path: string): boolean =>
  path === href || (!HOMES.has(href) && path.startsWith(`${href}/`));

/**
 * Every page: a skip link, a header with the place's name, the person and a way out, the
 * navigation of their role, one main landmark holding the page's single h1.
 */
export function Layout({ page, title, children }: { page: PageContext; title: string; children: ComponentChildren }) {
  const user = page.user;
  return (
    <html lang="fr">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="same-origin" />
        <title>{`${title} – ${PLACE_NAME}`}</title>
        <link rel="stylesheet" href={STYLESHEET_PATH} />
      </head>
      <body>
        <a class="skip-link" href="#contenu">
          Aller au contenu
        </a>
        <header class="site-header">
          <div class="wrap header-row">
            <a class="brand" href="/">
              {PLACE_NAME}
            </a>
            {user ? (
              <div class="who">
                <span class="who-line">
                  <span class="who-name">{user.displayName}</span>
                  {page.unread > 0 ? (
                    // On a phone the menu scrolls sideways: the unread count stays in sight here.
                    <a class="who-unread" href="/notifications">
                      <span class="badge">
                        {page.unread}
                        <span class="visually-hidden"> notification{page.unread > 1 ? 's' : ''} non lue{page.unread > 1 ? 's' : ''}</span>
                      </span>
                    </a>
                  ) : null}
                </span>
                <form method="post" action="/deconnexion" class="inline">
                  <Csrf page={page} />
                  <button type="submit" class="button-link">
                    Se déconnecter
                  </button>
                </form>
              </div>
            ) : null}
          </div>
          {user ? (
            <nav class="wrap site-nav" aria-label="Menu principal">
              <ul>
                {NAV_BY_ROLE[user.role].map((item) => (
                  <li key={item.href}>
                    <a href={item.href} aria-current={isCurrent(item.href, page.path) ? 'page' : undefined}>
                      {item.href === '/notifications' ? <Icon name="bell" /> : null}
                      {item.label}
                      {item.href === '/notifications' && page.unread > 0 ? (
                        <span class="badge">
                          {page.unread}
                          <span class="visually-hidden"> non lue{page.unread > 1 ? 's' : ''}</span>
                        </span>
                      ) : null}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          ) : null}
        </header>
        <main id="contenu" class="wrap" tabindex={-1}>
          {children}
        </main>
        <footer class="site-footer">
          <div class="wrap">
            <p>
              {PLACE_NAME} · <a href="/api/docs">API</a>
            </p>
          </div>
        </footer>
      </body>
    </html>
  );
}
