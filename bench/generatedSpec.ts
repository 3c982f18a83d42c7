// The generated spec the benchmarks share: about N lines that check clean.

/** A spec of about `lines` lines: many small networks, lets and losses, all checking clean. */
export function generatedSpec(lines: number): string {
  const out = ['model generated', 'param width = 32', 'data x: [28, 28, 1] from mnist(split: "train")', 'latent z: [16] ~ normal(0, 1)', ''];
  let i = 0;
  const losses: string[] = [];
  while (out.length + i + 21 < lines) {
    out.push(`network enc${i}(img: [28, 28, 1]) -> [16] {`, '  conv2d(8, kernel: 3, stride: 2) |> relu', '  conv2d(16, kernel: 3, stride: 2) |> batchnorm |> leaky_relu(0.2)', '  flatten |> dense(width) |> relu', '  dense(16)', '}');
    out.push(`network dec${i}(code: [16]) -> [28, 28, 1] {`, '  dense(7 * 7 * 16) |> relu', '  reshape([7, 7, 16])', '  conv2d_transpose(8, kernel: 3, stride: 2) |> relu', '  conv2d_transpose(1, kernel: 3, stride: 2) |> sigmoid', '}');
    out.push(`let code${i} = enc${i}(x)`, `loss recon${i} = bce(x, dec${i}(code${i})) + 0.01 * mean(square(code${i} - z))`, '');
    losses.push(`recon${i}`);
    i++;
  }
  out.push('train {');
  for (let j = 0; j < i; j++) out.push(`  step s${j}: minimize recon${j} over enc${j}, dec${j} with adam(lr: 1e-3)`);
  out.push('  batch 64', '  steps 100', '}');
  return `${out.join('\n')}\n`;
}
