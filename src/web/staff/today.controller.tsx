import { Controller, Get, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { DateTime } from 'luxon';
import { BookingsService } from '../../bookings/bookings.service.js';
import { ListBookingsQuery } from '../../bookings/dto/list-bookings.query.js';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { Clock } from '../../common/time/clock.service.js';
import { AppConfig } from '../../config/app-config.js';
import { MachinesService } from '../../machines/machines.service.js';
import { MaintenanceDueService } from '../../maintenance/maintenance-due.service.js';
import { ParticipantActivityService } from '../../participants/participant-activity.service.js';
import { ParticipantsService } from '../../participants/participants.service.js';
import { StepValidationsService } from '../../participants/step-validations.service.js';
import { PartnersService } from '../../partners/partners.service.js';
import { FrenchDates } from '../shell/french-dates.service.js';
import { redirect, sendPage } from '../shell/render.js';
import { ForRoles, Page, WebPages } from '../shell/web-page.decorator.js';
import type { PageContext } from '../shell/web-request.js';
import { type TodayData, TodayPage } from './today.page.js';
import { noticeFrom } from '../shell/notices.js';

const DONE: Record<string, string> = {
  arrivee: 'Le groupe est accueilli : la séance a commencé.',
  depart: 'La séance est terminée : les présences et les minutes de machine sont notées.',
};

/** At most this many lines of each list on the page; the count says how many there are. */
const SHOWN = 8;

/**
 * "Aujourd'hui" (`/equipe`), the home of the fablab's team: today's sessions machine by machine
 * with their attendees and one-tap check-in and check-out (the session pages' own posts, which
 * come back here), the steps waiting for validation, machines out of order and maintenance due,
 * young people whose path has stalled. Each line links to where it is handled. A trainer's home
 * is `/formateur`.
 */
@WebPages()
@ForRoles('facilitator', 'admin', 'trainer')
@Controller('equipe')
export class TodayController {
  constructor(
    private readonly bookings: BookingsService,
    private readonly machines: MachinesService,
    private readonly due: MaintenanceDueService,
    private readonly validations: StepValidationsService,
    private readonly activity: ParticipantActivityService,
    private readonly participants: ParticipantsService,
    private readonly partners: PartnersService,
    private readonly config: AppConfig,
    private readonly dates: FrenchDates,
    private readonly clock: Clock,
  ) {}

  @Get()
  async home(@Page() page: PageContext, @Query('fait') done: unknown, @Res() res: Response): Promise<void> {
    const user = page.user as AuthUser;
    if (user.role === 'trainer') return redirect(res, '/formateur');
    const now = this.clock.now();
    const day = DateTime.fromJSDate(now, { zone: this.dates.zone }).startOf('day');
    const stalledBefore = new Date(now.getTime() - this.config.inactivityDays * 86_400_000);
    const [sessions, toValidate, machines, due, stalled, partners] = await Promise.all([
      this.bookings.list(Object.assign(new ListBookingsQuery(), { from: day.toISO(), to: day.plus({ days: 1 }).toISO(), limit: 200, offset: 0 }), user),
      this.validations.submitted(user),
      this.machines.listAll(),
      this.due.listDue({ limit: SHOWN, offset: 0 }, now),
      this.activity.stalledEnrollments(stalledBefore),
      this.partners.list({ limit: 200, offset: 0 } as never),
    ]);
    const todays = sessions.items.filter((b) => b.status !== 'cancelled');
    const down = machines.filter((m) => m.status === 'out_of_order' || m.status === 'maintenance');
    const [since, names, stalledViews] = await Promise.all([
      Promise.all(down.map(async (m) => (await this.machines.statusHistory(m.id, { limit: 1, offset: 0 })).items[0] ?? null)),
      this.activity.names(todays.flatMap((b) => b.participantIds)),
      this.participants.enrollmentsOf(stalled.slice(0, SHOWN).map((e) => e.participantId)),
    ]);
    const stalledNames = await this.activity.names(stalled.slice(0, SHOWN).map((e) => e.participantId));
    const machineById = new Map(machines.map((m) => [m.id, m]));
    const partnerNames = new Map(partners.items.map((p) => [p.id, p.name]));
    const byMachine = new Map<string, TodayData['sessions'][number]>();
    for (const booking of todays) {
      const machine = machineById.get(booking.machineId);
      const group = byMachine.get(booking.machineId) ?? { machine: { id: booking.machineId, code: machine?.code ?? '', name: machine?.name ?? 'Machine', status: machine?.status ?? 'available' }, bookings: [] };
      group.bookings.push({
        ...booking,
        partnerName: booking.partnerId ? (partnerNames.get(booking.partnerId) ?? null) : null,
        attendees: booking.participantIds.map((id) => ({ id, name: names.get(id) ?? 'Personne effacée', came: booking.attendeeIds.includes(id) })),
      });
      byMachine.set(booking.machineId, group);
    }
    const data: TodayData = {
      now,
      sessions: [...byMachine.values()].sort((a, b) => a.machine.name.localeCompare(b.machine.name, 'fr')),
      toValidate: { total: toValidate.length, items: toValidate.slice(0, SHOWN) },
      down: down.map((m, i) => ({ id: m.id, code: m.code, name: m.name, status: m.status, since: since[i]?.changedAt ?? null, reason: since[i]?.reason ?? null })),
      due: due,
      stalled: {
        total: stalled.length,
        days: this.config.inactivityDays,
        items: stalled.slice(0, SHOWN).map((e) => ({
          participantId: e.participantId,
          name: stalledNames.get(e.participantId) ?? '',
          pathTitle: stalledViews.get(e.participantId)?.find((v) => v.id === e.id)?.path.title ?? '',
          lastActivityAt: e.lastActivityAt.toISOString(),
        })),
      },
    };
    sendPage(res, <TodayPage page={page} data={data} dates={this.dates} notice={noticeFrom(DONE, done)} />);
  }
}
