import { Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';

/** `pending` until decided; `expired` once past `expiresAt` undecided. Approved or rejected once, never again. */
export type ApprovalStatus = 'pending' | 'approved' | 'rejected' | 'expired';

/**
 * A call the policy held for approval, bound to exactly that call: the
 * execution and step, the tool and its version, the sha256 of the input and
 * of the call as a whole, and the policy version that asked.
 */
@Entity({ name: 'ai_approvals' })
@ForeignKey('Workspace', ['workspaceId'], ['id'], { onDelete: 'CASCADE' })
@ForeignKey('AiExecution', ['workspaceId', 'executionId'], ['workspaceId', 'id'], { onDelete: 'CASCADE' })
export class AiApproval {
  @PrimaryColumn('uuid')
  workspaceId: string;

  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  executionId: string;

  @Column('integer')
  step: number;

  @Column('text')
  tool: string;

  @Column('text')
  toolVersion: string;

  @Column('text')
  inputSha256: string;

  /** sha256 of the canonical JSON of `{tool, version, input}`. */
  @Column('text')
  callSha256: string;

  @Column('integer')
  policyVersion: number;

  /** The require_approval decision that asked for it. */
  @Column('uuid')
  decisionId: string;

  @Column('text')
  status: ApprovalStatus;

  @Column('text')
  requestedByType: string;

  @Column('uuid')
  requestedById: string;

  @Column('text', { nullable: true })
  decidedByType: string | null;

  @Column('uuid', { nullable: true })
  decidedById: string | null;

  @Column('timestamptz', { nullable: true })
  decidedAt: Date | null;

  @Column('timestamptz')
  expiresAt: Date;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;
}
