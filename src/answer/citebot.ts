import type { CommandArgs, CommandDefinition } from './commands/types.ts';
import type { Reply } from './types.ts';
import type { SearchMode } from '../search/types.ts';

export interface IndexInfo {
  /** The build's folder name (unique per build). */
  build: string;
  builtAt: string;
  passages: number;
  files: number;
  mode: SearchMode;
}

/**
 * What adapters see of the engine: the single command list and a way to run a command.
 * `run` never throws: bad input, a missing index or an internal error come back as an ErrorReply.
 */
export interface Citebot {
  readonly commands: readonly CommandDefinition[];
  run(command: string, args: CommandArgs): Promise<Reply>;
  /** Current search mode and, when lexical-only, why. */
  mode(): { mode: SearchMode; reason: string | null };
  /** sha256 of every corpus file of the serving index (what briefings compare to mark passages new). */
  corpusFiles(): Record<string, string>;
  /** The serving index build (for health and metrics); optional for test doubles. */
  indexInfo?(): IndexInfo;
  /** Swap in a newer index build if one was written since the last load; true when it did. */
  refresh(): Promise<boolean>;
}
