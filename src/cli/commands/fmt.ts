import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import type { ExitSink } from './index.js';

// Placeholder until the fmt command lands.
export function registerFmt(_program: Command, _io: CliIo, _exit: ExitSink): void {}
