import { tf, type Tensor } from './tf.js';

/**
 * Named tensors owned by the runtime (weights, state, optimizer slots, EMA).
 * Setting a name disposes the tensor it replaces, so the live tensor count
 * stays flat however many steps run.
 */
export class TensorStore {
  private readonly tensors = new Map<string, Tensor>();

  get(id: string): Tensor {
    const tensor = this.tensors.get(id);
    if (!tensor) throw new Error(`internal: no tensor \`${id}\``);
    return tensor;
  }

  has(id: string): boolean {
    return this.tensors.has(id);
  }

  /** Takes ownership of `tensor` (kept out of any enclosing tidy). */
  set(id: string, tensor: Tensor): void {
    const previous = this.tensors.get(id);
    this.tensors.set(id, tf.keep(tensor));
    if (previous && previous !== tensor) previous.dispose();
  }

  ids(): string[] {
    return [...this.tensors.keys()];
  }

  dispose(): void {
    for (const tensor of this.tensors.values()) tensor.dispose();
    this.tensors.clear();
  }
}
