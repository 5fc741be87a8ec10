// The process's standard streams as the CLIs' `ICliIo` (structurally; the CLIs take any `ICliIo`).
import * as fs from 'fs';

export const PROCESS_IO = {
  stdout: (t: string): void => { process.stdout.write(t); },
  stderr: (t: string): void => { process.stderr.write(t); },
  readStdin: (): string => fs.readFileSync(0, 'utf8'),
};
