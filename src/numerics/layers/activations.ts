import { tf, type Tensor } from '../tf.js';

// Activations are single tfjs ops; listed here so both back ends name the same op.
export const applyRelu = (x: Tensor): Tensor => tf.relu(x);
export const applySigmoid = (x: Tensor): Tensor => tf.sigmoid(x);
export const applyTanh = (x: Tensor): Tensor => tf.tanh(x);
/** Softmax over the last axis. */
export const applySoftmax = (x: Tensor): Tensor => tf.softmax(x, -1);
export const applyLeakyRelu = (x: Tensor, alpha: number): Tensor => tf.leakyRelu(x, alpha);
