// The three workloads of the first measurements as .aegan specs; bench/pytorch.py
// builds the same networks in PyTorch.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export type WorkloadName = 'mlp-ae' | 'conv-ae' | 'dcgan';

const MLP_SPEC = `model bench_mlp
data x: [28, 28, 1] from mnist(split: "train")
network encoder(img: [28, 28, 1]) -> [64] {
  flatten |> dense(256) |> relu
  dense(64) |> relu
}
network decoder(h: [64]) -> [28, 28, 1] {
  dense(256) |> relu
  dense(784) |> sigmoid |> reshape([28, 28, 1])
}
loss recon = mse(x, decoder(encoder(x)))
train {
  step ae: minimize recon over encoder, decoder with adam(lr: 1e-3)
  batch 128
  steps 1000
}
`;

const CONV_SPEC = `model bench_conv
data x: [28, 28, 1] from mnist(split: "train")
network encoder(img: [28, 28, 1]) -> [16] {
  conv2d(32, kernel: 3, stride: 2) |> relu
  conv2d(64, kernel: 3, stride: 2) |> relu
  flatten |> dense(16)
}
network decoder(code: [16]) -> [28, 28, 1] {
  dense(7 * 7 * 64) |> relu
  reshape([7, 7, 64])
  conv2d_transpose(32, kernel: 3, stride: 2) |> relu
  conv2d_transpose(1, kernel: 3, stride: 2) |> sigmoid
}
loss recon = mse(x, decoder(encoder(x)))
train {
  step ae: minimize recon over encoder, decoder with adam(lr: 1e-3)
  batch 128
  steps 1000
}
`;

/** The spec of each workload: the DCGAN is the example docs/language.md shows. */
export function workloadSpec(name: WorkloadName, root: string): string {
  if (name === 'mlp-ae') return MLP_SPEC;
  if (name === 'conv-ae') return CONV_SPEC;
  return readFileSync(join(root, 'examples/mnist-dcgan.aegan'), 'utf8');
}

/** Images in 0..1, deterministic (bench/pytorch.py draws the same values). */
export function images(count: number): Float32Array {
  let state = 7;
  return Float32Array.from({ length: count * 784 }, () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) >>> 8) / 16777216);
}
