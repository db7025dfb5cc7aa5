#!/usr/bin/python3
"""Exports the networks of `bench --compare ort`: the same seeded weights for edgenet (.pth) and
ONNX Runtime (.onnx), plus an input and PyTorch's logits for it, against which the benchmark checks
every engine before it times any.

Run with Debian's python3-torch / python3-torchvision (/usr/bin/python3):

    export_onnx.py OUT_DIR [--arch NAME ...] [--seed S]

Default archs: the nine flagships of `bench --arch all`. For each ARCH, OUT_DIR gets
  ARCH.pth           torch.save(state_dict): make_parity.randomise weights, BatchNorm statistics too
  ARCH.onnx          the same model in eval mode, batch 1, 3x224x224, input "input", output "logits"
  ARCH.input.npy     float32 NCHW [1, 3, 224, 224], torch.randn
  ARCH.logits.npy    float32 [1, 1000], PyTorch's output for that input
and OUT_DIR/manifest.json lists them. The seed of a network is the first from S on (default 0)
whose float32 logits are well-conditioned (make_parity.check_conditioning), so that the parity
bound can judge the engines.
"""
import argparse
import copy
import json
import os

import numpy as np
import torch

import zoo
from make_parity import check_conditioning, randomise

FLAGSHIPS = ["mobilenet_v1", "mobilenet_v2", "mobilenet_v3_large", "mobilenet_v3_small", "shufflenet_v1_g3",
             "shufflenet_v2_x1_0", "ghostnet_100", "mnasnet1_0", "efficientnet_b0"]
SIZE = 224
OPSET = 17  # the newest torch 1.13 exports
SEED_TRIES = 10


def seeded(arch, seed):
    """(model, input, logits) for the first well-conditioned seed from `seed` on."""
    for s in range(seed, seed + SEED_TRIES):
        torch.manual_seed(s)
        model = zoo.build(arch)
        randomise(model, s)
        model.eval()
        x = torch.randn((1, 3, SIZE, SIZE), generator=torch.Generator().manual_seed(s + 1000))
        with torch.no_grad():
            logits = model(x)
            try:
                check_conditioning(f"{arch} seed {s}", logits, copy.deepcopy(model).double()(x.double()))
            except SystemExit:
                continue
        return model, x, logits, s
    raise SystemExit(f"{arch}: no well-conditioned seed in {seed}..{seed + SEED_TRIES - 1}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out")
    ap.add_argument("--arch", action="append", help="an edgenet --arch name (repeatable); default: the nine flagships")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    torch.set_num_threads(1)
    os.makedirs(args.out, exist_ok=True)
    networks = []
    for arch in args.arch or FLAGSHIPS:
        model, x, logits, seed = seeded(arch, args.seed)
        files = {k: f"{arch}.{k}" for k in ("pth", "onnx")}
        files.update(input=f"{arch}.input.npy", logits=f"{arch}.logits.npy")
        torch.save(model.state_dict(), os.path.join(args.out, files["pth"]))
        torch.onnx.export(model, x, os.path.join(args.out, files["onnx"]), input_names=["input"],
                          output_names=["logits"], opset_version=OPSET, do_constant_folding=True)
        np.save(os.path.join(args.out, files["input"]), x.numpy().astype(np.float32))
        np.save(os.path.join(args.out, files["logits"]), logits.numpy().astype(np.float32))
        networks.append({"arch": arch, "seed": seed, "input_shape": list(x.shape), **files})
        print(f"{arch}: seed {seed}", flush=True)
    with open(os.path.join(args.out, "manifest.json"), "w") as f:
        json.dump({"torch": torch.__version__, "opset": OPSET, "networks": networks}, f, indent=1)


if __name__ == "__main__":
    main()
