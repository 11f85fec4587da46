import { KeelConnection } from './connection';
import { KeelApi } from './keel-api';

/** What a command reads and writes: injected, so the CLI runs the same in a test as in a terminal. */
export interface KeelGateIo {
  env: NodeJS.ProcessEnv;
  cwd: string;
  out(line: string): void;
  err(line: string): void;
  /** Replaces the global fetch (tests). */
  fetch?: typeof fetch;
}

/** What a command runs with once its options are parsed. */
export interface CommandContext {
  io: KeelGateIo;
  connection: KeelConnection;
  api: KeelApi;
  /** Where the current release is remembered (.keel-gate.json or KEEL_GATE_STATE). */
  statePath: string;
}
