import { ApiProperty } from '@nestjs/swagger';
import { BookingView } from '../bookings/booking-view.js';
import { EnrollmentPathView, EnrollmentView, NextStepView } from '../participants/enrollment-view.js';
import { QualificationView } from '../participants/qualification-view.js';

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
  upcomingBookings: BookingView[];

  @ApiProperty({ type: 'integer', minimum: 0 })
  unreadNotifications: number;
}
