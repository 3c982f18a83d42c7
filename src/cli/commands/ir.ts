import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import type { ExitSink } from '../io.js';
import { collect } from '../paramOverrides.js';
import { loadSpec } from '../loadSpec.js';
import { printIr } from '../../ir/print.js';

export function registerIr(program: Command, io: CliIo, exit: ExitSink): void {
  program
    .command('ir')
    .description('print the checked intermediate representation of a spec')
    .argument('<file>', '.aegan file')
    .option('--set <name=value>', 'override a param (repeatable)', collect, [])
    .action((file: string, options: { set: string[] }) => {
      const spec = loadSpec(io, file, options.set);
      exit(spec.status);
      if (spec.module) io.stdout(printIr(spec.module));
    });
}
