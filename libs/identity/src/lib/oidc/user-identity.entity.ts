import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Unique } from 'typeorm';
import { User } from '../users/user.entity';

/** An account's link to a subject of an OpenID Provider: signing in there signs this account in. */
@Entity({ name: 'user_identities' })
@Unique(['provider', 'subject'])
@Index('user_identities_user_id_idx', ['userId'])
export class UserIdentity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  userId: string;

  /** Declared so the schema check knows the foreign key; links die with their user. */
  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  /** The provider's key in OIDC_PROVIDERS. */
  @Column('text')
  provider: string;

  /** The provider's `sub`: stable for the person at that provider, unlike their email. */
  @Column('text')
  subject: string;

  /** The email the provider last gave, for the account holder to recognise the link. */
  @Column('text', { nullable: true })
  email: string | null;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { default: () => 'now()' })
  lastUsedAt: Date;
}
