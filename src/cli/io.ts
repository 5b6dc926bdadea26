// Where the CLI writes: stdout, stderr and whether to colour. Its own module so every command can take one
// without importing the program (main.ts imports the commands).
export interface Io {
  out(s: string): void;
  err(s: string): void;
  color: boolean;
  /** stdout's reader went away (`| head`): output is dropped; a never-ending run (probe --watch) stops. */
  closed?(): boolean;
}
