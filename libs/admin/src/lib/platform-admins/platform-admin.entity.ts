import { Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';

/** A user who may use `/v1/admin/*`: granted and revoked only from the command line (`admin:grant`, `admin:revoke`). */
@Entity({ name: 'platform_admins' })
export class PlatformAdmin {
  @PrimaryColumn('uuid')
  @ForeignKey('User', { onDelete: 'CASCADE' })
  userId: string;

  @Column('timestamptz', { default: () => 'now()' })
  grantedAt: Date;

  /** Who ran the command: `cli:<operating-system user>`. */
  @Column('text')
  grantedBy: string;
}
