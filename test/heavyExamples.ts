// Examples too costly for the suites that train every example at their
// usual size, and what each such suite runs instead. The CycleGAN applies
// four networks eight times per iteration: about 8 s an iteration at batch 2
// on wasm and 160 s on tfjs's cpu backend on this project's 2-core machines.
// The pix2pix U-Net and its PatchGAN cost ~2 s an iteration on the cpu
// backend (~400 s of a CI run in the suites below); its cutout is covered by
// mnist-inpainting-ae.aegan, its layers by every conv example.
// The CycleGAN's layers are covered one by one elsewhere (test/numerics/cases.ts and
// pytorch.test.ts, test/codegen/fixtures/every-layer.aegan,
// test/pytorch/fixtures/image-layers.aegan); the suites below train it briefly
// on wasm and skip, saying so, what needs the cpu backend.

/** Example file → why it is heavy. */
export const HEAVY_EXAMPLES: Readonly<Record<string, string>> = {
  'mnist-fashion-cyclegan.aegan': 'two ResNet generators and two PatchGAN critics, eight network applications an iteration (~160 s an iteration on the cpu backend)',
  'mnist-pix2pix.aegan': 'a U-Net generator and a conditional PatchGAN critic (~2 s an iteration on the cpu backend)',
};

/** A heavy example's short training: wasm only, batch 2, a few iterations. */
export const HEAVY_RUN = { batch: 2, iterations: 2 } as const;

export function isHeavy(file: string): boolean {
  return Object.hasOwn(HEAVY_EXAMPLES, file.split('/').pop()!);
}

/** Prints what `suite` runs of heavy `file` instead (`what`), so that nothing is left out silently. */
export function warnHeavy(suite: string, file: string, what: string): void {
  const name = file.split('/').pop()!;
  console.warn(`${suite}: ${name} is heavy (${HEAVY_EXAMPLES[name]}): ${what}`);
}

/** `files` without the heavy examples, each left out with a printed reason. */
export function withoutHeavy(files: readonly string[], suite: string, why: string): string[] {
  return files.filter((file) => !isHeavy(file) || void warnHeavy(suite, file, `skipped: ${why}`));
}
