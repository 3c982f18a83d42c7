// The one place the runtime imports TensorFlow.js. Everything else imports
// `tf` from here, so the side effects below happen exactly once, first.
//
// Why not just '@tensorflow/tfjs-core': in Node its entry point
// (dist/tf-core.node.js) registers NO gradients (`tf.getGradient('Relu')` is
// undefined after importing it). The union package '@tensorflow/tfjs' registers
// every gradient into tfjs's global registry, which tfjs-core shares, so we
// import it for that side effect only; all ops still come from tfjs-core.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs';
import { registerSecondOrderGradients } from './secondOrderGradients.js';

// PROD silences tfjs's console banners ("looks like you are running
// TensorFlow.js in Node.js"), which would break the CLI's output.
tf.env().set('PROD', true);
registerSecondOrderGradients();

export { tf };
export type Tensor = tf.Tensor;
