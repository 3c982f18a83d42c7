// The public API of the aeganc package (`import { compileSpec } from 'aeganc'`):
// a curated list, so that what a user may rely on is written down in one
// place and the rest of src/ can change. test/api/publicApi.test.ts keeps the
// list of values as written here; docs/reference.md ("Using aeganc from
// TypeScript") shows how the pieces fit.

// ── compile and check: text → AST → checked IR, with diagnostics ──

/**
 * Parses and checks a spec and, when it has no errors, lowers it to the IR:
 * `compileSpec(text, file, { overrides })` → `{ value?: IrModule, ast?, diagnostics }`.
 * Never throws on bad input; every problem is a diagnostic.
 */
export { compileSpec, type CompileResult } from './compile.js';
/** `overrides`: what `--set name=value` does; `rules`: report only some families of checks. */
export type { CheckOptions } from './check/checkModule.js';
export type { CheckRule } from './check/context.js';
/** Parses a spec without checking it (what `aeganc fmt` reads). */
export { parse, type ParseResult } from './parser/parse.js';
export type { SourceFile, Span, Position } from './parser/ast.js';

// ── diagnostics ──

export type { Diagnostic, Severity, Result } from './diagnostics/diagnostic.js';
/** `hasErrors`: any error among them (warnings alone still compile); `sortDiagnostics`: by file, then position. */
export { hasErrors, sortDiagnostics } from './diagnostics/diagnostic.js';
/** The text form (`error[E0301]: …` with the source line and a caret), and the `--format json` form. */
export { renderDiagnostic, renderDiagnostics, diagnosticToJson } from './diagnostics/render.js';

// ── format ──

/** `aeganc fmt`: the canonical layout of a parsed file, comments kept. */
export { format } from './format/format.js';

// ── the IR (docs/ir.md): what both back ends read ──

export type {
  IrModule,
  Network,
  NetworkOutput,
  LayerNode,
  LayerOp,
  ConvAttrs,
  SpectralNorm,
  Padding,
  Weight,
  StateTensor,
  Init,
  DataSource,
  DataSourceSpec,
  DataField,
  Latent,
  Distribution,
  ExprNode,
  ExprOp,
  Binding,
  Train,
  Step,
  Optimizer,
  OptimizerControls,
  LearningRateSchedule,
  Length,
  AutoencoderRole,
  ValueType,
  Shape,
  SourceRef,
} from './ir/types.js';
/** The `aeganc ir` text of a module. */
export { printIr } from './ir/print.js';

// ── build: IR → a self-contained TypeScript module ──

/** `aeganc build`: the text of the generated module (`target`: `tfjs`, or `tfjs-node` with file I/O). */
export { buildModule, generateModule, type BuiltModule, type GenerateOptions, type RuntimeMode, type Target } from './codegen/generateModule.js';

// ── train: the interpreter on TensorFlow.js ──

/**
 * `aeganc train` without the CLI: select a backend, load each of `ir.data`
 * with `loadData`, then `runTraining({ ir, data, outDir, resume: false,
 * writeGrid: writeImageGrid, progress: plainProgress(write) })`. `outDir`
 * must exist; metrics, grids and checkpoints are written there.
 */
export { runTraining, type TrainRunOptions, type TrainRunSummary, type GridWriter } from './host/runTraining.js';
/** Makes a tfjs backend current: `auto`, `wasm`, `cpu`, `webgpu` or `tensorflow`. */
export { selectBackend, type BackendOptions, type BackendRequest } from './host/backend.js';
/** Loads one data source of the IR, relative paths resolved against `baseDir` (the spec's folder). */
export { loadData, type LoadedData } from './host/data/loadData.js';
export type { DataTable } from './numerics/dataTable.js';
/** Progress as plain lines (`step 500/10000  loss 0.12 …`), written through `write`. */
export { plainProgress, type Progress, type ProgressUpdate } from './host/progress.js';
/** Writes a batch of images as one PNG grid: what `runTraining` is given as `writeGrid`. */
export { writeImageGrid } from './host/imageGrid.js';
