import { Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';

export type ThreadMessageRole = 'user' | 'assistant';

/** One message of a thread: a prompt, or the model's answer to it (guardrails applied). */
@Entity({ name: 'ai_thread_messages' })
@ForeignKey('Workspace', ['workspaceId'], ['id'], { onDelete: 'CASCADE' })
@ForeignKey('AiThread', ['workspaceId', 'threadId'], ['workspaceId', 'id'], { onDelete: 'CASCADE' })
export class AiThreadMessage {
  @PrimaryColumn('uuid')
  workspaceId: string;

  @PrimaryColumn('uuid')
  threadId: string;

  /** 1 for the first message of the thread. */
  @PrimaryColumn('integer')
  seq: number;

  @Column('text')
  role: ThreadMessageRole;

  @Column('text')
  content: string;

  /** The execution that appended it. */
  @Column('uuid', { nullable: true })
  executionId: string | null;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;
}
