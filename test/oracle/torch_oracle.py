#!/usr/bin/env python3
"""A long-lived PyTorch reference for aeganc's numerics (see README.md).

Reads one JSON request per line on stdin and writes one JSON answer per line
on stdout, in order. Tensors travel as {"dtype", "shape", "data"} with "data"
the little-endian bytes in base64. Everything is computed in float64.

Ops take and return tensors in the SPEC's layouts (activations NHWC, conv
kernels HWIO, conv_transpose kernels [k, k, out, in] as tfjs, dense kernels
[in, out]); the conversions to torch's layouts live in the "layouts" section
below and nowhere else.

Request:  {"id": 1, "op": "conv2d", "inputs": {...}, "attrs": {...},
           "grad": {"of": "y", "wrt": ["x", "kernel"], "cotangent": "name"?},
           "grad2": {"wrt": ["kernel"], "cotangents": {"x": "name"}?}}
  grad:  d sum(outputs[of] * inputs[cotangent] (default ones)) / d inputs[wrt]
  grad2: d sum_i sum(grad_i * cotangent_i) / d inputs[wrt] over the first-order
         gradients named in cotangents (default: all of them, cotangent ones),
         i.e. Hessian-vector products, built with create_graph=True.
  op "snippet": attrs.code is Python run with `inputs`, `attrs`, `torch`, `F`
         and `layouts` in scope; it must assign a dict to `outputs`.
Answer:   {"id": 1, "ok": true, "outputs": {...}, "grads": {...}, "grads2": {...}}
       or {"id": 1, "ok": false, "error": "..."}.
The first line written is a hello: {"id": 0, "ok": true, "torch": version}, or
{"id": 0, "ok": false, "error": ...} when torch cannot be imported.
"""
import base64
import json
import math
import sys
import traceback
import types


def emit(answer):
    sys.stdout.write(json.dumps(answer) + "\n")
    sys.stdout.flush()


try:
    import numpy as np
    import torch
    import torch.nn.functional as F
except Exception as error:  # a missing or broken install: the client skips, saying why
    emit({"id": 0, "ok": False, "error": "cannot import torch and numpy with %s: %s" % (sys.executable, error)})
    sys.exit(0)

torch.set_default_dtype(torch.float64)
torch.manual_seed(0)

# ───────────────────────────── wire format ─────────────────────────────

WIRE_DTYPES = {"float64": "<f8", "float32": "<f4", "int32": "<i4", "int64": "<i8"}


def decode(spec):
    array = np.frombuffer(base64.b64decode(spec["data"]), dtype=WIRE_DTYPES[spec["dtype"]])
    array = array.reshape(spec["shape"])
    if spec["dtype"].startswith("float"):
        return torch.tensor(array, dtype=torch.float64)
    return torch.tensor(array, dtype=torch.int64)


def encode(tensor):
    tensor = tensor.detach()
    if tensor.is_floating_point():
        array, dtype = tensor.to(torch.float64).cpu().numpy().astype("<f8"), "float64"
    else:
        array, dtype = tensor.to(torch.int64).cpu().numpy().astype("<i8"), "int64"
    return {"dtype": dtype, "shape": list(array.shape), "data": base64.b64encode(array.tobytes()).decode("ascii")}


# ───────────────────────────── layouts ─────────────────────────────
# The one place where the spec's layouts meet torch's.


class layouts:
    @staticmethod
    def activation_to_torch(x):
        """NHWC → NCHW (rank 4); other ranks have channels last in both."""
        return x.permute(0, 3, 1, 2) if x.dim() == 4 else x

    @staticmethod
    def activation_from_torch(x):
        return x.permute(0, 2, 3, 1) if x.dim() == 4 else x

    @staticmethod
    def conv_kernel_to_torch(k):
        """conv2d kernel HWIO [k, k, in, out] → OIHW [out, in, k, k]."""
        return k.permute(3, 2, 0, 1)

    @staticmethod
    def conv_kernel_from_torch(k):
        return k.permute(2, 3, 1, 0)

    @staticmethod
    def conv_transpose_kernel_to_torch(k):
        """conv2d_transpose kernel [k, k, out, in] (tfjs) → conv_transpose2d's [in, out, k, k]."""
        return k.permute(3, 2, 0, 1)

    @staticmethod
    def conv_transpose_kernel_from_torch(k):
        return k.permute(2, 3, 1, 0)

    @staticmethod
    def dense_kernel_to_torch(k):
        """dense kernel [in, out] → nn.Linear's weight [out, in]."""
        return k.t()

    @staticmethod
    def dense_kernel_from_torch(k):
        return k.t()

    @staticmethod
    def same_pads(size, kernel, stride):
        """TF/tfjs 'same' padding of one axis: (before, after); the odd pixel goes after."""
        out = -(-size // stride)
        total = max((out - 1) * stride + kernel - size, 0)
        return total // 2, total - total // 2


KERNEL_LAYOUTS = {
    "activation": (layouts.activation_to_torch, layouts.activation_from_torch),
    "conv_kernel": (layouts.conv_kernel_to_torch, layouts.conv_kernel_from_torch),
    "conv_transpose_kernel": (layouts.conv_transpose_kernel_to_torch, layouts.conv_transpose_kernel_from_torch),
    "dense_kernel": (layouts.dense_kernel_to_torch, layouts.dense_kernel_from_torch),
}


def pad_same(x_nchw, kernel, stride, value=0.0):
    top, bottom = layouts.same_pads(x_nchw.shape[2], kernel, stride)
    left, right = layouts.same_pads(x_nchw.shape[3], kernel, stride)
    return F.pad(x_nchw, (left, right, top, bottom), value=value)


# ───────────────────────────── layers (spec layouts in and out) ─────────────────────────────


def dense(x, kernel, bias):
    return F.linear(x, layouts.dense_kernel_to_torch(kernel), bias)


def conv2d(x, kernel, bias, stride, padding):
    k = kernel.shape[0]
    xt = layouts.activation_to_torch(x)
    if padding == "same":
        xt = pad_same(xt, k, stride)
    y = F.conv2d(xt, layouts.conv_kernel_to_torch(kernel), bias, stride=stride)
    return layouts.activation_from_torch(y)


def conv2d_transpose(x, kernel, bias, stride, padding, out_size):
    """tfjs's conv2dTranspose is the adjoint of conv2d from out_size to x's size:
    the full transposed convolution, cropped by the forward conv's leading pad
    (and zero-extended where a 'valid' forward conv dropped trailing pixels)."""
    k = kernel.shape[0]
    full = F.conv_transpose2d(layouts.activation_to_torch(x), layouts.conv_transpose_kernel_to_torch(kernel), None, stride=stride)
    crops = []
    for axis, (size_in, size_out) in enumerate(zip(x.shape[1:3], out_size)):
        before = 0
        if padding == "same":
            total = max((size_in - 1) * stride + k - size_out, 0)
            before = total // 2
        crops.append((before, size_out))
    (top, height), (left, width) = crops
    need_h, need_w = top + height - full.shape[2], left + width - full.shape[3]
    full = F.pad(full, (0, max(need_w, 0), 0, max(need_h, 0)))
    y = full[:, :, top:top + height, left:left + width] + bias.view(1, -1, 1, 1)
    return layouts.activation_from_torch(y)


def maxpool(x, size, padding):
    xt = layouts.activation_to_torch(x)
    if padding == "same":
        xt = pad_same(xt, size, size, value=-math.inf)
    return layouts.activation_from_torch(F.max_pool2d(xt, size, size))


def avgpool(x, size, padding):
    """tfjs averages over the window's pixels inside the image only (count_include_pad=False)."""
    xt = layouts.activation_to_torch(x)
    if padding == "valid":
        return layouts.activation_from_torch(F.avg_pool2d(xt, size, size))
    sums = F.avg_pool2d(pad_same(xt, size, size), size, size, divisor_override=1)
    counts = F.avg_pool2d(pad_same(torch.ones_like(xt[:1, :1]), size, size), size, size, divisor_override=1)
    return layouts.activation_from_torch(sums / counts)


def upsample(x, factor):
    y = F.interpolate(layouts.activation_to_torch(x), scale_factor=factor, mode="nearest")
    return layouts.activation_from_torch(y)


def pad_image(x, sides, mode):
    """torch's own padding: F.pad takes (left, right, top, bottom); reflect is ReflectionPad2d's."""
    top, bottom, left, right = sides
    xt = F.pad(layouts.activation_to_torch(x), (left, right, top, bottom), mode="reflect" if mode == "reflect" else "constant")
    return layouts.activation_from_torch(xt)


def crop_image(x, sides):
    top, bottom, left, right = sides
    return x[:, top : x.shape[1] - bottom, left : x.shape[2] - right, :]


def resize_image(x, height, width, method):
    """F.interpolate's defaults: nearest, and bilinear with align_corners=False."""
    corners = False if method == "bilinear" else None
    y = F.interpolate(layouts.activation_to_torch(x), size=(height, width), mode=method, align_corners=corners)
    return layouts.activation_from_torch(y)


def instancenorm(x, gamma, beta, epsilon):
    y = F.instance_norm(layouts.activation_to_torch(x), weight=gamma, bias=beta, eps=epsilon)
    return layouts.activation_from_torch(y)


def batchnorm_train(x, gamma, beta, moving_mean, moving_variance, epsilon, momentum):
    """`momentum` is Keras's (the old value's weight); torch's is 1 - it. torch's
    running_var uses the unbiased batch variance, ours (Keras) the biased one:
    both are returned, ours as moving_variance, torch's as torch_running_variance."""
    xt = layouts.activation_to_torch(x)
    running_mean, running_var = moving_mean.detach().clone(), moving_variance.detach().clone()
    y = F.batch_norm(xt, running_mean, running_var, gamma, beta, training=True, momentum=1 - momentum, eps=epsilon)
    dims = [d for d in range(xt.dim()) if d != 1]
    biased = xt.detach().var(dim=dims, unbiased=False)
    return {
        "y": layouts.activation_from_torch(y),
        "moving_mean": running_mean,
        "moving_variance": momentum * moving_variance.detach() + (1 - momentum) * biased,
        "torch_running_variance": running_var,
    }


def batchnorm_inference(x, gamma, beta, moving_mean, moving_variance, epsilon):
    xt = layouts.activation_to_torch(x)
    y = F.batch_norm(xt, moving_mean, moving_variance, gamma, beta, training=False, eps=epsilon)
    return layouts.activation_from_torch(y)


def layernorm(x, gamma, beta, epsilon):
    return F.layer_norm(x, tuple(gamma.shape), gamma, beta, eps=epsilon)


def spectral_norm(kernel, u, iterations, epsilon):
    """torch.nn.utils.spectral_norm's own computation (SpectralNorm.compute_weight)
    on torch's layout of the kernel, with its u set to ours. With iterations 0
    (inference) torch reuses a stored v; ours recomputes v = normalize(Wᵀu), so
    that v is what is stored here: the matching formulation."""
    from torch.nn.utils.spectral_norm import SpectralNorm

    to_torch, from_torch = (
        (layouts.dense_kernel_to_torch, layouts.dense_kernel_from_torch)
        if kernel.dim() == 2
        else (layouts.conv_kernel_to_torch, layouts.conv_kernel_from_torch)
    )
    weight = to_torch(kernel)
    u_vec = u.detach().reshape(-1).clone()
    matrix = weight.detach().reshape(weight.shape[0], -1)
    v_vec = F.normalize(torch.mv(matrix.t(), u_vec), dim=0, eps=epsilon)
    module = types.SimpleNamespace(weight_orig=weight, weight_u=u_vec, weight_v=v_vec)
    method = SpectralNorm(name="weight", n_power_iterations=max(iterations, 1), dim=0, eps=epsilon)
    normalized = method.compute_weight(module, do_power_iteration=iterations > 0)
    return {"kernel": from_torch(normalized), "u": module.weight_u.reshape(u.shape)}


def per_example_count(x):
    return x[0].numel() if x.dim() > 0 else 1


def mse(target, pred, reduce):
    """Ours: per-example mean (or sum), then the batch mean. 'sum' is torch's sum / B."""
    target = target.expand_as(pred)
    total = F.mse_loss(pred, target, reduction="sum")
    return total / (pred.numel() if reduce == "mean" else pred.shape[0])


def l1(target, pred, reduce):
    target = target.expand_as(pred)
    total = F.l1_loss(pred, target, reduction="sum")
    return total / (pred.numel() if reduce == "mean" else pred.shape[0])


# Ours clips at these bounds as float32 numbers (1 - 1e-7 rounds to 1 - 1.19e-7).
BCE_LOW, BCE_HIGH = float(np.float32(1e-7)), float(np.float32(1 - 1e-7))


def bce(target, pred, reduce):
    """torch clamps log(p) at -100, ours clips p to [1e-7, 1 - 1e-7] (Keras): the
    clip is applied here first, so both agree wherever ours is defined."""
    p = pred.clamp(BCE_LOW, BCE_HIGH)
    total = F.binary_cross_entropy(p, target.expand_as(pred), reduction="sum")
    return total / (pred.numel() if reduce == "mean" else pred.shape[0])


def bce_logits(target, logits, reduce):
    total = F.binary_cross_entropy_with_logits(logits, target.expand_as(logits), reduction="sum")
    return total / (logits.numel() if reduce == "mean" else logits.shape[0])


def cross_entropy(labels, logits):
    """labels: int class indices [B] or a distribution [B, K] (torch ≥ 1.10 takes both)."""
    return F.cross_entropy(logits, labels if not labels.is_floating_point() else labels, reduction="mean")


def cutout(x, u, size, fill):
    """NHWC x; each example's size×size square, its corner from u ∈ [0, 1)², set to fill, by slicing."""
    y = x.clone()
    height, width = x.shape[1], x.shape[2]
    for b in range(x.shape[0]):
        top = min(int(math.floor(float(u[b, 0]) * (height - size + 1))), height - size)
        left = min(int(math.floor(float(u[b, 1]) * (width - size + 1))), width - size)
        y[b, top:top + size, left:left + size, :] = fill
    return y


def kl_normal(mu, logvar):
    q = torch.distributions.Normal(mu, torch.exp(0.5 * logvar))
    p = torch.distributions.Normal(torch.zeros_like(mu), torch.ones_like(mu))
    return torch.distributions.kl_divergence(q, p).reshape(mu.shape[0], -1).sum(1).mean()


def apply_layers(layers, x, weights):
    """A sequential network in spec layouts: [{"op": "dense", "kernel": name, "bias": name}, ...]."""
    for layer in layers:
        op = layer["op"]
        if op == "dense":
            x = dense(x, weights[layer["kernel"]], weights[layer["bias"]])
        elif op == "conv2d":
            x = conv2d(x, weights[layer["kernel"]], weights[layer["bias"]], layer["stride"], layer["padding"])
        elif op in ACTIVATIONS:
            x = ACTIVATIONS[op](x, layer)
        elif op == "flatten":
            x = x.reshape(x.shape[0], -1)
        elif op == "maxpool":
            x = maxpool(x, layer["size"], layer["padding"])
        elif op == "avgpool":
            x = avgpool(x, layer["size"], layer["padding"])
        else:
            raise ValueError("apply_layers: unknown layer %r" % op)
    return x


def critic_input_gradient(layers, x, weights):
    """d sum(critic(x)) / dx, differentiable again (torch.autograd.grad, create_graph=True)."""
    if not x.requires_grad:
        x = x.detach().requires_grad_(True)
    (g,) = torch.autograd.grad(apply_layers(layers, x, weights).sum(), x, create_graph=True)
    return g


def gradient_penalty(real, fake, eps, layers, weights):
    """WGAN-GP with the interpolation weights eps [B, 1, ...] given; norm has ours's +1e-12 under the sqrt."""
    xhat = eps * real + (1 - eps) * fake
    g = critic_input_gradient(layers, xhat, weights)
    norm = torch.sqrt(g.reshape(g.shape[0], -1).pow(2).sum(1) + 1e-12)
    return ((norm - 1) ** 2).mean()


def r1_penalty(real, layers, weights):
    g = critic_input_gradient(layers, real, weights)
    return g.reshape(g.shape[0], -1).pow(2).sum(1).mean()


def optimizer_steps(weight, gradients, attrs):
    """Applies gradients[t] for t = 0.. with torch.optim; returns the weight after each step."""
    p = torch.nn.Parameter(weight.detach().clone())
    kind = attrs["kind"]
    if kind == "adam":
        opt = torch.optim.Adam([p], lr=attrs["lr"], betas=(attrs["beta1"], attrs["beta2"]), eps=attrs["epsilon"])
    elif kind == "sgd":
        opt = torch.optim.SGD([p], lr=attrs["lr"], momentum=attrs["momentum"])
    elif kind == "rmsprop":
        opt = torch.optim.RMSprop([p], lr=attrs["lr"], alpha=attrs["rho"], eps=attrs["epsilon"], momentum=attrs["momentum"])
    else:
        raise ValueError("unknown optimizer %r" % kind)
    history = []
    for g in gradients:
        p.grad = g.detach().clone()
        opt.step()
        history.append(p.detach().clone())
    return {"weights": torch.stack(history)}


def adam_tf_steps(weight, gradients, attrs):
    """Adam in the TF/Keras form ours uses (epsilon added to sqrt(v) before the
    bias correction is folded into the step size), written out in torch."""
    lr, b1, b2, eps = attrs["lr"], attrs["beta1"], attrs["beta2"], attrs["epsilon"]
    w, m, v, history = weight.detach().clone(), torch.zeros_like(weight), torch.zeros_like(weight), []
    for t, g in enumerate(gradients, start=1):
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        alpha = lr * math.sqrt(1 - b2 ** t) / (1 - b1 ** t)
        w = w - alpha * m / (v.sqrt() + eps)
        history.append(w.clone())
    return {"weights": torch.stack(history)}


ACTIVATIONS = {
    "relu": lambda x, a: F.relu(x),
    "leaky_relu": lambda x, a: F.leaky_relu(x, a["alpha"]),
    "sigmoid": lambda x, a: torch.sigmoid(x),
    "tanh": lambda x, a: torch.tanh(x),
    "softmax": lambda x, a: F.softmax(x, dim=-1),
    "softplus": lambda x, a: F.softplus(x),
    "clip": lambda x, a: x.clamp(a["low"], a["high"]),
}


def layout_op(inputs, attrs):
    """Exposes the layout conversions, so the client can test them."""
    to_torch, from_torch = KERNEL_LAYOUTS[attrs["kind"]]
    convert = to_torch if attrs["direction"] == "to_torch" else from_torch
    return {"y": convert(inputs["x"])}


def weights_of(inputs, attrs):
    return {name: inputs[name] for name in attrs.get("weights", [])}


OPS = {
    "dense": lambda i, a: {"y": dense(i["x"], i["kernel"], i["bias"])},
    "conv2d": lambda i, a: {"y": conv2d(i["x"], i["kernel"], i["bias"], a["stride"], a["padding"])},
    "conv2d_transpose": lambda i, a: {
        "y": conv2d_transpose(i["x"], i["kernel"], i["bias"], a["stride"], a["padding"], a["out_size"])
    },
    "maxpool": lambda i, a: {"y": maxpool(i["x"], a["size"], a["padding"])},
    "avgpool": lambda i, a: {"y": avgpool(i["x"], a["size"], a["padding"])},
    "upsample": lambda i, a: {"y": upsample(i["x"], a["factor"])},
    "pad": lambda i, a: {"y": pad_image(i["x"], a["sides"], a["mode"])},
    "crop": lambda i, a: {"y": crop_image(i["x"], a["sides"])},
    "resize": lambda i, a: {"y": resize_image(i["x"], a["height"], a["width"], a["method"])},
    "instancenorm": lambda i, a: {"y": instancenorm(i["x"], i.get("gamma"), i.get("beta"), a["epsilon"])},
    "batchnorm_train": lambda i, a: batchnorm_train(
        i["x"], i["gamma"], i["beta"], i["moving_mean"], i["moving_variance"], a["epsilon"], a["momentum"]
    ),
    "batchnorm_inference": lambda i, a: {
        "y": batchnorm_inference(i["x"], i["gamma"], i["beta"], i["moving_mean"], i["moving_variance"], a["epsilon"])
    },
    "layernorm": lambda i, a: {"y": layernorm(i["x"], i["gamma"], i["beta"], a["epsilon"])},
    "spectral_norm": lambda i, a: spectral_norm(i["kernel"], i["u"], a["iterations"], a["epsilon"]),
    "mse": lambda i, a: {"y": mse(i["target"], i["pred"], a["reduce"])},
    "l1": lambda i, a: {"y": l1(i["target"], i["pred"], a["reduce"])},
    "bce": lambda i, a: {"y": bce(i["target"], i["pred"], a["reduce"])},
    "bce_logits": lambda i, a: {"y": bce_logits(i["target"], i["logits"], a["reduce"])},
    "cross_entropy": lambda i, a: {"y": cross_entropy(i["labels"], i["logits"])},
    "one_hot": lambda i, a: {"y": F.one_hot(i["labels"], a["classes"]).to(torch.float64)},
    "kl_normal": lambda i, a: {"y": kl_normal(i["mu"], i["logvar"])},
    "reparam": lambda i, a: {"y": i["mu"] + torch.exp(0.5 * i["logvar"]) * i["eps"]},
    "cutout": lambda i, a: {"y": cutout(i["x"], i["u"], a["size"], a["fill"])},
    "sequential": lambda i, a: {"y": apply_layers(a["layers"], i["x"], weights_of(i, a))},
    "input_gradient": lambda i, a: {"y": critic_input_gradient(a["layers"], i["x"], weights_of(i, a))},
    "gradient_penalty": lambda i, a: {"y": gradient_penalty(i["real"], i["fake"], i["eps"], a["layers"], weights_of(i, a))},
    "r1_penalty": lambda i, a: {"y": r1_penalty(i["real"], a["layers"], weights_of(i, a))},
    "optimizer": lambda i, a: optimizer_steps(i["weight"], i["gradients"], a),
    "adam_tf": lambda i, a: adam_tf_steps(i["weight"], i["gradients"], a),
    "layout": layout_op,
}
for _name, _fn in ACTIVATIONS.items():
    OPS[_name] = (lambda fn: lambda i, a: {"y": fn(i["x"], a)})(_fn)

# The expression language's elementwise functions and reductions (docs/ir.md).
ELEMENTWISE = {"exp": torch.exp, "log": torch.log, "sqrt": torch.sqrt, "abs": torch.abs, "square": torch.square, "neg": torch.neg}
for _name, _fn in ELEMENTWISE.items():
    OPS[_name] = (lambda fn: lambda i, a: {"y": fn(i["x"])})(_fn)
OPS["pow"] = lambda i, a: {"y": torch.pow(i["a"], i["b"])}
OPS["mean"] = lambda i, a: {"y": i["x"].mean()}


def run_snippet(inputs, attrs):
    scope = {"inputs": inputs, "attrs": attrs, "torch": torch, "F": F, "layouts": layouts, "math": math}
    exec(attrs["code"], scope)
    if not isinstance(scope.get("outputs"), dict):
        raise ValueError("a snippet must assign a dict of tensors to `outputs`")
    return scope["outputs"]


# ───────────────────────────── requests ─────────────────────────────


def ones_or(inputs, name, like):
    return torch.ones_like(like) if name is None else inputs[name]


def answer(request):
    op = request["op"]
    attrs = request.get("attrs", {})
    inputs = {name: decode(spec) for name, spec in request.get("inputs", {}).items()}
    grad, grad2 = request.get("grad"), request.get("grad2")
    wrt = grad["wrt"] if grad else []
    for name in set(wrt) | set(grad2["wrt"] if grad2 else []):
        inputs[name].requires_grad_(True)
    if op == "snippet":
        outputs = run_snippet(inputs, attrs)
    elif op in OPS:
        outputs = OPS[op](inputs, attrs)
    else:
        raise ValueError("unknown op %r (known: %s)" % (op, ", ".join(sorted(OPS))))
    result = {"id": request["id"], "ok": True, "outputs": {k: encode(v) for k, v in outputs.items()}}
    if grad:
        of = outputs[grad["of"]]
        objective = (of * ones_or(inputs, grad.get("cotangent"), of)).sum()
        firsts = torch.autograd.grad(objective, [inputs[n] for n in wrt], create_graph=grad2 is not None, allow_unused=True)
        firsts = [torch.zeros_like(inputs[n]) if g is None else g for n, g in zip(wrt, firsts)]
        result["grads"] = {n: encode(g) for n, g in zip(wrt, firsts)}
        if grad2:
            cotangents = grad2.get("cotangents") or {n: None for n in wrt}
            second = sum((firsts[wrt.index(n)] * ones_or(inputs, c, firsts[wrt.index(n)])).sum() for n, c in cotangents.items())
            targets = [inputs[n] for n in grad2["wrt"]]
            seconds = torch.autograd.grad(second, targets, allow_unused=True) if second.requires_grad else [None] * len(targets)
            result["grads2"] = {
                n: encode(torch.zeros_like(inputs[n]) if g is None else g) for n, g in zip(grad2["wrt"], seconds)
            }
    return result


def main():
    emit({"id": 0, "ok": True, "torch": torch.__version__})
    for line in sys.stdin:
        if not line.strip():
            continue
        request_id = None
        try:
            request = json.loads(line)
            request_id = request.get("id")
            emit(answer(request))
        except Exception as error:
            detail = traceback.format_exc(limit=4)
            emit({"id": request_id, "ok": False, "error": "%s: %s\n%s" % (type(error).__name__, error, detail)})


if __name__ == "__main__":
    main()
