import type { AiTool } from '../tools/ai-tool';
import type { ModelTool } from './model-provider';

/**
 * The names tools go by on the wire. Providers take `[A-Za-z0-9_-]{1,64}`:
 * `projects.list` is offered as `projects_list`, and a name that would clash
 * with another's gets a number.
 */
export class ToolWireNames {
  private readonly toKeel = new Map<string, string>();
  readonly offered: ModelTool[] = [];

  constructor(tools: readonly AiTool[]) {
    for (const tool of tools) {
      const base = tool.name.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 60);
      let wire = base;
      for (let suffix = 2; this.toKeel.has(wire); suffix++) wire = `${base}_${suffix}`;
      this.toKeel.set(wire, tool.name);
      this.offered.push({ name: wire, description: tool.description, inputSchema: tool.inputSchema });
    }
  }

  /** The Keel tool a wire name stands for; the wire name itself when no offered tool has it (the runner refuses it). */
  keelName(wire: string): string {
    return this.toKeel.get(wire) ?? wire;
  }
}
