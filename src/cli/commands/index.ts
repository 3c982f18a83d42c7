import type { Command } from 'commander';
import type { CliIo, ExitSink } from '../io.js';

type Register = (program: Command, io: CliIo, exit: ExitSink) => void;

/**
 * Every command, loaded on demand: `check`, `ir` and `fmt` must not pay for
 * tfjs (train, sample, reconstruct) or ts-morph and prettier (build).
 */
const COMMANDS: Readonly<Record<string, () => Promise<Register>>> = {
  check: async () => (await import('./check.js')).registerCheck,
  ir: async () => (await import('./ir.js')).registerIr,
  fmt: async () => (await import('./fmt.js')).registerFmt,
  train: async () => (await import('./train.js')).registerTrain,
  sample: async () => (await import('./sample.js')).registerSample,
  reconstruct: async () => (await import('./reconstruct.js')).registerReconstruct,
  report: async () => (await import('./report.js')).registerReport,
  runs: async () => (await import('./runs.js')).registerRuns,
  encode: async () => (await import('./encode.js')).registerEncode,
  score: async () => (await import('./score.js')).registerScore,
  complete: async () => (await import('./complete.js')).registerComplete,
  eval: async () => (await import('./eval.js')).registerEval,
  build: async () => (await import('./build.js')).registerBuild,
  lsp: async () => (await import('./lsp.js')).registerLsp,
};

/** Whether `name` is one of aeganc's commands. */
export function isCommandName(name: string): boolean {
  return Object.hasOwn(COMMANDS, name);
}

/**
 * Registers the command `argv` names, none for `--version`, or every command
 * when it names none that exists (`--help`, a typo that deserves a suggestion).
 */
export async function registerCommands(program: Command, io: CliIo, exit: ExitSink, argv: readonly string[]): Promise<void> {
  const named = argv[0];
  // `--version` needs no command: registering all of them loaded tfjs, ts-morph and prettier (~2 s of CPU).
  if (named === '--version' || named === '-V') return;
  const names = named !== undefined && isCommandName(named) ? [named] : Object.keys(COMMANDS);
  for (const name of names) (await COMMANDS[name]!())(program, io, exit);
}
