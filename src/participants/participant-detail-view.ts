import { ApiProperty } from '@nestjs/swagger';
import { EnrollmentSummary, EnrollmentView } from './enrollment-view.js';
import { ParticipantView } from './participant-view.js';

/** The learner account of a participant, as staff see it. */
export class ParticipantAccountView {
  @ApiProperty({ format: 'uuid' })
  userId: string;

  @ApiProperty({ type: String, nullable: true, description: 'null until the learner activates the account' })
  username: string | null;

  @ApiProperty()
  activated: boolean;

  @ApiProperty()
  active: boolean;
}

/** GET /participants/:id: the participant, their enrolments with progress, their account. */
export class ParticipantDetail extends ParticipantView {
  @ApiProperty({ type: [EnrollmentView] })
  enrollments: EnrollmentView[];

  @ApiProperty({ type: ParticipantAccountView, nullable: true })
  account: ParticipantAccountView | null;
}

/** A line of GET /participants: the participant and their enrolments without the steps. */
export class ParticipantListItem extends ParticipantView {
  @ApiProperty({ type: [EnrollmentSummary] })
  enrollments: EnrollmentSummary[];
}
