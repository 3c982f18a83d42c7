# ───────────────────────────── the aeganc PyTorch runtime ─────────────────────────────
# This part is the same in every program `aeganc build --target pytorch` writes
# (src/codegen/pytorch/prelude.py); the spec's own networks, steps and tables
# follow it. It mirrors aeganc's interpreter (docs/ir.md): the same seeds,
# data order, optimizer definitions, batchnorm convention and checkpoint file.
#
# Layouts: the spec is NHWC; inside this program every image value (a batch
# of rank 4) is NCHW, and weights are stored in torch's layouts. Conversions
# happen only at the edges: data batches, random draws, checkpoints and grids.

import argparse
import gzip
import hashlib
import json
import math
import os
import signal
import struct
import sys
import time
import zlib

import numpy as np
import torch
import torch.distributed as dist
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data import Sampler

MASK32 = 0xFFFFFFFF
STREAM_SHUFFLE, STREAM_INIT, STREAM_STEP_BASE, STREAM_SAMPLE = 0, 1, 2, 0xFFFFFFFF


# ───────────────────────────── seeds (src/ir/seeds.ts) ─────────────────────────────


def _imul(a, b):
    return (a * b) & MASK32


def mix_seed(a, b, c, d):
    """murmur3's finaliser over a running hash of four integers, as aeganc's mixSeed."""
    h = 0x9E3779B9
    for v in (a, b, c, d):
        h = _imul(h ^ (v & MASK32), 0x85EBCA6B)
        h ^= h >> 13
        h = _imul(h, 0xC2B2AE35)
        h ^= h >> 16
    return h


def mulberry32(seed):
    state = seed & MASK32

    def draw():
        nonlocal state
        state = (state + 0x6D2B79F5) & MASK32
        t = state
        t = _imul(t ^ (t >> 15), t | 1)
        t ^= (t + _imul(t ^ (t >> 7), t | 61)) & MASK32
        return ((t ^ (t >> 14)) & MASK32) / 4294967296

    return draw


def permutation(n, seed):
    """The Fisher–Yates permutation aeganc's data cursor reads in epoch order."""
    random = mulberry32(seed)
    order = list(range(n))
    for i in range(n - 1, 0, -1):
        j = int(random() * (i + 1))
        order[i], order[j] = order[j], order[i]
    return np.array(order, dtype=np.int64)


# ───────────────────────────── layouts ─────────────────────────────


def is_image(spec_shape):
    """A per-example shape [H, W, C]: its batch is NCHW inside this program."""
    return len(spec_shape) == 3


def to_torch_layout(x):
    """A batch in the spec's NHWC → NCHW; other ranks are the same in both."""
    return x.permute(0, 3, 1, 2).contiguous() if x.dim() == 4 else x


def to_spec_layout(x):
    return x.permute(0, 2, 3, 1).contiguous() if x.dim() == 4 else x


def kernel_to_torch(kind, k):
    """dense [in, out] → [out, in]; conv2d HWIO → OIHW;
    conv2d_transpose [k, k, out, in] → [in, out, k, k]."""
    if kind == "dense":
        return k.t().contiguous()
    if kind in ("conv2d", "conv2d_transpose"):
        return k.permute(3, 2, 0, 1).contiguous()
    return k


def kernel_to_spec(kind, k):
    if kind == "dense":
        return k.t().contiguous()
    if kind in ("conv2d", "conv2d_transpose"):
        return k.permute(2, 3, 1, 0).contiguous()
    return k


def channel_axis(x):
    """The spec's last axis, where this program keeps it: 1 for NCHW images, else -1."""
    return 1 if x.dim() == 4 else -1


# ───────────────────────────── random draws ─────────────────────────────


class Draws:
    """Every random number of a run, keyed by aeganc's seed of that draw.

    A draw is made for the global batch in the spec's layout, and each rank
    keeps its own rows: ranks see different noise, and N ranks at B/N compute
    what one process at B computes. With `replay` set, draws are read from
    `<replay>/<seed>.npy` instead (the interpreter's own numbers, for tests);
    with `log` set, each draw is recorded there as a JSON line.
    """

    def __init__(self, device, rank=0, world=1, replay=None, log=None):
        self.device, self.rank, self.world = device, rank, world
        self.replay, self.log = replay, log

    def _draw(self, kind, shape, a, b, seed, local_rows):
        shape = [int(d) for d in shape]
        if self.log is not None:
            self.log.write(
                json.dumps({"kind": kind, "shape": shape, "a": a, "b": b, "seed": seed}) + "\n"
            )
        if self.replay is not None:
            values = torch.from_numpy(
                np.load(os.path.join(self.replay, "%d.npy" % seed)).astype(np.float32)
            )
            if list(values.shape) != shape:
                raise ValueError(
                    "replayed draw %d is %s, expected %s" % (seed, list(values.shape), shape)
                )
        else:
            generator = torch.Generator().manual_seed(seed)
            if kind == "normal":
                values = torch.randn(shape, generator=generator) * b + a
            else:
                values = torch.rand(shape, generator=generator) * (b - a) + a
        if local_rows is not None and shape and shape[0] != local_rows:
            values = values[self.rank * local_rows:(self.rank + 1) * local_rows]
        return to_torch_layout(values.to(self.device))

    def normal(self, shape, mean, std, seed, local_rows=None):
        return self._draw("normal", shape, mean, std, seed, local_rows)

    def uniform(self, shape, low, high, seed, local_rows=None):
        return self._draw("uniform", shape, low, high, seed, local_rows)


class StopGradient(torch.autograd.Function):
    """`detach`: the identity with a zero gradient (not None), as aeganc's."""

    @staticmethod
    def forward(ctx, x):
        return x.clone()

    @staticmethod
    def backward(ctx, grad):
        return torch.zeros_like(grad)


def stop_gradient(x):
    return StopGradient.apply(x)


# ───────────────────────────── the forward context ─────────────────────────────


class Context:
    """What one step execution (or one sample) shares: mode, seeds, state writes."""

    def __init__(self, run, training, stream, local_batch, networks=None):
        self.run, self.training, self.stream = run, training, stream
        self.local_batch = local_batch
        # What the graph functions call: a step's own networks through their
        # DDP wrappers (Run.step_networks), every other one as the plain module.
        self.networks = run.networks if networks is None else networks
        self.pending = {}

    @property
    def device(self):
        return self.run.device

    def seed(self, slot, call):
        return mix_seed(self.run.seed, self.stream, slot, call)

    def global_shape(self, local_shape_spec):
        return [local_shape_spec[0] * self.run.world] + list(local_shape_spec[1:])

    def normal(self, spec_shape, mean, std, slot, call):
        shape = self.global_shape(spec_shape) if self.training else spec_shape
        return self.run.draws.normal(shape, mean, std, self.seed(slot, call), spec_shape[0])

    def uniform(self, spec_shape, low, high, slot, call):
        shape = self.global_shape(spec_shape) if self.training else spec_shape
        return self.run.draws.uniform(shape, low, high, self.seed(slot, call), spec_shape[0])

    def const(self, value):
        return torch.tensor(value, dtype=torch.float32, device=self.device)

    def read_state(self, name):
        return self.pending.get(name, self.run.state[name])

    def write_state(self, name, value):
        self.pending[name] = value.detach()


def spec_shape_of(x):
    """The spec-layout shape of a batch held in this program's layout."""
    return [x.shape[0], x.shape[2], x.shape[3], x.shape[1]] if x.dim() == 4 else list(x.shape)


# ───────────────────────────── layers (src/numerics/layers) ─────────────────────────────


def same_pads(size, kernel, stride):
    """TF's 'same' padding of one axis: (before, after), the odd pixel after."""
    out = -(-size // stride)
    total = max((out - 1) * stride + kernel - size, 0)
    return total // 2, total - total // 2


def pad_same(x, kernel, stride, value=0.0):
    top, bottom = same_pads(x.shape[2], kernel, stride)
    left, right = same_pads(x.shape[3], kernel, stride)
    if top == bottom == left == right == 0:
        return x
    return F.pad(x, (left, right, top, bottom), value=value)


def dense(x, weight, bias):
    """On the spec's last axis (channels for an image)."""
    if x.dim() == 4:
        return to_torch_layout(F.linear(to_spec_layout(x), weight, bias))
    return F.linear(x, weight, bias)


def conv2d(x, weight, bias, stride, padding):
    if padding == "same":
        x = pad_same(x, weight.shape[2], stride)
    return F.conv2d(x, weight, bias, stride=stride)


def conv2d_transpose(x, weight, bias, stride, padding, out_hw):
    """TF's conv2dTranspose: the adjoint of conv2d from `out_hw`, i.e. torch's
    full transposed convolution cropped by the forward conv's leading pad."""
    k = weight.shape[2]
    full = F.conv_transpose2d(x, weight, None, stride=stride)
    starts = []
    for size_in, size_out in zip(x.shape[2:4], out_hw):
        total = max((size_in - 1) * stride + k - size_out, 0) if padding == "same" else 0
        starts.append(total // 2)
    (top, left), (height, width) = starts, out_hw
    grow_h, grow_w = top + height - full.shape[2], left + width - full.shape[3]
    if grow_h > 0 or grow_w > 0:
        full = F.pad(full, (0, max(grow_w, 0), 0, max(grow_h, 0)))
    return full[:, :, top:top + height, left:left + width] + bias.view(1, -1, 1, 1)


def moments(x, axes):
    mean = x.mean(dim=axes, keepdim=True)
    variance = (x - mean).square().mean(dim=axes, keepdim=True)
    return mean, variance


def normalize(x, mean, variance, gamma, beta, epsilon):
    return (x - mean) * torch.rsqrt(variance + epsilon) * gamma + beta


def per_channel(v, x):
    """A [C] vector shaped to broadcast against x along its channel axis."""
    return v.view(1, -1, 1, 1) if x.dim() == 4 else v


def batchnorm(ctx, x, gamma, beta, mean_name, variance_name, momentum, epsilon):
    """Biased batch variance; moving = momentum·moving + (1 − momentum)·batch (Keras's momentum)."""
    if not ctx.training:
        mean, variance = ctx.read_state(mean_name), ctx.read_state(variance_name)
        return normalize(
            x,
            per_channel(mean, x),
            per_channel(variance, x),
            per_channel(gamma, x),
            per_channel(beta, x),
            epsilon,
        )
    axis = 1 if x.dim() == 4 else x.dim() - 1
    axes = [d for d in range(x.dim()) if d != axis]
    mean, variance = ctx.run.batch_moments(x, axes)
    y = normalize(x, mean, variance, per_channel(gamma, x), per_channel(beta, x), epsilon)
    for name, observed in ((mean_name, mean), (variance_name, variance)):
        moving = ctx.read_state(name)
        ctx.write_state(name, moving * momentum + observed.detach().reshape(-1) * (1 - momentum))
    return y


def layernorm(x, gamma, beta, epsilon):
    """Over the spec's trailing axes that gamma covers."""
    spec = to_spec_layout(x)
    axes = list(range(spec.dim() - gamma.dim(), spec.dim()))
    mean, variance = moments(spec, axes)
    return to_torch_layout(normalize(spec, mean, variance, gamma, beta, epsilon))


def l2_normalize(a, epsilon):
    return a / (a.square().sum().sqrt() + epsilon)


def spectral_normalize(ctx, weight, kind, u_name, iterations, epsilon):
    """aeganc's spectral_norm on the spec's matrix reshape(W, [-1, out]); one power
    iteration per training application, none in inference. u and v are constants."""
    spec = kernel_to_spec(kind, weight)
    out = spec.shape[-1]
    frozen = spec.detach().reshape(-1, out)
    u_stored = ctx.read_state(u_name)
    u = u_stored.reshape(out, 1)
    steps = iterations if ctx.training else 0
    v = l2_normalize(frozen @ u, epsilon)
    for i in range(steps):
        if i > 0:
            v = l2_normalize(frozen @ u, epsilon)
        u = l2_normalize(frozen.t() @ v, epsilon)
    sigma = (v * (spec.reshape(-1, out) @ u)).sum()
    if ctx.training:
        ctx.write_state(u_name, u.reshape(u_stored.shape))
    return weight / sigma


def dropout(ctx, x, rate, slot, call):
    if not ctx.training or rate <= 0:
        return x
    keep = (ctx.uniform(spec_shape_of(x), 0.0, 1.0, slot, call) >= rate).float()
    return x * keep / (1 - rate)


def gaussian_noise(ctx, x, std, slot, call):
    if not ctx.training:
        return x
    return x + ctx.normal(spec_shape_of(x), 0.0, std, slot, call)


def upsample(x, factor):
    return F.interpolate(x, scale_factor=factor, mode="nearest")


def instancenorm(x, gamma, beta, epsilon):
    """Per example and channel over height and width, no running statistics (as aeganc's)."""
    return F.instance_norm(x, weight=gamma, bias=beta, eps=epsilon)


def pad_image(x, sides, mode):
    """sides = [top, bottom, left, right]; F.pad takes the last axis first."""
    top, bottom, left, right = sides
    return F.pad(x, (left, right, top, bottom), mode="reflect" if mode == "reflect" else "constant")


def crop_image(x, sides):
    top, bottom, left, right = sides
    return x[:, :, top:x.shape[2] - bottom, left:x.shape[3] - right]


def resize_image(x, height, width, method):
    """torch's defaults, which aeganc's resize follows: align_corners=False."""
    corners = False if method == "bilinear" else None
    return F.interpolate(x, size=(height, width), mode=method, align_corners=corners)


def maxpool(x, size, padding):
    if padding == "same":
        x = pad_same(x, size, size, value=-math.inf)
    return F.max_pool2d(x, size, size)


def avgpool(x, size, padding):
    """TF averages an edge window over the pixels inside the image only."""
    if padding == "valid":
        return F.avg_pool2d(x, size, size)
    sums = F.avg_pool2d(pad_same(x, size, size), size, size, divisor_override=1)
    counts = F.avg_pool2d(
        pad_same(torch.ones_like(x[:1, :1]), size, size), size, size, divisor_override=1
    )
    return sums / counts


def flatten(x):
    """In the spec's element order (h, w, c for an image)."""
    return to_spec_layout(x).reshape(x.shape[0], -1)


def reshape(x, target):
    y = to_spec_layout(x).reshape([x.shape[0]] + list(target))
    return to_torch_layout(y)


# ───────────────────────────── expressions (src/numerics/expressions) ─────────────────────────────


def per_example(x, how):
    if x.dim() == 1:
        return x
    flat = x.reshape(x.shape[0], -1)
    return flat.sum(1) if how == "sum" else flat.mean(1)


def reduce_loss(elementwise, reduce):
    return per_example(elementwise, reduce).mean()


def mean_all(x):
    return x if x.dim() == 0 else x.mean()


def sum_examples(x):
    return x if x.dim() == 0 else per_example(x, "sum").mean()


def mse(target, pred, reduce):
    return reduce_loss((target - pred).square(), reduce)


def l1(target, pred, reduce):
    return reduce_loss((target - pred).abs(), reduce)


BCE_EPSILON = 1e-7


def bce(target, pred, reduce):
    """Keras's: the prediction clipped to [1e-7, 1 − 1e-7] before the logs."""
    p = pred.clamp(BCE_EPSILON, 1 - BCE_EPSILON)
    return reduce_loss(-(target * torch.log(p) + (1 - target) * torch.log(1 - p)), reduce)


def bce_logits(target, logits, reduce):
    return reduce_loss(
        F.relu(logits) - logits * target + torch.log1p(torch.exp(-logits.abs())), reduce
    )


def one_hot(labels, classes):
    return F.one_hot(labels.long(), classes).float()


def cross_entropy(labels, logits, classes):
    distribution = one_hot(labels, classes) if not labels.is_floating_point() else labels
    shifted = logits - logits.max(dim=-1, keepdim=True).values.detach()
    log_softmax = shifted - torch.log(torch.exp(shifted).sum(dim=-1, keepdim=True))
    return (-(distribution * log_softmax).sum(dim=-1)).mean()


def kl_normal(mu, logvar):
    return per_example((1 + logvar - mu.square() - torch.exp(logvar)) * -0.5, "sum").mean()


def reparam(ctx, mu, logvar, slot):
    eps = ctx.normal(spec_shape_of(mu), 0.0, 1.0, slot, 0)
    return mu + torch.exp(logvar * 0.5) * eps


def add_noise(ctx, v, std, slot):
    return v + ctx.normal(spec_shape_of(v), 0.0, std, slot, 0)


def cutout_squares(ctx, v, size, slot):
    """1 inside each example's size×size square, else 0, [B, 1, H, W].

    As src/numerics/expressions/cutout.ts draws it."""
    batch, height, width = v.shape[0], v.shape[2], v.shape[3]
    u = ctx.uniform([batch, 2], 0.0, 1.0, slot, 0)

    def inside(axis, extent):
        corner = torch.floor(u[:, axis:axis + 1] * float(extent - size + 1))
        start = torch.clamp(corner, max=float(extent - size))
        positions = torch.arange(extent, dtype=torch.float32, device=v.device).view(1, extent)
        return ((positions >= start) & (positions < start + size)).float()

    return inside(0, height).view(batch, 1, height, 1) * inside(1, width).view(batch, 1, 1, width)


def cutout(ctx, v, size, fill, slot):
    mask = cutout_squares(ctx, v, size, slot)
    kept = v * (1 - mask)
    return kept if fill == 0 else kept + mask * fill


NORM_EPSILON = 1e-12


def input_gradient(critic, x):
    """d sum(critic(x)) / dx, differentiable again (the penalty's second order)."""
    if not x.requires_grad:
        x = x.detach().requires_grad_(True)
    (g,) = torch.autograd.grad(critic(x).sum(), x, create_graph=True)
    return g


def gradient_penalty(ctx, critic, real, fake, slot):
    shape = [real.shape[0]] + [1] * (real.dim() - 1)
    eps = ctx.uniform(shape, 0.0, 1.0, slot, 0)
    g = input_gradient(critic, eps * real + (1 - eps) * fake)
    norm = torch.sqrt(per_example(g.square(), "sum") + NORM_EPSILON)
    return (norm - 1).square().mean()


def r1_penalty(critic, real):
    return per_example(input_gradient(critic, real).square(), "sum").mean()


def concat_last(values):
    return torch.cat(values, dim=channel_axis(values[0]))


# ───────────────────────────── initialisers and optimizers ─────────────────────────────


def initial_tensor(init, shape, fan_in, fan_out, seed):
    generator = torch.Generator().manual_seed(seed)
    kind = init["kind"]
    if kind == "glorot_uniform":
        limit = math.sqrt(6 / (fan_in + fan_out))
        return torch.rand(shape, generator=generator) * (2 * limit) - limit
    if kind == "he_normal":
        return torch.randn(shape, generator=generator) * math.sqrt(2 / fan_in)
    if kind == "normal":
        return torch.randn(shape, generator=generator) * init["std"] + init["mean"]
    if kind == "zeros":
        return torch.zeros(shape)
    return torch.ones(shape)


def slot_names(optimizer):
    if optimizer["kind"] in ("adam", "adamw"):
        return ["m", "v"]
    if optimizer["kind"] == "sgd":
        return ["momentum"] if optimizer["momentum"] > 0 else []
    return ["ms", "momentum"] if optimizer["momentum"] > 0 else ["ms"]


def apply_update(optimizer, weight, gradient, slots, t):
    """aeganc's update rules (src/numerics/optimizers.ts), not torch.optim's:
    Adam is TF/Keras's, epsilon added to sqrt(v) before the bias correction
    is folded into the step size α = lr·√(1−β2ᵗ)/(1−β1ᵗ) (float64)."""
    kind = optimizer["kind"]
    if kind == "adamw":
        # torch.optim.AdamW's decoupled decay, then our adam.
        weight = weight * (1 - optimizer["lr"] * optimizer["weightDecay"])
        kind = "adam"
    if kind == "adam":
        b1, b2 = optimizer["beta1"], optimizer["beta2"]
        m = slots[0] * b1 + gradient * (1 - b1)
        v = slots[1] * b2 + gradient.square() * (1 - b2)
        alpha = optimizer["lr"] * math.sqrt(1 - b2**t) / (1 - b1**t)
        return weight - (m * alpha) / (v.sqrt() + optimizer["epsilon"]), [m, v]
    if kind == "sgd":
        if optimizer.get("weightDecay"):
            gradient = gradient + weight * optimizer["weightDecay"]
        if optimizer["momentum"] <= 0:
            return weight - gradient * optimizer["lr"], []
        buffer = slots[0] * optimizer["momentum"] + gradient
        return weight - buffer * optimizer["lr"], [buffer]
    ms = slots[0] * optimizer["rho"] + gradient.square() * (1 - optimizer["rho"])
    step = (gradient * optimizer["lr"]) / (ms.sqrt() + optimizer["epsilon"])
    if optimizer["momentum"] <= 0:
        return weight - step, [ms]
    momentum = slots[1] * optimizer["momentum"] + step
    return weight - momentum, [ms, momentum]


def learning_rate_at(optimizer, iteration):
    """The rate at `iteration` (0 on the first): src/ir/learningRate.ts's float64 formula."""
    schedule = optimizer.get("schedule")
    if schedule is None:
        return optimizer["lr"]
    if schedule["kind"] == "linear":
        progress = min(1, max(0, iteration - schedule["after"]) / schedule["over"])
        return optimizer["lr"] * (1 - progress) + schedule["to"] * progress
    if schedule["kind"] == "step_decay":
        return optimizer["lr"] * math.pow(schedule["gamma"], iteration // schedule["every"])
    if schedule["kind"] == "exponential":
        return optimizer["lr"] * math.pow(schedule["gamma"], iteration)
    progress = min(iteration, schedule["over"]) / schedule["over"]
    cosine = 1 + math.cos(math.pi * progress)
    return schedule["min"] + ((optimizer["lr"] - schedule["min"]) * cosine) / 2


def clip_by_global_norm(grads, max_norm):
    """torch.nn.utils.clip_grad_norm_'s scaling, on the gradients present (None: not reached)."""
    present = [g for g in grads if g is not None]
    if not present:
        return grads
    norm = torch.sqrt(torch.stack([g.square().sum() for g in present]).sum())
    coefficient = torch.clamp(max_norm / (norm + 1e-6), max=1.0)
    return [None if g is None else g * coefficient for g in grads]


# ───────────────────────────── data (docs/data.md) ─────────────────────────────


def map_range(values, stored, target):
    """lo + (v − stored_lo)·(hi − lo)/(stored_hi − stored_lo), in float64, then float32."""
    scale = (target[1] - target[0]) / (stored[1] - stored[0])
    return (target[0] + (values.astype(np.float64) - stored[0]) * scale).astype(np.float32)


def read_bytes(path):
    with open(path, "rb") as handle:
        data = handle.read()
    return gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data


IDX_TYPES = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}


def read_idx(path):
    data = read_bytes(path)
    kind, rank = data[2], data[3]
    dims = struct.unpack(">%dI" % rank, data[4:4 + 4 * rank])
    array = np.frombuffer(data, dtype=IDX_TYPES[kind], offset=4 + 4 * rank).reshape(dims)
    return array, kind == 0x08


def idx_examples(path):
    array, is_bytes = read_idx(path)
    if array.ndim == 3:
        array = array[..., None]
    return array, (0.0, 255.0) if is_bytes else (0.0, 1.0)


def read_npy(path):
    array = np.load(path, allow_pickle=False)
    return array, (0.0, 255.0) if array.dtype == np.uint8 else (0.0, 1.0)


def read_csv(path, label):
    with open(path, encoding="utf-8-sig") as handle:
        lines = [line.strip() for line in handle]
    header = [name.strip().strip('"') for name in lines[0].split(",")]
    rows = [[cell.strip().strip('"') for cell in line.split(",")] for line in lines[1:] if line]
    table = np.array(rows, dtype=np.float64).reshape(len(rows), len(header))
    if label is None:
        return table, None
    column = header.index(label)
    examples = np.delete(table, column, axis=1)
    return examples, table[:, column].astype(np.int64)


def png_rows(data):
    """Decodes an 8-bit non-interlaced PNG to [H, W, C] bytes."""
    pos, chunks, header = 8, [], None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            chunks.append(body)
        pos += 12 + length
    width, height, depth, color, _, _, interlace = header
    if depth != 8 or interlace != 0 or color not in (0, 2, 4, 6):
        raise ValueError("only 8-bit, non-interlaced grey/RGB/RGBA PNGs are read here")
    channels = {0: 1, 2: 3, 4: 2, 6: 4}[color]
    raw = zlib.decompress(b"".join(chunks))
    stride = width * channels
    out = np.zeros((height, stride), dtype=np.uint8)
    previous = np.zeros(stride, dtype=np.int32)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = np.frombuffer(
            raw, dtype=np.uint8, count=stride, offset=y * (stride + 1) + 1
        ).astype(np.int32)
        row = np.zeros(stride, dtype=np.int32)
        for x in range(stride):
            left = row[x - channels] if x >= channels else 0
            up, corner = previous[x], previous[x - channels] if x >= channels else 0
            if kind == 0:
                value = line[x]
            elif kind == 1:
                value = line[x] + left
            elif kind == 2:
                value = line[x] + up
            elif kind == 3:
                value = line[x] + (left + up) // 2
            else:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                value = line[x] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)
            row[x] = value & 0xFF
        out[y] = row
        previous = row
    return out.reshape(height, width, channels)


def read_png_folder(folder, shape):
    names = sorted(name for name in os.listdir(folder) if name.lower().endswith(".png"))
    images = []
    for name in names:
        with open(os.path.join(folder, name), "rb") as handle:
            pixels = png_rows(handle.read())
        channels = shape[2]
        if pixels.shape[2] != channels:
            grey = (
                pixels[..., :1]
                if pixels.shape[2] <= 2
                else pixels[..., :3].mean(axis=2, keepdims=True)
            )
            pixels = np.repeat(grey, channels, axis=2) if channels in (3, 4) else grey
        images.append(pixels[..., :channels])
    return np.stack(images), (0.0, 255.0)


def resolve(base, path):
    return path if os.path.isabs(path) else os.path.join(base, path)


def plain_or_gz(folder, stem):
    """Fashion-MNIST's file under its standard name, plain if present, else gzipped."""
    plain = os.path.join(folder, stem)
    return plain if os.path.exists(plain) else plain + ".gz"


def load_source(source, spec_dir, here):
    """One data declaration's fields: {name: numpy array}, images in NCHW."""
    spec, labels, label_field = source["spec"], None, None
    kind = spec["kind"]
    if kind == "mnist":
        examples = np.load(os.path.join(here, "data", "mnist-%s-images.npy" % spec["split"]))
        labels = np.load(os.path.join(here, "data", "mnist-%s-labels.npy" % spec["split"]))
        stored = (0.0, 1.0)
    elif kind == "fashion_mnist":
        prefix = "train" if spec["split"] == "train" else "t10k"
        folder = resolve(spec_dir, spec["dir"])
        examples, stored = idx_examples(plain_or_gz(folder, "%s-images-idx3-ubyte" % prefix))
        labels = read_idx(plain_or_gz(folder, "%s-labels-idx1-ubyte" % prefix))[0]
    elif kind == "idx":
        examples, stored = idx_examples(resolve(spec_dir, spec["images"]))
        if spec.get("labels"):
            labels = read_idx(resolve(spec_dir, spec["labels"]))[0]
    elif kind == "csv":
        examples, labels = read_csv(resolve(spec_dir, spec["path"]), spec.get("label"))
        stored = (0.0, 1.0)
    elif kind == "npy":
        examples, stored = read_npy(resolve(spec_dir, spec["path"]))
    else:
        example = next(f for f in source["fields"] if f["role"] == "example")
        examples, stored = read_png_folder(resolve(spec_dir, spec["dir"]), example["shape"])
    if source["classes"] is not None:
        # `classes: [...]`: only those examples, in stored order
        # (aeganc's host/data/keepClasses.ts).
        keep = np.isin(np.asarray(labels).reshape(-1), source["classes"])
        examples, labels = np.asarray(examples)[keep], np.asarray(labels).reshape(-1)[keep]
    fields = {}
    for field in source["fields"]:
        if field["role"] == "label":
            fields[field["name"]] = np.asarray(labels, dtype=np.int64).reshape(-1)
            continue
        values = map_range(np.asarray(examples), stored, source["range"])
        values = values.reshape([values.shape[0]] + list(field["shape"]))
        fields[field["name"]] = values.transpose(0, 3, 1, 2).copy() if values.ndim == 4 else values
    return fields


class ShardSampler(Sampler):
    """DistributedSampler's contract over aeganc's order: `set_epoch(e)` picks the
    epoch's permutation mulberry32(mix_seed(seed, 0, source, e)) (the same on
    every rank), each full global batch of it is split into one contiguous
    share per rank (disjoint, equal), and a short remainder is dropped. Not
    torch's DistributedSampler, whose torch.randperm order and strided split
    would make one process read other batches than the interpreter."""

    def __init__(self, count, batch, seed, source, rank, world):
        self.count, self.batch, self.seed, self.source = count, batch, seed, source
        self.rank, self.world, self.epoch = rank, world, 0

    def set_epoch(self, epoch):
        self.epoch = epoch

    def __len__(self):
        return (self.count // self.batch) * (self.batch // self.world)

    def __iter__(self):
        order = permutation(
            self.count, mix_seed(self.seed, STREAM_SHUFFLE, self.source, self.epoch)
        )
        share = self.batch // self.world
        for start in range(0, self.count - self.batch + 1, self.batch):
            yield from order[start + self.rank * share:start + (self.rank + 1) * share].tolist()


class DataCursor:
    """This rank's batches of one source, read from its ShardSampler, and where
    the run is in the data (epoch, position in the global order) for checkpoints."""

    def __init__(self, index, fields, batch, seed, rank, world, epoch=0, position=0):
        self.fields, self.batch = fields, batch
        self.count = len(next(iter(fields.values())))
        self.sampler = ShardSampler(self.count, batch, seed, index, rank, world)
        self.share = batch // world
        self.epoch, self.position, self.indices = epoch, position, None

    def set_epoch(self, epoch):
        self.epoch, self.position, self.indices = epoch, 0, None

    @property
    def completed_epochs(self):
        return self.epoch + (1 if self.position + self.batch > self.count else 0)

    def next_batch(self, device):
        if self.position + self.batch > self.count:
            self.set_epoch(self.epoch + 1)
        if self.indices is None:
            self.sampler.set_epoch(self.epoch)
            self.indices = iter(self.sampler)
            for _ in range(self.position // self.batch * self.share):
                next(self.indices)
        mine = [next(self.indices) for _ in range(self.share)]
        self.position += self.batch
        return {
            name: torch.from_numpy(values[mine]).to(device) for name, values in self.fields.items()
        }


class Batches:
    """One step execution's batches: each source and latent drawn once, on first use."""

    def __init__(self, run, ctx):
        self.run, self.ctx, self.drawn, self.latents = run, ctx, {}, {}

    def data(self, source, field):
        if source not in self.drawn:
            self.drawn[source] = self.run.cursors[source].next_batch(self.run.device)
        return self.drawn[source][field]

    def latent(self, name):
        if name not in self.latents:
            self.latents[name] = draw_latent(self.ctx, LATENTS[name], self.ctx.local_batch)
        return self.latents[name]


class FixedBatches:
    """Sampling: latents drawn from the run's fixed sample seeds, data in stored order."""

    def __init__(self, run, ctx, count):
        self.run, self.ctx, self.count, self.latents = run, ctx, count, {}

    def data(self, source, field):
        values = self.run.tables[source][field][: self.count]
        return torch.from_numpy(values).to(self.run.device)

    def latent(self, name):
        if name not in self.latents:
            self.latents[name] = draw_latent(self.ctx, LATENTS[name], self.count)
        return self.latents[name]


def draw_latent(ctx, latent, count):
    """aeganc's drawLatent: normal, uniform, or categorical (floor of U[0, K), capped at K − 1)."""
    distribution, slot = latent["distribution"], latent["slot"]
    if distribution["kind"] == "normal":
        return ctx.normal(
            [count] + latent["shape"], distribution["mean"], distribution["std"], slot, 0
        )
    if distribution["kind"] == "uniform":
        return ctx.uniform(
            [count] + latent["shape"], distribution["low"], distribution["high"], slot, 0
        )
    classes = distribution["classes"]
    labels = torch.clamp(
        torch.floor(ctx.uniform([count], 0.0, float(classes), slot, 0)), max=classes - 1
    ).long()
    return labels if latent["class"] else one_hot(labels, classes)


# ───────────────────────────── checkpoints (src/host/checkpoint.ts) ─────────────────────────────

CHECKPOINT_MAGIC = b"AEGANCK2"


def write_atomic(path, data):
    """Temp file in the same folder, flushed, then renamed: a reader never sees half a file."""
    temporary = "%s.tmp-%d" % (path, os.getpid())
    with open(temporary, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


def encode_checkpoint(header, tensors):
    """aeganc's checkpoint: magic, header length, JSON header, float32/int32 values, SHA-256."""
    offset, entries = 0, []
    for name, array in tensors:
        dtype = "int32" if array.dtype == np.int32 else "float32"
        entries.append(
            {"name": name, "shape": list(array.shape), "dtype": dtype, "offset": offset}
        )
        offset += array.size
    text = json.dumps(dict(header, tensors=entries), separators=(",", ":")).encode("utf-8")
    head = CHECKPOINT_MAGIC + struct.pack("<I", len(text)) + text
    head += b"\0" * (-len(head) % 4)
    body = head + b"".join(
        np.ascontiguousarray(a).astype("<f4" if a.dtype != np.int32 else "<i4").tobytes()
        for _, a in tensors
    )
    return body + hashlib.sha256(body).digest()


def decode_checkpoint(data):
    if data[:8] != CHECKPOINT_MAGIC:
        raise ValueError("not an aeganc checkpoint (wrong magic number)")
    body, digest = data[:-32], data[-32:]
    if hashlib.sha256(body).digest() != digest:
        raise ValueError("the checksum does not match; the checkpoint is damaged")
    (length,) = struct.unpack("<I", body[8:12])
    header = json.loads(body[12:12 + length].decode("utf-8"))
    start = -(-(12 + length) // 4) * 4
    tensors = {}
    for entry in header["tensors"]:
        count = int(np.prod(entry["shape"])) if entry["shape"] else 1
        dtype = "<i4" if entry["dtype"] == "int32" else "<f4"
        array = np.frombuffer(body, dtype=dtype, count=count, offset=start + 4 * entry["offset"])
        tensors[entry["name"]] = array.reshape(entry["shape"]).copy()
    return header, tensors


# ───────────────────────────── sample grids (src/host/imageGrid.ts) ─────────────────────────────


def png_bytes(pixels):
    """A minimal PNG writer (no PIL): [H, W, C] uint8, C in 1, 3, 4."""
    height, width, channels = pixels.shape
    color = {1: 0, 3: 2, 4: 6}[channels]
    raw = b"".join(b"\0" + pixels[y].tobytes() for y in range(height))

    def chunk(kind, body):
        return (
            struct.pack(">I", len(body))
            + kind
            + body
            + struct.pack(">I", zlib.crc32(kind + body) & MASK32)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, color, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 6))
        + chunk(b"IEND", b"")
    )


def grid_pixels(images, value_range):
    """⌈√n⌉ columns, 1-pixel mid-grey gutters; values mapped from value_range to 0..255."""
    count, height, width, channels = images.shape
    columns = max(1, math.ceil(math.sqrt(count)))
    rows = max(1, math.ceil(count / columns))
    grid = np.full(
        (rows * height + rows - 1, columns * width + columns - 1, channels), 128, dtype=np.uint8
    )
    low, high = value_range
    span = (high - low) or 1
    scaled = np.nan_to_num((images - low) / span * 255, nan=0.0)
    cells = np.clip(np.floor(scaled + 0.5), 0, 255).astype(np.uint8)
    for n in range(count):
        top, left = (n // columns) * (height + 1), (n % columns) * (width + 1)
        grid[top:top + height, left:left + width] = cells[n]
    return grid


# ───────────────────────────── the run ─────────────────────────────

# metrics.jsonl has each step's gradient norm at iteration 1 and every this many.
GRADIENT_NORM_EVERY = 10


def logs_gradient_norms(iteration):
    """Whether iteration (counted from 1) logs gradient norms: only those compute them."""
    return iteration == 1 or iteration % GRADIENT_NORM_EVERY == 0


def slot_key(step_index, weight_id, name):
    return "%d/%s/%s" % (step_index, weight_id, name)


class Run:
    """Weights, state, optimizer slots, EMA, counters and data of one training run.

    Distributed (torchrun): one process per device; LOCAL_RANK picks the device,
    CUDA with NCCL when present, else CPU with gloo. Each network with weights
    has its own DistributedDataParallel wrapper (never one around several), and
    a step calls through the wrappers of its `over` networks only, so DDP's
    reducer averages exactly the gradients the step updates. Batchnorm
    statistics are those of the global batch (see batch_moments).
    """

    def __init__(self, args):
        self.world = int(os.environ.get("WORLD_SIZE", "1"))
        self.rank = int(os.environ.get("RANK", "0"))
        local_rank = int(os.environ.get("LOCAL_RANK", "0"))
        cuda = torch.cuda.is_available() and not args.cpu
        if self.world > 1:
            dist.init_process_group(backend="nccl" if cuda else "gloo")
        self.device = torch.device("cuda", local_rank) if cuda else torch.device("cpu")
        if cuda:
            torch.cuda.set_device(self.device)
        self.seed = TRAIN["seed"] if args.seed is None else args.seed
        self.batch = args.batch or TRAIN["batch"]
        if self.batch % self.world != 0:
            fail(
                "the batch of %d does not split over %d processes; give --batch a multiple of %d"
                % (self.batch, self.world, self.world)
            )
        self.local_batch = self.batch // self.world
        log = open(args.log_draws, "w") if args.log_draws else None
        self.draws = Draws(self.device, self.rank, self.world, replay=args.draws, log=log)
        self.networks = {name: cls().to(self.device) for name, cls in NETWORKS.items()}
        self.local_rank, self.cuda = local_rank, cuda
        self.params = {w["id"]: getattr(self.networks[w["network"]], w["attr"]) for w in WEIGHTS}
        for i, w in enumerate(WEIGHTS):
            value = initial_tensor(
                w["init"],
                w["shape"],
                w["fan_in"],
                w["fan_out"],
                mix_seed(self.seed, STREAM_INIT, i, 0),
            )
            with torch.no_grad():
                self.params[w["id"]].copy_(kernel_to_torch(w["layout"], value))
        self.state = {}
        for j, s in enumerate(STATE):
            fan = s["shape"][-1] if s["shape"] else 1
            seed = mix_seed(self.seed, STREAM_INIT, len(WEIGHTS) + j, 0)
            self.state[s["id"]] = initial_tensor(s["init"], s["shape"], fan, fan, seed).to(
                self.device
            )
        self.slots = {}
        for s, step in enumerate(STEPS):
            for weight_id in step["weights"]:
                for name in slot_names(step["optimizer"]):
                    self.slots[slot_key(s, weight_id, name)] = torch.zeros_like(
                        self.params[weight_id].detach()
                    )
        self.ema = {w: self.params[w].detach().clone() for e in TRAIN["ema"] for w in e["weights"]}
        self.iteration, self.executions = 0, 0
        self.updates = [0 for _ in STEPS]
        cursors = [{"epoch": 0, "position": 0} for _ in DATA]
        if args.init_from:
            cursors = self.load_checkpoint(find_checkpoint(args.init_from))
        self.step_networks = self.wrap_networks()
        if self.world > 1:
            # DDP's constructor broadcast rank 0's weights; state is not a module's.
            for tensor in self.state.values():
                dist.broadcast(tensor, src=0)
        self.tables = [load_source(source, SPEC_DIR, HERE) for source in DATA]
        for source, table in zip(DATA, self.tables):
            count = len(next(iter(table.values())))
            if count < self.batch:
                fail(
                    "data %s has %d examples, fewer than the batch of %d"
                    % (source["describe"], count, self.batch)
                )
        self.cursors = [
            DataCursor(
                source["index"],
                table,
                self.batch,
                self.seed,
                self.rank,
                self.world,
                c["epoch"],
                c["position"],
            )
            for source, table, c in zip(DATA, self.tables, cursors)
        ]

    # ── checkpoints ──

    def load_checkpoint(self, path):
        with open(path, "rb") as handle:
            header, tensors = decode_checkpoint(handle.read())
        if header["model"] != MODEL:
            fail(
                "%s was written by model `%s`, but this program is model `%s`"
                % (path, header["model"], MODEL)
            )
        layouts = {w["id"]: w["layout"] for w in WEIGHTS}

        def take(name, layout):
            if name not in tensors:
                fail("%s has no tensor `%s`" % (path, name))
            return kernel_to_torch(layout, torch.from_numpy(tensors[name])).to(self.device)

        with torch.no_grad():
            for weight_id, param in self.params.items():
                value = take("weight:" + weight_id, layouts[weight_id])
                if value.shape != param.shape:
                    fail(
                        "weight `%s` is %s in %s but %s here"
                        % (weight_id, list(value.shape), path, list(param.shape))
                    )
                param.copy_(value)
        for name in self.state:
            self.state[name] = take("state:" + name, None)
        for key in self.slots:
            self.slots[key] = take("slot:" + key, layouts[key.split("/", 1)[1].rsplit("/", 1)[0]])
        for weight_id in self.ema:
            self.ema[weight_id] = take("ema:" + weight_id, layouts[weight_id])
        counters = header["counters"]
        self.iteration, self.executions = counters["iteration"], counters["executions"]
        self.updates = list(counters["updates"])
        return counters["cursors"]

    def checkpoint_bytes(self):
        layouts = {w["id"]: w["layout"] for w in WEIGHTS}

        def spec(layout, t):
            return kernel_to_spec(layout, t.detach()).cpu().numpy().astype(np.float32)

        tensors = [("weight:" + i, spec(layouts[i], p)) for i, p in self.params.items()]
        tensors += [("state:" + i, spec(None, t)) for i, t in self.state.items()]
        tensors += [
            ("slot:" + k, spec(layouts[k.split("/", 1)[1].rsplit("/", 1)[0]], t))
            for k, t in self.slots.items()
        ]
        tensors += [("ema:" + i, spec(layouts[i], t)) for i, t in self.ema.items()]
        counters = {
            "iteration": self.iteration,
            "executions": self.executions,
            "updates": list(self.updates),
            "cursors": [{"epoch": c.epoch, "position": c.position} for c in self.cursors],
        }
        header = {
            "format": "aeganc-checkpoint",
            "version": 2,
            "model": MODEL,
            "seed": self.seed,
            "counters": counters,
        }
        return encode_checkpoint(header, tensors)

    # ── training ──

    def wrap_networks(self):
        """For each step, the networks its graph function calls: its `over` networks
        through their DDP wrappers, the rest as plain modules (their weights get no
        gradient there, and a wrapper whose forward ran would wait for one). Alone,
        every network is the plain module. find_unused_parameters only where a step
        over the network leaves some of its weights unreached (FIND_UNUSED)."""
        wrapped = {}
        if self.world > 1:
            for name, module in self.networks.items():
                if not any(True for _ in module.parameters()):
                    continue
                wrapped[name] = DistributedDataParallel(
                    module,
                    device_ids=[self.local_rank] if self.cuda else None,
                    broadcast_buffers=False,
                    find_unused_parameters=name in FIND_UNUSED,
                )
        return [
            {
                name: wrapped.get(name, module) if name in step["over"] else module
                for name, module in self.networks.items()
            }
            for step in STEPS
        ]

    def batch_moments(self, x, axes):
        """Batch statistics over the global batch: SyncBatchNorm's, differentiably all-reduced."""
        if self.world == 1:
            return moments(x, axes)
        from torch.distributed.nn.functional import all_reduce

        count = x.numel() // x.shape[1 if x.dim() == 4 else -1] * self.world
        mean = all_reduce(x.sum(dim=axes, keepdim=True)) / count
        variance = all_reduce((x - mean).square().sum(dim=axes, keepdim=True)) / count
        return mean, variance

    def done(self, length):
        if length["kind"] == "steps":
            return self.iteration >= length["iterations"]
        return (self.cursors[0].completed_epochs if self.cursors else math.inf) >= length["epochs"]

    def execute_step(self, s, step):
        """One execution of a step (docs/ir.md, Steps): evaluate in training mode, the
        gradient over exactly the step's weights (None: not reached, no update), the
        update with t = this step's updates so far, then the state the forward wrote."""
        self.executions += 1
        self.updates[s] += 1
        ctx = Context(
            self, True, STREAM_STEP_BASE + self.executions, self.local_batch, self.step_networks[s]
        )
        objective, reports = STEP_FUNCTIONS[s](self, ctx, Batches(self, ctx))
        params = [self.params[w] for w in step["weights"]]
        for param in params:
            param.grad = None
        # backward (not autograd.grad): DDP's reducer averages the gradients over
        # the ranks as they accumulate; `inputs` keeps other networks' .grad empty.
        if objective.requires_grad:
            torch.autograd.backward(objective, inputs=params)
        grads = [param.grad for param in params]
        # This step runs in iteration self.iteration + 1 (run_iteration counts after its steps).
        squares = (
            [g.square().sum() for g in grads if g is not None]
            if logs_gradient_norms(self.iteration + 1)
            else []
        )
        norm = (
            torch.sqrt(torch.stack(squares).sum())
            if squares
            else torch.zeros((), device=self.device)
        )
        optimizer = dict(step["optimizer"], lr=learning_rate_at(step["optimizer"], self.iteration))
        if "clipNorm" in optimizer:
            grads = clip_by_global_norm(grads, optimizer["clipNorm"])
        names = slot_names(optimizer)
        with torch.no_grad():
            for weight_id, param, g in zip(step["weights"], params, grads):
                if g is None:
                    continue
                slots = [self.slots[slot_key(s, weight_id, n)] for n in names]
                weight, slots = apply_update(optimizer, param, g, slots, self.updates[s])
                param.copy_(weight)
                for n, value in zip(names, slots):
                    self.slots[slot_key(s, weight_id, n)] = value
        self.state.update(ctx.pending)
        values = torch.stack(
            [r.detach().float() for r in reports] + [objective.detach().float(), norm.float()]
        )
        if self.world > 1:
            dist.all_reduce(values)
            values = values / self.world
        return values

    def run_iteration(self):
        executed = []
        for s, step in enumerate(STEPS):
            for _ in range(step["repeat"]):
                executed.append((step, self.execute_step(s, step)))
        self.iteration += 1
        with torch.no_grad():
            for e in TRAIN["ema"]:
                for w in e["weights"]:
                    self.ema[w] = self.ema[w] * e["decay"] + self.params[w].detach() * (
                        1 - e["decay"]
                    )
        losses, norms = {}, {}
        for step, values in executed:
            numbers = values.cpu().tolist()
            for name, value in zip(step["reports"], numbers):
                losses[name] = value
            norms[step["name"]] = numbers[-1]
        return losses, norms

    # ── inference ──

    def sample_images(self, node_function, count):
        ctx = Context(self, False, STREAM_SAMPLE, count)
        with torch.no_grad():
            values = node_function(self, ctx, FixedBatches(self, ctx, count))
        return to_spec_layout(values.float()).cpu().numpy()

    def reconstruction_images(self, count=32, columns=8):
        """The first examples in stored order and their reconstructions, a row of each in turn."""
        role = AUTOENCODER
        table = self.tables[role["source"]][role["field"]]
        n = min(count, len(table))
        ctx = Context(self, False, STREAM_SAMPLE, n)
        with torch.no_grad():
            x = torch.from_numpy(table[:n]).to(self.device)
            code = self.networks[role["encoder"]](ctx, 0, x)[role["code_output"]]
            y = reshape(self.networks[role["decoder"]](ctx, 1, code)[0], role["shape"])
        originals, rebuilt = (
            to_spec_layout(x).cpu().numpy(),
            to_spec_layout(y.float()).cpu().numpy(),
        )
        rows = []
        for start in range(0, n, columns):
            rows += [originals[start:start + columns], rebuilt[start:start + columns]]
        return np.concatenate(rows)


# ───────────────────────────── the command line ─────────────────────────────


def fail(message):
    """A plain error line and exit status 1: no traceback for a user's mistake."""
    sys.stderr.write("error: %s\n" % message)
    sys.exit(1)


def find_checkpoint(path, flag="--init-from"):
    candidate = os.path.join(path, "checkpoint.ckpt") if os.path.isdir(path) else path
    if not os.path.isfile(candidate):
        fail(
            "%s %s: no checkpoint there "
            "(give an aeganc run directory or its checkpoint.ckpt)" % (flag, path)
        )
    return candidate


def parse_arguments(argv):
    parser = argparse.ArgumentParser(
        description="Train %s (written by aeganc build --target pytorch)." % MODEL
    )
    parser.add_argument("--out", help="the run directory (default: runs/%s-<time>)" % MODEL)
    parser.add_argument(
        "--steps", type=int, help="train this many iterations instead of the train block's length"
    )
    parser.add_argument("--epochs", type=int, help="train this many epochs instead")
    parser.add_argument("--batch", type=int, help="the global batch (split over the processes)")
    parser.add_argument("--seed", type=int, help="replace the train block's seed")
    parser.add_argument(
        "--init-from",
        help="start from an aeganc run directory or checkpoint (weights, slots, counters)",
    )
    parser.add_argument(
        "--resume",
        help="continue the run in this directory from its checkpoint "
        "(Ctrl-C or SIGTERM writes one)",
    )
    parser.add_argument(
        "--cpu", action="store_true", help="stay on the CPU even where CUDA is present"
    )
    parser.add_argument("--threads", type=int, help="torch.set_num_threads")
    parser.add_argument("--draws", help=argparse.SUPPRESS)
    parser.add_argument("--log-draws", help=argparse.SUPPRESS)
    parser.add_argument("--quiet", action="store_true", help="no progress lines")
    args = parser.parse_args(argv)
    return resumed_arguments(args) if args.resume else args


def resumed_arguments(args):
    """--resume DIR: the run's recorded --steps/--epochs/--batch/--seed unless flags replace
    them (--steps or --epochs replace the recorded length), started from DIR's checkpoint."""
    if args.out or args.init_from:
        fail(
            "--resume continues in its own directory from its own checkpoint; "
            "drop --out and --init-from"
        )
    info_file = os.path.join(args.resume, "run.json")
    try:
        with open(info_file, encoding="utf-8") as handle:
            info = json.load(handle)
    except (OSError, ValueError) as error:
        fail("--resume %s: no readable run.json there (%s)" % (args.resume, error))
    if info.get("model") != MODEL:
        fail(
            "--resume %s is a run of model `%s`, but this program is model `%s`"
            % (args.resume, info.get("model"), MODEL)
        )
    recorded = info.get("train", {})
    if args.steps is not None or args.epochs is not None:
        recorded = {k: v for k, v in recorded.items() if k not in ("steps", "epochs")}
    for name in ("steps", "epochs", "batch", "seed"):
        if getattr(args, name) is None and recorded.get(name) is not None:
            setattr(args, name, recorded[name])
    args.out, args.init_from = args.resume, find_checkpoint(args.resume, "--resume")
    return args


def train_length(args):
    if args.steps is not None:
        return {"kind": "steps", "iterations": args.steps}
    if args.epochs is not None:
        return {"kind": "epochs", "epochs": args.epochs}
    return TRAIN["length"]


def train_flags(args):
    names = ("steps", "epochs", "batch", "seed")
    return {k: getattr(args, k) for k in names if getattr(args, k) is not None}


def resume_run_directory(args, run):
    """A resumed run keeps spec.aegan and its metrics up to the checkpoint's iteration (the
    lines after it are trained again); run.json records the resume and the flags it ran
    with, as aeganc train does."""
    out = args.resume
    info_file = os.path.join(out, "run.json")
    with open(info_file, encoding="utf-8") as handle:
        info = json.load(handle)
    info["train"] = train_flags(args)
    info["resumed"] = info.get("resumed", []) + [
        time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    ]
    write_atomic(info_file, (json.dumps(info, indent=2) + "\n").encode("utf-8"))
    metrics_file, kept = os.path.join(out, "metrics.jsonl"), []
    if os.path.isfile(metrics_file):
        with open(metrics_file, encoding="utf-8") as handle:
            for line in handle:
                try:
                    if json.loads(line)["step"] <= run.iteration:
                        kept.append(line if line.endswith("\n") else line + "\n")
                except (ValueError, KeyError, TypeError):
                    continue
    write_atomic(metrics_file, "".join(kept).encode("utf-8"))
    return out


def prepare_run_directory(args, run):
    if args.resume:
        return resume_run_directory(args, run)
    out = args.out or os.path.join("runs", "%s-%s" % (MODEL, time.strftime("%Y%m%d-%H%M%S")))
    os.makedirs(out, exist_ok=True)
    train = train_flags(args)
    info = {
        "model": MODEL,
        "spec": SPEC_PATH,
        "specDir": SPEC_DIR,
        "params": PARAMS,
        "overrides": OVERRIDES,
        "train": train,
        "backend": "pytorch-%s-%s" % (torch.__version__, run.device.type),
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    write_atomic(os.path.join(out, "spec.aegan"), SPEC_TEXT.encode("utf-8"))
    write_atomic(
        os.path.join(out, "run.json"), (json.dumps(info, indent=2) + "\n").encode("utf-8")
    )
    write_atomic(os.path.join(out, "metrics.jsonl"), b"")
    return out


def write_grids(run, out, iteration, finished):
    for i, sample in enumerate(SAMPLES):
        if iteration % sample["every"] != 0 and not finished:
            continue
        folder = (
            os.path.join(out, "samples", str(i + 1))
            if len(SAMPLES) > 1
            else os.path.join(out, "samples")
        )
        os.makedirs(folder, exist_ok=True)
        images = run.sample_images(sample["function"], sample["count"])
        grid = grid_pixels(images, DISPLAY_RANGE)
        write_atomic(os.path.join(folder, "step-%06d.png" % iteration), png_bytes(grid))
    if AUTOENCODER is not None and (iteration % AUTOENCODER["every"] == 0 or finished):
        folder = os.path.join(out, "reconstructions")
        os.makedirs(folder, exist_ok=True)
        grid = grid_pixels(run.reconstruction_images(), AUTOENCODER["range"])
        write_atomic(os.path.join(folder, "step-%06d.png" % iteration), png_bytes(grid))


class StopRequest:
    """Ctrl-C and SIGTERM, as aeganc train takes them: the iteration under way finishes, then
    the metrics so far and a checkpoint are written and the program exits 130 or 143
    (--resume continues it exactly). A second signal stops at once."""

    def __init__(self):
        self.signum = 0
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, self.handle)

    def handle(self, signum, frame):
        if self.signum:
            os._exit(128 + signum)
        self.signum = signum

    def agreed(self, run):
        """Under torchrun every process stops after the same iteration (the signal reaches
        them at different moments): the largest signal number over the processes."""
        if run.world == 1:
            return self.signum
        flag = torch.tensor([self.signum], dtype=torch.int32, device=run.device)
        dist.all_reduce(flag, op=dist.ReduceOp.MAX)
        return int(flag.item())


def save_checkpoint(run, out, metrics):
    metrics.flush()
    write_atomic(os.path.join(out, "checkpoint.ckpt"), run.checkpoint_bytes())


def main(argv=None):
    stop = StopRequest()
    args = parse_arguments(sys.argv[1:] if argv is None else argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    run = Run(args)
    length = train_length(args)
    leader = run.rank == 0
    out = prepare_run_directory(args, run) if leader else None
    metrics = open(os.path.join(out, "metrics.jsonl"), "a") if leader else None
    every = TRAIN["checkpoint_every"]
    seconds = math.nan
    stopped = 0
    while not run.done(length):
        stopped = stop.agreed(run)
        if stopped:
            break
        started = time.perf_counter()
        losses, norms = run.run_iteration()
        elapsed = time.perf_counter() - started
        seconds = elapsed if math.isnan(seconds) else 0.9 * seconds + 0.1 * elapsed
        bad = next((name for name, value in losses.items() if not math.isfinite(value)), None)
        if bad is not None:
            fail(
                "loss `%s` is %s at iteration %d; no checkpoint written"
                % (bad, losses[bad], run.iteration)
            )
        if not leader:
            continue
        record = {
            "step": run.iteration,
            "epoch": run.cursors[0].epoch if run.cursors else 0,
            "losses": losses,
        }
        # Logged where the interpreter logs them (numerics/trainingHealth.ts).
        if logs_gradient_norms(run.iteration):
            record["grad_norms"] = norms
        record["samples_per_second"] = round(run.batch / seconds, 1)
        # The rate each scheduled step used this iteration, as the interpreter logs it.
        rates = {
            step["name"]: learning_rate_at(step["optimizer"], run.iteration - 1)
            for step in STEPS
            if "schedule" in step["optimizer"]
        }
        if rates:
            record["lr"] = rates
        metrics.write(json.dumps(record) + "\n")
        if not args.quiet:
            shown = "  ".join("%s %.4f" % item for item in losses.items())
            sys.stderr.write(
                "iteration %d  %s  %.1f samples/s\n" % (run.iteration, shown, run.batch / seconds)
            )
        finished = run.done(length)
        write_grids(run, out, run.iteration, finished)
        if run.iteration % every == 0 and not finished:
            save_checkpoint(run, out, metrics)
    if leader:
        save_checkpoint(run, out, metrics)
        metrics.close()
        if stopped:
            sys.stderr.write(
                "interrupted at iteration %d; wrote %s (continue with --resume %s)\n"
                % (run.iteration, out, out)
            )
        else:
            sys.stderr.write("wrote %s\n" % out)
    if run.world > 1:
        dist.barrier()
        dist.destroy_process_group()
    if stopped:
        sys.exit(128 + stopped)
