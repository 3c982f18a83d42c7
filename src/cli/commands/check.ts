import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import { UsageError } from '../io.js';
import type { ExitSink } from '../io.js';
import { collect } from '../paramOverrides.js';
import { loadSpec } from '../loadSpec.js';
import type { OutputFormat } from '../printDiagnostics.js';
import { printSummary } from '../summary.js';
import { Messages } from '../../diagnostics/catalogue.js';

export function registerCheck(program: Command, io: CliIo, exit: ExitSink): void {
  program
    .command('check')
    .description('check specs: syntax, names, shapes and training steps')
    .argument('<files...>', '.aegan files')
    .option('--summary', 'print each network\'s layers, output shapes and parameter counts')
    .option('--data', 'also open and validate every data source the spec names (without training)')
    .option('--format <format>', 'text or json', 'text')
    .option('--set <name=value>', 'override a param (repeatable)', collect, [])
    .action(async (files: string[], options: { summary?: boolean; data?: boolean; format: string; set: string[] }) => {
      if (options.format !== 'text' && options.format !== 'json') throw new UsageError(`--format must be text or json, not ${options.format}`);
      const format = options.format as OutputFormat;
      for (const file of files) {
        const spec = loadSpec(io, file, options.set, format);
        exit(spec.status);
        let diagnostics = spec.diagnostics;
        if (options.data && spec.module) {
          // Loaded only for --data: the loaders (and pngjs) are most of a check's start-up otherwise.
          const { checkData } = await import('../checkData.js');
          const data = await checkData(io, file, spec.module, spec.text, format);
          exit(data.status);
          diagnostics = [...diagnostics, ...data.diagnostics];
        }
        if (format === 'text') {
          // E0108 stands for the errors left out, and is not one itself.
          const cut = diagnostics.some((d) => d.code === Messages.TooManyErrors.code);
          const errors = diagnostics.filter((d) => d.severity === 'error').length - (cut ? 1 : 0);
          const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
          const more = cut ? ' (and more not shown)' : '';
          io.stderr(`${file}: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}${more}\n`);
        }
        if (options.summary && spec.module) printSummary(io, spec.module, format);
      }
    });
}
