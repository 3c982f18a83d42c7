// Loads one `data` declaration's source into memory, checked against the
// declared fields. One reader per source kind; paths are relative to the
// spec's directory. Every failure is a diagnostic naming the path and what
// was expected; this never throws.

import path from 'node:path';
import type { Diagnostic, Result } from '../../diagnostics/diagnostic.js';
import type { DataSource, DataSourceSpec } from '../../ir/types.js';
import { assembleFields, type LoadedData } from './assembleFields.js';
import { dataFormat } from './dataDiagnostics.js';
import { readCsv } from './csvSource.js';
import { readFashionMnist } from './fashionMnistSource.js';
import { readIdxPair } from './idxSource.js';
import { MNIST_NAME, readMnist } from './mnistSource.js';
import { readNpy } from './npySource.js';
import { readPngFolder } from './pngFolderSource.js';
import type { RawData } from './rawData.js';
import { keepClasses } from './keepClasses.js';

export type { LoadedData } from './assembleFields.js';

/** A path of the spec, relative to its folder unless absolute. */
function resolveIn(baseDir: string, p: string): string {
  return path.isAbsolute(p) ? p : path.join(baseDir, p);
}

function read(spec: DataSourceSpec, source: DataSource, baseDir: string): Promise<Result<RawData>> {
  const at = (p: string): string => resolveIn(baseDir, p);
  switch (spec.kind) {
    case 'mnist':
      return readMnist(spec.split);
    case 'fashion_mnist':
      return readFashionMnist(at(spec.dir), spec.split);
    case 'idx':
      return readIdxPair(at(spec.images), spec.labels === undefined ? undefined : at(spec.labels));
    case 'csv': {
      const label = source.fields.find((f) => f.role === 'label');
      return readCsv(at(spec.path), spec.label, label?.type.kind === 'class' ? label.type.classes : undefined);
    }
    case 'npy':
      return readNpy(at(spec.path));
    case 'images': {
      const example = source.fields.find((f) => f.role === 'example' && f.type.kind === 'tensor');
      const declared = example?.type.kind === 'tensor' ? example.type.shape : [];
      return readPngFolder(at(spec.dir), declared);
    }
  }
}

/** The path (or name) that stands for a whole source in messages: its file, its images file, its folder. */
export function sourcePath(spec: DataSourceSpec, baseDir: string): string {
  const at = (p: string): string => resolveIn(baseDir, p);
  switch (spec.kind) {
    case 'mnist':
      return MNIST_NAME;
    case 'fashion_mnist':
      return at(spec.dir);
    case 'idx':
      return at(spec.images);
    case 'csv':
    case 'npy':
      return at(spec.path);
    case 'images':
      return at(spec.dir);
  }
}

/** Says which declaration a data diagnostic is about: `data x, y (line 3)`. */
export function describeDeclaration(source: DataSource): string {
  return `data ${source.fields.map((f) => f.name).join(', ')} (line ${source.source.line})`;
}

function attribute(diagnostic: Diagnostic, source: DataSource): Diagnostic {
  return { ...diagnostic, field: describeDeclaration(source) };
}

export async function loadData(source: DataSource, baseDir: string): Promise<Result<LoadedData>> {
  let result: Result<LoadedData>;
  try {
    let raw = await read(source.spec, source, baseDir);
    if (raw.value && source.classes) raw = keepClasses(raw.value, source.classes);
    result = raw.value ? assembleFields(raw.value, source) : { diagnostics: raw.diagnostics };
  } catch (error) {
    // A reader bug must still reach the user as a diagnostic, not a stack trace.
    const message = error instanceof Error ? error.message : String(error);
    result = { diagnostics: [dataFormat(sourcePath(source.spec, baseDir), `could not be loaded (${message})`)] };
  }
  return { ...result, diagnostics: result.diagnostics.map((d) => attribute(d, source)) };
}
