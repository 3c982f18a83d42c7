import { Command, CommanderError } from 'commander';
import { ExitCode, UsageError, type CliIo } from './io.js';
import { isCommandName, registerCommands } from './commands/index.js';
import { escapeControls } from '../diagnostics/escapeText.js';

/** Where to read a command's flags: its own --help when argv names one, else the list of commands. */
function usageHint(argv: readonly string[]): string {
  const named = argv[0];
  return named !== undefined && isCommandName(named) ? `\`aeganc ${named} --help\` lists its arguments and flags` : '`aeganc --help` lists the commands';
}

/**
 * Runs the CLI with `argv` (without `node` and the script) and resolves to the
 * exit status. Never throws: an unexpected error is reported as an internal
 * error with a request to file it, never as a bare stack trace.
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let status: number = ExitCode.ok;
  const program = new Command('aeganc')
    .description('Check, train and compile .aegan autoencoder and GAN specs.')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showSuggestionAfterError(true);
  try {
    await registerCommands(program, io, (code) => {
      status = Math.max(status, code);
    }, argv);
    await program.parseAsync([...argv], { from: 'user' });
    return status;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit through here with code 0; commander has printed its error otherwise.
      if (error.exitCode === 0) return ExitCode.ok;
      io.stderr(`hint: ${usageHint(argv)}\n`);
      return ExitCode.usage;
    }
    if (error instanceof UsageError) {
      // A usage error may quote a flag's value as typed.
      io.stderr(`error: ${escapeControls(error.message)}\nhint: ${usageHint(argv)}\n`);
      return ExitCode.usage;
    }
    const detail = error instanceof Error ? error.message : String(error);
    io.stderr(`internal error: ${detail}\n(this is a bug in aeganc; set AEGANC_DEBUG=1 for the stack trace)\n`);
    if (process.env.AEGANC_DEBUG && error instanceof Error) io.stderr(`${error.stack}\n`);
    return 70;
  }
}
