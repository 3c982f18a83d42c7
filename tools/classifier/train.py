"""Trains the small classifiers whose features `aeganc eval` measures GANs in.

Run through tools/classifier/train.ts (it exports the data with the project's
own loaders first). One CPU thread, seeded: the same data gives the same
weights. Writes assets/classifiers/<dataset>.json and <dataset>.weights.bin
with the weights already in TensorFlow.js layout (NHWC activations):

  conv kernels   torch [out, in, kh, kw]  ->  [kh, kw, in, out]
  first dense    torch [64, C*H*W] over an NCHW flatten (c, h, w order)
                 ->  [H*W*C, 64] over an NHWC flatten (h, w, c order)
  dense          torch [out, in]  ->  [in, out]

The test split's accuracy computed here is stored in the JSON; the TypeScript
test recomputes it through tfjs and must agree, which checks the conversion.
"""
import json
import os
import sys

import numpy as np
import torch
from torch import nn

torch.set_num_threads(1)

C1, C2 = 16, 32
BATCH = 32
ARCHITECTURE = f"conv5x5({C1}) relu maxpool2, conv5x5({C2}) relu maxpool2, flatten, dense(64) relu [features], dense(10)"
SETTINGS = {
    "mnist": {"epochs": 20, "seed": 9},
    "fashion-mnist": {"epochs": 6, "seed": 9},
}


class Classifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, C1, 5)
        self.conv2 = nn.Conv2d(C1, C2, 5)
        self.dense1 = nn.Linear(C2 * 4 * 4, 64)
        self.dense2 = nn.Linear(64, 10)

    def forward(self, x):
        x = torch.max_pool2d(torch.relu(self.conv1(x)), 2)
        x = torch.max_pool2d(torch.relu(self.conv2(x)), 2)
        features = torch.relu(self.dense1(x.flatten(1)))
        return self.dense2(features)


def load(data_dir, dataset, split):
    images = np.fromfile(os.path.join(data_dir, f"{dataset}-{split}-images.f32"), dtype="<f4")
    labels = np.fromfile(os.path.join(data_dir, f"{dataset}-{split}-labels.u8"), dtype=np.uint8)
    images = images.reshape(len(labels), 1, 28, 28)
    return torch.from_numpy(images.copy()), torch.from_numpy(labels.astype(np.int64))


def accuracy(model, images, labels):
    model.eval()
    with torch.no_grad():
        predicted = torch.cat([model(images[i : i + 1000]).argmax(1) for i in range(0, len(images), 1000)])
    model.train()
    return float((predicted == labels).double().mean())


def shifted(batch, generator):
    """Each image moved by up to 2 pixels each way: more digits from the 8.5k MNIST has."""
    padded = nn.functional.pad(batch, (2, 2, 2, 2))
    offsets = torch.randint(0, 5, (len(batch), 2), generator=generator)
    return torch.stack([padded[i, :, dy : dy + 28, dx : dx + 28] for i, (dy, dx) in enumerate(offsets.tolist())])


def train(data_dir, dataset, out_dir):
    settings = SETTINGS[dataset]
    torch.manual_seed(settings["seed"])
    generator = torch.Generator().manual_seed(settings["seed"])
    train_x, train_y = load(data_dir, dataset, "train")
    test_x, test_y = load(data_dir, dataset, "test")
    model = Classifier()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, settings["epochs"])
    for epoch in range(settings["epochs"]):
        order = torch.randperm(len(train_x), generator=generator)
        for start in range(0, len(order), BATCH):
            index = order[start : start + BATCH]
            batch = train_x[index]
            if dataset == "mnist":
                batch = shifted(batch, generator)
            loss = nn.functional.cross_entropy(model(batch), train_y[index])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        schedule.step()
        print(f"{dataset} epoch {epoch + 1}: test accuracy {accuracy(model, test_x, test_y):.4f}", flush=True)

    tensors = [
        ("conv1.kernel", model.conv1.weight.permute(2, 3, 1, 0)),
        ("conv1.bias", model.conv1.bias),
        ("conv2.kernel", model.conv2.weight.permute(2, 3, 1, 0)),
        ("conv2.bias", model.conv2.bias),
        ("dense1.kernel", model.dense1.weight.reshape(64, C2, 4, 4).permute(2, 3, 1, 0).reshape(C2 * 16, 64)),
        ("dense1.bias", model.dense1.bias),
        ("dense2.kernel", model.dense2.weight.t()),
        ("dense2.bias", model.dense2.bias),
    ]
    layout, chunks, offset = [], [], 0
    for name, tensor in tensors:
        values = tensor.detach().contiguous().numpy().astype("<f4")
        layout.append({"name": name, "shape": list(values.shape), "offset": offset})
        chunks.append(values.tobytes())
        offset += values.size
    with open(os.path.join(out_dir, f"{dataset}.weights.bin"), "wb") as f:
        f.write(b"".join(chunks))
    manifest = {
        "dataset": dataset,
        "architecture": ARCHITECTURE,
        "input": "[28, 28, 1] pixels in 0..1 (0 = background)",
        "featureSize": 64,
        "classes": 10,
        "trainedOn": {"train": len(train_x), "test": len(test_x)},
        "epochs": settings["epochs"],
        "seed": settings["seed"],
        "testAccuracy": round(accuracy(model, test_x, test_y), 4),
        "weights": f"{dataset}.weights.bin",
        "tensors": layout,
        "trainedWith": f"torch {torch.__version__}, tools/classifier/train.py",
    }
    with open(os.path.join(out_dir, f"{dataset}.json"), "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    print(f"{dataset}: test accuracy {manifest['testAccuracy']}")


if __name__ == "__main__":
    data_dir, out_dir = sys.argv[1], sys.argv[2]
    for dataset in sys.argv[3:] or list(SETTINGS):
        train(data_dir, dataset, out_dir)
