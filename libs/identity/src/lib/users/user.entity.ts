import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A person who signs in. Users are global: workspaces reach them through memberships. */
@Entity({ name: 'users' })
export class User {
  @PrimaryColumn('uuid')
  id: string;

  /** As the user typed it (trimmed). */
  @Column('text')
  email: string;

  /** Lower-cased: the unique key, so an address has one account whatever its case. */
  @Column('text', { unique: true })
  emailKey: string;

  @Column('text')
  name: string;

  /** argon2id PHC string; null for an account made by an OpenID Provider until its owner sets a password. */
  @Column('text', { nullable: true })
  passwordHash: string | null;

  @Column('timestamptz', { nullable: true })
  emailVerifiedAt: Date | null;

  /** Set by a platform admin: sign-in answers 403 ACCOUNT_DISABLED until it is cleared. */
  @Column('timestamptz', { nullable: true })
  disabledAt: Date | null;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { default: () => 'now()' })
  updatedAt: Date;
}
