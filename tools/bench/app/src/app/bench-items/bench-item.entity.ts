import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A tenant-owned row shaped by DESIGN.md's rules: keyed by (workspace_id, id), guarded by RLS. */
@Entity()
export class BenchItem {
  @PrimaryColumn('uuid')
  workspaceId: string;

  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  name: string;

  @Column('integer')
  quantity: number;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;
}
