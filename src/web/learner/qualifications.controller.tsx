import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { MACHINE_CATEGORIES, type MachineCategory } from '../../common/machine-category.js';
import { Clock } from '../../common/time/clock.service.js';
import { LearningPathsService } from '../../learning-paths/learning-paths.service.js';
import { MachinesService } from '../../machines/machines.service.js';
import { QualificationsService } from '../../participants/qualifications.service.js';
import { Icon } from '../shell/components.js';
import { FrenchDates } from '../shell/french-dates.service.js';
import { CATEGORY_LABEL } from '../shell/labels.js';
import { Layout } from '../shell/layout.js';
import { sendPage } from '../shell/render.js';
import { ForRoles, Page, WebPages } from '../shell/web-page.decorator.js';
import type { PageContext } from '../shell/web-request.js';

interface Held {
  category: MachineCategory;
  expiresAt: string;
  machines: string[];
}

interface Missing {
  category: MachineCategory;
  machines: string[];
  /** Path steps that grant it: "Apprendre, étape 3 : Découpeuse laser". */
  ways: string[];
}

/** "Mes habilitations": the machines I may use and until when; how to be allowed on the others. */
@WebPages()
@ForRoles('learner')
@Controller('habilitations')
export class QualificationsController {
  constructor(
    private readonly qualifications: QualificationsService,
    private readonly machines: MachinesService,
    private readonly paths: LearningPathsService,
    private readonly dates: FrenchDates,
    private readonly clock: Clock,
  ) {}

  @Get()
  async show(@Page() page: PageContext, @Res() res: Response): Promise<void> {
    const learner = page.user as AuthUser;
    const [valid, machines, paths] = await Promise.all([
      this.qualifications.validAt(learner.participantId as string, this.clock.now()),
      this.machines.listAll(),
      this.paths.list({ limit: 100, offset: 0 } as never),
    ]);
    const inUse = machines.filter((m) => m.status !== 'retired');
    const namesOf = (category: MachineCategory) => inUse.filter((m) => m.category === category).map((m) => m.name);
    const heldCategories = new Map<MachineCategory, string>();
    for (const q of valid) if ((heldCategories.get(q.category) ?? '') < q.expiresAt) heldCategories.set(q.category, q.expiresAt);
    const held: Held[] = [...heldCategories].map(([category, expiresAt]) => ({ category, expiresAt, machines: namesOf(category) }));
    const needed = new Set(inUse.filter((m) => m.requiresQualification).map((m) => m.category));
    const missing: Missing[] = MACHINE_CATEGORIES.filter((c) => needed.has(c) && !heldCategories.has(c)).map((category) => ({
      category,
      machines: namesOf(category),
      ways: paths.items.flatMap((path) =>
        path.steps.filter((s) => s.grantsQualification === category).map((s) => `parcours ${path.title}, étape ${s.position} : ${s.title}`),
      ),
    }));
    const free = inUse.filter((m) => !m.requiresQualification).map((m) => m.name);
    sendPage(res, <QualificationsPage page={page} held={held} missing={missing} free={free} dates={this.dates} />);
  }
}

function QualificationsPage({ page, held, missing, free, dates }: { page: PageContext; held: Held[]; missing: Missing[]; free: string[]; dates: FrenchDates }) {
  return (
    <Layout page={page} title="Mes habilitations">
      <h1>Mes habilitations</h1>
      <p class="lead">Une habilitation, c’est le droit d’utiliser une machine sans aide, après l’avoir apprise avec l’équipe.</p>
      <h2>Les machines que tu peux utiliser</h2>
      {held.length === 0 && free.length === 0 ? <p>Aucune pour l’instant.</p> : null}
      <ul class="list">
        {held.map((h) => (
          <li key={h.category}>
            <span class="status status-ok">
              <Icon name="check" /> {CATEGORY_LABEL[h.category]}
            </span>
            <br />
            Jusqu’au {dates.date(h.expiresAt)}
            {h.machines.length ? ` · ${h.machines.join(', ')}` : ''}
          </li>
        ))}
        {free.length ? (
          <li>
            <span class="status status-ok">
              <Icon name="check" /> Sans habilitation
            </span>
            <br />
            {free.join(', ')}
          </li>
        ) : null}
      </ul>
      {held.length ? (
        <p>
          <a href="/reservations/nouvelle">Réserver une machine en accès libre</a>
        </p>
      ) : null}
      <h2>Pour les autres machines</h2>
      {missing.length === 0 ? (
        <p>Tu as toutes les habilitations. Bravo !</p>
      ) : (
        <ul class="list">
          {missing.map((m) => (
            <li key={m.category}>
              <span class="status status-todo">
                <Icon name="lock" /> {CATEGORY_LABEL[m.category]}
              </span>
              {m.machines.length ? <> · {m.machines.join(', ')}</> : null}
              <br />
              {m.ways.length ? <>Pour l’obtenir : {m.ways.join(' ; ')}.</> : <>Demande à l’équipe du fablab comment l’obtenir.</>}
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}
