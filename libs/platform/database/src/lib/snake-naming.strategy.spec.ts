import 'reflect-metadata';
import { Column, DataSource, Entity, ManyToOne, PrimaryColumn } from 'typeorm';
import { ConnectionMetadataBuilder } from 'typeorm/connection/ConnectionMetadataBuilder';
import { SnakeNamingStrategy } from './snake-naming.strategy';

class PostalAddress {
  @Column()
  streetLine: string;

  @Column()
  postalCode: string;
}

@Entity()
class Workspace {
  @PrimaryColumn('uuid')
  id: string;
}

@Entity()
class WorkspaceMember {
  @PrimaryColumn('uuid')
  workspaceId: string;

  @PrimaryColumn('uuid')
  id: string;

  @Column({ type: 'timestamptz' })
  createdAt: Date;

  @Column(() => PostalAddress)
  billingAddress: PostalAddress;

  @ManyToOne(() => Workspace)
  invitedBy: Workspace;
}

describe('SnakeNamingStrategy', () => {
  const naming = new SnakeNamingStrategy();

  it.each([
    ['WorkspaceMember', 'workspace_member'],
    ['Project', 'project'],
    ['ApiKey', 'api_key'],
    ['OAuthClient', 'o_auth_client'],
    ['JobRunEvent', 'job_run_event'],
  ])('should name the table of class %s %s', (className, table) => {
    expect(naming.tableName(className, undefined)).toBe(table);
  });

  it('should keep a table name given in @Entity', () => {
    expect(naming.tableName('WorkspaceMember', 'memberships')).toBe('memberships');
  });

  it.each([
    ['createdAt', 'created_at'],
    ['workspaceId', 'workspace_id'],
    ['id', 'id'],
    ['expiresAt', 'expires_at'],
    ['userID', 'user_id'],
    ['sha256Digest', 'sha256_digest'],
  ])('should name the column of property %s %s', (property, column) => {
    expect(naming.columnName(property, undefined, [])).toBe(column);
  });

  it('should keep a column name given in @Column', () => {
    expect(naming.columnName('createdAt', 'made_at', [])).toBe('made_at');
  });

  it('should prefix the columns of an embedded entity with its property name', () => {
    expect(naming.columnName('city', undefined, ['billingAddress'])).toBe('billing_address_city');
    expect(naming.columnName('postalCode', undefined, ['billingAddress'])).toBe('billing_address_postal_code');
  });

  it('should join the prefixes of nested embedded entities', () => {
    expect(naming.columnName('lat', undefined, ['shipping', 'geoPoint'])).toBe('shipping_geo_point_lat');
  });

  it('should prefix a custom column name inside an embedded entity', () => {
    expect(naming.columnName('createdAt', 'made_at', ['audit'])).toBe('audit_made_at');
  });

  it('should name relations and join columns in snake_case', () => {
    expect(naming.relationName('createdBy')).toBe('created_by');
    expect(naming.joinColumnName('workspace', 'id')).toBe('workspace_id');
    expect(naming.joinColumnName('createdBy', 'userId')).toBe('created_by_user_id');
  });

  it('should name join tables and their columns in snake_case', () => {
    expect(naming.joinTableName('project', 'label', 'labels')).toBe('project_labels_label');
    expect(naming.joinTableName('project', 'label', 'meta.tagLabels')).toBe('project_meta_tag_labels_label');
    expect(naming.joinTableColumnName('project', 'id')).toBe('project_id');
    expect(naming.joinTableColumnName('workspaceMember', 'id', 'memberId')).toBe('workspace_member_member_id');
  });

  it('should give the tables and columns TypeORM builds for real entities snake_case names', async () => {
    // Metadata only: the DataSource is never connected.
    const dataSource = new DataSource({
      type: 'postgres',
      namingStrategy: naming,
      entities: [Workspace, WorkspaceMember],
    });
    const metadata = await new ConnectionMetadataBuilder(dataSource).buildEntityMetadatas([Workspace, WorkspaceMember]);
    const member = metadata.find((entity) => entity.target === WorkspaceMember);

    expect(member?.tableName).toBe('workspace_member');
    expect(member?.columns.map((column) => column.databaseName).sort()).toEqual([
      'billing_address_postal_code',
      'billing_address_street_line',
      'created_at',
      'id',
      'invited_by_id',
      'workspace_id',
    ]);
  });
});
