#!/usr/bin/python3
"""Every --arch of the zoo through the packaged CLI's `classify --save-logits`, against PyTorch.

A slower, wider check than the JUnit parity tests (about 8 minutes here): PyTorch's default
initialisation with perturbed BatchNorm statistics (not make_parity.py's weights), a batch of two
224x224 inputs, both backends, every variant, plus GhostNet under timm's keys.

    mvn -B package -DskipTests && models/check_cli_zoo.py [java/target/edgenet-cli.jar]

Prints one line per run: the largest |Δlogit| as a multiple of the parity bound (1e-4 * max|logit|)
and whether the top-5 of both images agree; exits 1 if any run misses.
"""
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import torch

import zoo

BOUND = 1e-4


def reference(name, seed=1234):
    torch.manual_seed(seed)
    model = zoo.build(name)
    g = torch.Generator().manual_seed(seed + 1)
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                m.running_mean.copy_(0.05 * torch.randn(m.running_mean.shape, generator=g))
                m.running_var.copy_(0.8 + 0.4 * torch.rand(m.running_var.shape, generator=g))
    return model.eval(), torch.randn((2, 3, 224, 224), generator=g)


def main():
    jar = sys.argv[1] if len(sys.argv) > 1 else "java/target/edgenet-cli.jar"
    names = [r["arch"] for r in json.loads(subprocess.check_output(["java", "-jar", jar, "list", "--json"]))]
    runs = [(n, None) for n in names] + [("ghostnet_100", "timm")]
    torch.set_num_threads(1)
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for name, scheme in runs:
            model, x = reference(name)
            with torch.no_grad():
                expected = model(x).numpy()
            weights, inputs, saved = (os.path.join(tmp, f) for f in ("w.pth", "x.npy", "y.npy"))
            torch.save(zoo.rename(name, model.state_dict(), scheme), weights)
            np.save(inputs, x.numpy())
            for backend in ("native", "java"):
                r = subprocess.run(["java", "-jar", jar, "classify", "--arch", name, "--weights", weights,
                                    "--backend", backend, "--save-logits", saved, inputs],
                                   capture_output=True, text=True)
                if r.returncode != 0:
                    print(f"{name:26s} {str(scheme):5s} {backend:6s} FAILED {r.stderr.strip()}", flush=True)
                    failed += 1
                    continue
                got = np.load(saved)
                ratio = np.abs(got - expected).max() / np.abs(expected).max() / BOUND
                same = all((np.argsort(-got[i])[:5] == np.argsort(-expected[i])[:5]).all() for i in range(2))
                failed += 0 if same and ratio <= 1 else 1
                print(f"{name:26s} {str(scheme):5s} {backend:6s} {ratio:7.3f}x bound  top-5 {'same' if same else 'DIFFERS'}",
                      flush=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
