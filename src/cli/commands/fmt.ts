import { resolve } from 'node:path';
import type { Command } from 'commander';
import { ExitCode, type CliIo } from '../io.js';
import type { ExitSink } from '../io.js';
import { parse } from '../../parser/parse.js';
import { format } from '../../format/format.js';
import { hasErrors } from '../../diagnostics/diagnostic.js';
import { printDiagnostics } from '../printDiagnostics.js';
import { readSpecFile } from '../readSpecFile.js';
import { describeIoError, isIoError } from '../../host/ioErrors.js';
import { cannotWrite, writeFileAtomicSync } from '../../host/atomicWrite.js';

export function registerFmt(program: Command, io: CliIo, exit: ExitSink): void {
  program
    .command('fmt')
    .description('rewrite specs in the canonical layout (comments are kept)')
    .argument('<files...>', '.aegan files')
    .option('--check', 'change nothing; exit 1 if a file is not formatted')
    .option('--stdout', 'print the formatted text instead of rewriting the file')
    .action((files: string[], options: { check?: boolean; stdout?: boolean }) => {
      for (const file of files) {
        const path = resolve(io.cwd, file);
        const read = readSpecFile(io, file);
        if ('problem' in read) {
          printDiagnostics(io, [read.problem], undefined, 'text');
          exit(ExitCode.usage);
          continue;
        }
        const { text } = read;
        const parsed = parse(text, file);
        if (!parsed.value || hasErrors(parsed.diagnostics)) {
          printDiagnostics(io, parsed.diagnostics, text, 'text');
          io.stderr(`${file}: not formatted (fix the syntax errors first)\n`);
          exit(ExitCode.errors);
          continue;
        }
        const formatted = format(parsed.value);
        if (options.stdout) {
          io.stdout(formatted);
        } else if (options.check) {
          if (formatted !== text) {
            io.stderr(`${file}: not formatted (run \`aeganc fmt ${file}\`)\n`);
            exit(ExitCode.errors);
          }
        } else if (formatted !== text) {
          // Write then rename, so an interrupted fmt never leaves half a file.
          try {
            writeFileAtomicSync(path, formatted);
          } catch (error) {
            if (!isIoError(error)) throw error;
            printDiagnostics(io, [cannotWrite(file, describeIoError(error))], undefined, 'text');
            exit(ExitCode.errors);
            continue;
          }
          io.stdout(`formatted ${file}\n`);
        }
      }
    });
}
