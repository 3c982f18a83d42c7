// `idx(images: "...", labels: "...")` and the IDX pair behind
// `fashion_mnist(dir:)`: an images file, and optionally a labels file of the
// same length.

import type { Result } from '../../diagnostics/diagnostic.js';
import { dataShape } from './dataDiagnostics.js';
import { IMAGES, LABELS, parseIdx } from './idxFormat.js';
import { AS_STORED, BYTE_RANGE, type RawData } from './rawData.js';
import { readMaybeGzipped } from './readBytes.js';

/** [N, H, W] → [H, W, 1]; [N, H, W, C] → [H, W, C]; [N, K] → [K]. */
function exampleShapeOf(dims: readonly number[]): number[] {
  const rest = dims.slice(1);
  return rest.length === 2 ? [...rest, 1] : rest;
}

export async function readIdxPair(imagesPath: string, labelsPath: string | undefined, hint?: string): Promise<Result<RawData>> {
  const imageBytes = await readMaybeGzipped(imagesPath, hint);
  if (!imageBytes.value) return { diagnostics: imageBytes.diagnostics };
  const images = parseIdx(imageBytes.value, imagesPath, IMAGES);
  if (!images.value) return { diagnostics: images.diagnostics };

  const { dims, values, isBytes } = images.value;
  const exampleShape = exampleShapeOf(dims);
  const raw: RawData = {
    path: imagesPath,
    count: dims[0],
    exampleShape,
    exampleNoun: exampleShape.length === 3 ? 'images' : 'arrays',
    examples: values,
    storedRange: isBytes ? BYTE_RANGE : AS_STORED,
    noLabelsBecause: 'the idx source was given no `labels:` file',
  };
  if (labelsPath === undefined) return { value: raw, diagnostics: [] };

  const labelBytes = await readMaybeGzipped(labelsPath, hint);
  if (!labelBytes.value) return { diagnostics: labelBytes.diagnostics };
  const labels = parseIdx(labelBytes.value, labelsPath, LABELS);
  if (!labels.value) return { diagnostics: labels.diagnostics };
  const labelCount = labels.value.dims[0];
  if (labelCount !== raw.count) {
    return {
      diagnostics: [dataShape(labelsPath, `holds ${labelCount} labels, but ${imagesPath} holds ${raw.count} images`)],
    };
  }
  return { value: { ...raw, labels: { values: Int32Array.from(labels.value.values), path: labelsPath } }, diagnostics: [] };
}
