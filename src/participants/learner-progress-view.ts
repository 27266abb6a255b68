import { ApiProperty } from '@nestjs/swagger';
// For the document only: the coming bookings come from the bookings feature through
// LearnerDashboardRegistry, which participants cannot depend on at run time.
import { BookingView } from '../bookings/booking-view.js';
import { EnrollmentPathView, EnrollmentView, NextStepView } from './enrollment-view.js';
import { QualificationView } from './qualification-view.js';

/** The next step of the most recent active enrolment, with that enrolment and its path. */
export class LearnerNextStepView extends NextStepView {
  @ApiProperty({ format: 'uuid' })
  enrollmentId: string;

  @ApiProperty({ type: EnrollmentPathView })
  path: EnrollmentPathView;
}

/** GET /me/progress: a learner's dashboard. */
export class LearnerProgress {
  @ApiProperty({ format: 'uuid' })
  participantId: string;

  @ApiProperty()
  firstName: string;

  @ApiProperty({ type: [EnrollmentView] })
  enrollments: EnrollmentView[];

  @ApiProperty({ type: LearnerNextStepView, nullable: true, description: 'what to do next, in the most recent active enrolment' })
  nextStep: LearnerNextStepView | null;

  @ApiProperty({ type: [QualificationView], description: 'the valid ones' })
  qualifications: QualificationView[];

  @ApiProperty({ type: [BookingView], description: 'coming bookings the learner made or attends, soonest first' })
  upcomingBookings: unknown[];

  @ApiProperty({ type: 'integer', minimum: 0 })
  unreadNotifications: number;
}
