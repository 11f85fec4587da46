import { availableParallelism, cpus, platform, release, totalmem } from 'node:os';
import { Client } from 'pg';

export interface MachineDescription {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  postgres: string;
  database: 'embedded' | 'external';
}

/** What the figures depend on, recorded beside them: they mean little on another machine. */
export async function describeMachine(
  databaseUrl: string,
  database: 'embedded' | 'external',
): Promise<MachineDescription> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  let postgres: string;
  try {
    const result = await client.query<{ server_version: string }>('SHOW server_version');
    postgres = result.rows[0]?.server_version ?? 'unknown';
  } finally {
    await client.end();
  }
  return {
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    cores: availableParallelism(),
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: `${platform()} ${release()}`,
    node: process.version,
    postgres,
    database,
  };
}
