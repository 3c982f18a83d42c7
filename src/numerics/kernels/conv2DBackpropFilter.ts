// Conv2DBackpropFilter built from a backend's own Transpose and Conv2D. The
// wasm backend ships none (every conv weight gradient throws there), and the
// cpu backend's is ~70× slower than its Conv2D. TensorFlow's own trick: the
// filter gradient
//
//   dW[kh, kw, ci, co] = Σ_{n, oh, ow} x[n, oh·s + kh − padTop, ow·s + kw − padLeft, ci] · dy[n, oh, ow, co]
//
// is a stride-1 convolution whose "batch" is ci and whose "channels" are n:
// the input is x transposed to [Cin, H, W, N], the filter is dy transposed to
// [OH, OW, N, Cout] and dilated by the forward stride, and the output
// [Cin, KH, KW, Cout] is transposed back. On wasm it runs on XNNPACK, as fast
// as a forward convolution. The same kernel serves conv2d_transpose, whose
// filter gradient tfjs computes with it too.

import {
  backend_util,
  Conv2DBackpropFilter,
  type Conv2DBackpropFilterAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { attrsOf, inputOf, KernelCalls, type KernelArgs } from './kernelCalls.js';

function conv2DBackpropFilterOn(backendName: string): KernelFunc {
  return (args: KernelArgs): TensorInfo => {
    const k = new KernelCalls(backendName, args);
    const x = inputOf(args, 'x');
    const dy = inputOf(args, 'dy');
    const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrsOf<Conv2DBackpropFilterAttrs>(args);
    if (dataFormat === 'NCHW') throw new Error(`${backendName} Conv2DBackpropFilter supports only NHWC`);

    const info = backend_util.computeConv2DInfo(x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode);
    const { inHeight, inWidth, outHeight, outWidth, filterHeight, filterWidth, strideHeight, strideWidth } = info;
    const top = info.padInfo.top;
    const left = info.padInfo.left;
    // Rows the forward pass actually read: padding beyond them is zero, and
    // rows past them (valid padding with a leftover) must be cropped away.
    const bottom = (outHeight - 1) * strideHeight + filterHeight - top - inHeight;
    const right = (outWidth - 1) * strideWidth + filterWidth - left - inWidth;

    const temporaries: TensorInfo[] = [];
    let input = x;
    if (bottom < 0 || right < 0) {
      input = k.run('Slice', { x }, { begin: [0, 0, 0, 0], size: [-1, inHeight + Math.min(bottom, 0), inWidth + Math.min(right, 0), -1] });
      temporaries.push(input);
    }
    const xT = k.transpose(input, [3, 1, 2, 0]); // [Cin, H, W, N]
    const dyT = k.transpose(dy, [1, 2, 0, 3]); // [OH, OW, N, Cout]
    temporaries.push(xT, dyT);
    const dwT = k.run('Conv2D', { x: xT, filter: dyT }, {
      strides: [1, 1],
      pad: [
        [0, 0],
        [top, Math.max(bottom, 0)],
        [left, Math.max(right, 0)],
        [0, 0],
      ],
      dataFormat: 'NHWC',
      dilations: [strideHeight, strideWidth],
    }); // [Cin, KH, KW, Cout]
    temporaries.push(dwT);
    const dw = k.transpose(dwT, [1, 2, 0, 3]);
    k.release(...temporaries);
    return dw;
  };
}

export function conv2DBackpropFilterConfig(backendName: string): KernelConfig {
  return { kernelName: Conv2DBackpropFilter, backendName, kernelFunc: conv2DBackpropFilterOn(backendName) };
}
