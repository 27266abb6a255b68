import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A user's e-mail choices, per kind; kinds not listed follow DEFAULT_EMAIL_PREFERENCES. */
@Entity('notification_preferences')
export class NotificationPreference {
  @PrimaryColumn('varchar', { length: 36 })
  userId: string;

  @Column('simple-json')
  email: Record<string, boolean>;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
