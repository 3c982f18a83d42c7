"""The published reference protocols of bench/results/quality.md, written by hand
in plain PyTorch (no aeganc), trained on the same embedded digits aeganc uses,
so a row that misses its target can say what the reference itself reaches on
this data at this length.

  npx tsx bench/quality/exportMnist.ts DATA      # the 8,495 / 1,505 digits as .npy
  /usr/bin/python3 bench/quality/reference.py deep-ae --data DATA [--epochs N]
  /usr/bin/python3 bench/quality/reference.py vae --data DATA [--epochs N]
  /usr/bin/python3 bench/quality/reference.py conv-ae --data DATA [--epochs N]

deep-ae: the Keras blog's deep autoencoder ("Building Autoencoders in Keras",
  784-128-64-32-64-128-784, relu, sigmoid output, per-pixel binary
  cross-entropy, Adam 1e-3, batch 256, shuffled; Keras's glorot-uniform
  kernels and zero biases). Prints the test split's mean per-pixel BCE.
conv-ae: the keras-io "Convolutional autoencoder for image denoising" model
  (its plain part, 28,353 parameters): conv 3x3 (32) relu, maxpool 2, twice;
  two transposed conv 3x3 (32) stride 2 relu; conv 3x3 (1) sigmoid; all
  "same" padding; per-pixel BCE, Adam 1e-3 (Keras's epsilon), batch 128, 50
  epochs; glorot-uniform kernels and zero biases. Prints the test BCE.
vae: pytorch/examples `vae` (784-400-20-400-784, summed BCE + KL, Adam 1e-3,
  batch 128, shuffled, torch's default init). Prints the test split's
  −ELBO per example in nats, the number pytorch/examples prints as "test
  set loss".

One JSON line on stdout: the protocol, steps, epochs and the test figure.
"""

import argparse
import json
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def glorot(layer):
    nn.init.xavier_uniform_(layer.weight)
    nn.init.zeros_(layer.bias)
    return layer


class DeepAutoencoder(nn.Module):
    def __init__(self):
        super().__init__()
        sizes = [784, 128, 64, 32, 64, 128, 784]
        self.layers = nn.ModuleList(glorot(nn.Linear(a, b)) for a, b in zip(sizes, sizes[1:]))

    def forward(self, x):
        h = x
        for i, layer in enumerate(self.layers):
            h = layer(h)
            h = torch.sigmoid(h) if i == len(self.layers) - 1 else F.relu(h)
        return h


class ConvAutoencoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = nn.Sequential(
            glorot(nn.Conv2d(1, 32, 3, padding=1)), nn.ReLU(), nn.MaxPool2d(2),
            glorot(nn.Conv2d(32, 32, 3, padding=1)), nn.ReLU(), nn.MaxPool2d(2),
        )
        # Keras's "same" transposed convolution at stride 2 doubles the size.
        self.decoder = nn.Sequential(
            glorot(nn.ConvTranspose2d(32, 32, 3, stride=2, padding=1, output_padding=1)), nn.ReLU(),
            glorot(nn.ConvTranspose2d(32, 32, 3, stride=2, padding=1, output_padding=1)), nn.ReLU(),
            glorot(nn.Conv2d(32, 1, 3, padding=1)), nn.Sigmoid(),
        )

    def forward(self, x):
        return self.decoder(self.encoder(x.reshape(-1, 1, 28, 28))).reshape(-1, 784)


class VAE(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1, self.fc21, self.fc22 = nn.Linear(784, 400), nn.Linear(400, 20), nn.Linear(400, 20)
        self.fc3, self.fc4 = nn.Linear(20, 400), nn.Linear(400, 784)

    def forward(self, x):
        h = F.relu(self.fc1(x))
        mu, logvar = self.fc21(h), self.fc22(h)
        z = mu + torch.randn_like(mu) * torch.exp(0.5 * logvar)
        return torch.sigmoid(self.fc4(F.relu(self.fc3(z)))), mu, logvar


def vae_loss(recon, x, mu, logvar):
    bce = F.binary_cross_entropy(recon, x, reduction="sum")
    return bce - 0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())


PROTOCOLS = {
    "deep-ae": {"batch": 256, "epochs": 50, "make": DeepAutoencoder, "eps": 1e-7},
    "conv-ae": {"batch": 128, "epochs": 50, "make": ConvAutoencoder, "eps": 1e-7},
    "vae": {"batch": 128, "epochs": 10, "make": VAE, "eps": 1e-8},
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("protocol", choices=sorted(PROTOCOLS))
    parser.add_argument("--data", required=True, help="the folder exportMnist.ts wrote")
    parser.add_argument("--epochs", type=int, help="instead of the row's own length")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    protocol = PROTOCOLS[args.protocol]
    train = torch.from_numpy(np.load("%s/mnist-train-images.npy" % args.data)).reshape(-1, 784)
    test = torch.from_numpy(np.load("%s/mnist-test-images.npy" % args.data)).reshape(-1, 784)
    model = protocol["make"]()
    # Keras's Adam epsilon is 1e-7; torch's (pytorch/examples) 1e-8.
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, eps=protocol["eps"])
    epochs, batch, steps = args.epochs or protocol["epochs"], protocol["batch"], 0
    started = time.perf_counter()
    for _ in range(epochs):
        order = torch.randperm(len(train))
        # Full batches only, as aeganc's data cursor (Keras and DataLoader keep the last one).
        for start in range(0, len(train) - batch + 1, batch):
            x = train[order[start:start + batch]]
            optimizer.zero_grad()
            if args.protocol == "vae":
                recon, mu, logvar = model(x)
                loss = vae_loss(recon, x, mu, logvar)
            else:
                loss = F.binary_cross_entropy(model(x), x)
            loss.backward()
            optimizer.step()
            steps += 1
    model.eval()
    with torch.no_grad():
        if args.protocol == "vae":
            total = 0.0
            for i in range(0, len(test), 1000):
                recon, mu, logvar = model(test[i:i + 1000])
                total += vae_loss(recon, test[i:i + 1000], mu, logvar).item()
            figure = total / len(test)
            name = "test_neg_elbo"
        else:
            figure = sum(
                F.binary_cross_entropy(model(test[i:i + 500]), test[i:i + 500], reduction="sum").item()
                for i in range(0, len(test), 500)
            ) / test.numel()
            name = "test_bce_per_pixel"
    print(json.dumps({
        "protocol": args.protocol, "train_examples": len(train), "test_examples": len(test),
        "epochs": epochs, "batch": batch, "steps": steps, name: round(figure, 4),
        "seconds": round(time.perf_counter() - started, 1),
    }))


if __name__ == "__main__":
    main()
