import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { AvailabilityService } from '../../bookings/availability.service.js';
import { CHECK_IN_LEAD_MINUTES } from '../../bookings/booking-rules.js';
import type { BookingView } from '../../bookings/booking-view.js';
import { BookingsService } from '../../bookings/bookings.service.js';
import type { ListBookingsQuery } from '../../bookings/dto/list-bookings.query.js';
import type { AuthUser } from '../../common/auth/auth-user.js';
import type { PaginationQuery } from '../../common/http/pagination.js';
import { Clock } from '../../common/time/clock.service.js';
import { MachineMetricsService } from '../../machine-overview/machine-metrics.service.js';
import type { Machine } from '../../machines/machine.entity.js';
import { MachinesService } from '../../machines/machines.service.js';
import { IncidentsService } from '../../maintenance/incidents.service.js';
import { MaintenancePlansService } from '../../maintenance/maintenance-plans.service.js';
import { WorkOrdersService } from '../../maintenance/work-orders.service.js';
import { QualificationsService } from '../../participants/qualifications.service.js';
import { FrenchDates } from '../shell/french-dates.service.js';
import type { MachinePageData } from './machine.pages.js';

export const FIRST = (limit: number) => ({ limit, offset: 0 }) as PaginationQuery;
const METRICS_DAYS = 30;
const FREE_SLOTS_SHOWN = 5;

const QUARTER_MS = 15 * 60_000;

/** Free intervals as bookings can take them: starting on the 15-minute grid, at least 15 minutes long. */
export const bookableSlots = (free: { startsAt: string; endsAt: string }[]): { startsAt: string; endsAt: string }[] =>
  free.flatMap((slot) => {
    const start = Math.ceil(new Date(slot.startsAt).getTime() / QUARTER_MS) * QUARTER_MS;
    return new Date(slot.endsAt).getTime() - start >= QUARTER_MS ? [{ startsAt: new Date(start).toISOString(), endsAt: slot.endsAt }] : [];
  });

export const isTeam = (user: AuthUser): boolean => user.role === 'facilitator' || user.role === 'admin';

/**
 * What a machine's page shows to one person, read through the features' services with the
 * API's rules: a learner sees their own bookings only (BookingsService scopes them), the
 * sections of the team need a staff role, plans and actions a facilitator or an admin.
 */
@Injectable()
export class MachinePageLoader {
  constructor(
    private readonly machines: MachinesService,
    private readonly metrics: MachineMetricsService,
    private readonly incidents: IncidentsService,
    private readonly workOrders: WorkOrdersService,
    private readonly plans: MaintenancePlansService,
    private readonly bookings: BookingsService,
    private readonly availability: AvailabilityService,
    private readonly qualifications: QualificationsService,
    private readonly dates: FrenchDates,
    private readonly clock: Clock,
  ) {}

  /** What the machine page shows to this user: only what the API would show them. */
  async load(machine: Machine, user: AuthUser): Promise<MachinePageData> {
    const now = this.clock.now();
    const dayStart = DateTime.fromJSDate(now).setZone(this.dates.zone).startOf('day');
    const [since, today, availability, qualifiedUntil] = await Promise.all([
      this.since(machine.id),
      this.bookings.list(
        { machineId: machine.id, from: dayStart.toUTC().toISO() as string, to: dayStart.plus({ days: 1 }).toUTC().toISO() as string, ...FIRST(50) } as ListBookingsQuery,
        user,
      ),
      this.availability.forMachine(machine.id, {}),
      this.qualifiedUntil(machine, user, now),
    ]);
    const current = today.items.find((b) => this.isCurrentFor(b, user, now)) ?? null;
    let staff: MachinePageData['staff'] = null;
    if (user.role !== 'learner') {
      const team = isTeam(user);
      const [history, incidents, orders, metrics, plans] = await Promise.all([
        this.machines.statusHistory(machine.id, FIRST(10)),
        this.incidents.list(machine.id, FIRST(10)),
        this.workOrders.list({ machineId: machine.id, ...FIRST(30) } as never),
        this.metrics.forMachine(machine.id, new Date(now.getTime() - METRICS_DAYS * 86_400_000), now, now),
        team ? this.plans.list(machine.id, FIRST(50), now) : null,
      ]);
      staff = { history: history.items, incidents: incidents.items, orders: orders.items, metrics, plans: plans?.items ?? null, mayAct: team };
    }
    return {
      machine,
      since,
      qualifiedUntil,
      today: today.items,
      current,
      free: bookableSlots(availability.free).slice(0, FREE_SLOTS_SHOWN),
      staff,
    };
  }

  /** When the machine took its current status (the newest change of its history). */
  async since(machineId: string): Promise<string | null> {
    return (await this.machines.statusHistory(machineId, FIRST(1))).items[0]?.changedAt ?? null;
  }

  /** A learner's valid qualification for the machine: until when; null when they have none; undefined for others. */
  private async qualifiedUntil(machine: Machine, user: AuthUser, now: Date): Promise<string | null | undefined> {
    if (user.role !== 'learner') return undefined;
    if (!user.participantId) return null;
    const valid = await this.qualifications.validAt(user.participantId, now);
    return valid.find((q) => q.category === machine.category)?.expiresAt ?? null;
  }

  /** Their booking running now (or about to, from when check-in opens): its author, or the team, starts it from here. */
  private isCurrentFor(booking: BookingView, user: AuthUser, now: Date): boolean {
    if (booking.status !== 'confirmed') return false;
    const start = new Date(booking.startsAt).getTime() - CHECK_IN_LEAD_MINUTES * 60_000;
    if (now.getTime() < start || now.getTime() >= new Date(booking.endsAt).getTime()) return false;
    return booking.authorId === user.id || isTeam(user);
  }
}
