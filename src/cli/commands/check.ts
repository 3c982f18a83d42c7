import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import { UsageError } from '../io.js';
import type { ExitSink } from './index.js';
import { collect, loadSpec, type OutputFormat } from '../loadSpec.js';
import { printSummary } from '../summary.js';
import { Messages } from '../../diagnostics/catalogue.js';

export function registerCheck(program: Command, io: CliIo, exit: ExitSink): void {
  program
    .command('check')
    .description('check specs: syntax, names, shapes and training steps')
    .argument('<files...>', '.aegan files')
    .option('--summary', 'print each network\'s layers, output shapes and parameter counts')
    .option('--format <format>', 'text or json', 'text')
    .option('--set <name=value>', 'override a param (repeatable)', collect, [])
    .action((files: string[], options: { summary?: boolean; format: string; set: string[] }) => {
      if (options.format !== 'text' && options.format !== 'json') throw new UsageError(`--format must be text or json, not ${options.format}`);
      const format = options.format as OutputFormat;
      for (const file of files) {
        const spec = loadSpec(io, file, options.set, format);
        exit(spec.status);
        if (format === 'text') {
          // E0108 stands for the errors left out, and is not one itself.
          const cut = spec.diagnostics.some((d) => d.code === Messages.TooManyErrors.code);
          const errors = spec.diagnostics.filter((d) => d.severity === 'error').length - (cut ? 1 : 0);
          const warnings = spec.diagnostics.filter((d) => d.severity === 'warning').length;
          const more = cut ? ' (and more not shown)' : '';
          io.stderr(`${file}: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}${more}\n`);
        }
        if (options.summary && spec.module) printSummary(io, spec.module, format);
      }
    });
}
