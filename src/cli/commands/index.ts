import type { Command } from 'commander';
import type { CliIo, ExitSink } from '../io.js';
import { registerCheck } from './check.js';
import { registerIr } from './ir.js';
import { registerFmt } from './fmt.js';
import { registerTrain } from './train.js';
import { registerSample } from './sample.js';
import { registerReconstruct } from './reconstruct.js';
import { registerBuild } from './build.js';
import { registerLsp } from './lsp.js';

export function registerCommands(program: Command, io: CliIo, exit: ExitSink): void {
  registerCheck(program, io, exit);
  registerIr(program, io, exit);
  registerFmt(program, io, exit);
  registerTrain(program, io, exit);
  registerSample(program, io, exit);
  registerReconstruct(program, io, exit);
  registerBuild(program, io, exit);
  registerLsp(program);
}
