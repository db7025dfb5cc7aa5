#!/usr/bin/python3
"""Writes PyTorch parity goldens: seeded random weights (BatchNorm running stats randomised too),
a seeded input and the reference logits, for edgenet's JUnit parity tests.

Run with Debian's python3-torch / python3-torchvision (/usr/bin/python3):

    make_parity.py OUT_DIR --case mobilenet_v2_x1_0:224x224:0 [--case ...]

Each case ARCH:HxW:SEED[:SCHEME] (ARCH an edgenet --arch name, SCHEME a published key scheme of
the weights, e.g. timm) writes OUT_DIR/<ARCH>_<H>x<W>_s<SEED>[_<SCHEME>]/ with
  weights.pth      torch.save(model.state_dict()) (zip format), keys renamed to SCHEME if given
  input.npy        float32 NCHW [1, 3, H, W], torch.randn
  logits.npy       float32 [1, 1000], model.eval()(input) in float32
and OUT_DIR/manifest.json listing the cases.
"""
import argparse
import copy
import json
import os

import numpy as np
import torch

import zoo


def randomise(model, seed):
    """He-normal weights, BatchNorm affine and running statistics away from identity."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if p.dim() > 1:
                fan_in = p[0].numel()
                p.copy_(torch.randn(p.shape, generator=g) * (2.0 / fan_in) ** 0.5)
            elif name.endswith("weight"):
                p.copy_(1.0 + 0.25 * torch.randn(p.shape, generator=g))
            else:
                p.copy_(0.1 * torch.randn(p.shape, generator=g))
        for name, b in model.named_buffers():
            if name.endswith("running_mean"):
                b.copy_(0.1 * torch.randn(b.shape, generator=g))
            elif name.endswith("running_var"):
                b.copy_(0.5 + torch.rand(b.shape, generator=g))
            elif name.endswith("num_batches_tracked"):
                b.fill_(int(torch.randint(1, 10000, (1,), generator=g)))


# The parity bound the Java tests apply (Parity.assertMatches), relative to max|logit|.
PARITY_BOUND = 1e-4
# A reference whose own float32 rounding uses more than this share of the bound cannot judge
# another float32 implementation: some random networks amplify rounding enormously.
CONDITIONING_SHARE = 0.25


def check_conditioning(spec, logits32, logits64):
    """Refuses a case whose float32 PyTorch logits are far from its float64 ones."""
    scale = float(logits64.abs().max())
    drift = float((logits32.double() - logits64).abs().max())
    if drift > CONDITIONING_SHARE * PARITY_BOUND * scale:
        raise SystemExit(f"case {spec}: PyTorch's own float32 logits are {drift / (PARITY_BOUND * scale):.2f}x "
                         f"the parity bound away from float64; this seed makes an ill-conditioned network, pick another")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--case", action="append", required=True, help="ARCH:HxW:SEED[:SCHEME]")
    args = ap.parse_args()
    torch.set_num_threads(1)
    manifest = []
    for spec in args.case:
        arch, size, seed, *scheme = spec.split(":")
        scheme = scheme[0] if scheme else None
        h, w = (int(v) for v in size.split("x"))
        seed = int(seed)
        name = f"{arch}_{h}x{w}_s{seed}" + (f"_{scheme}" if scheme else "")
        folder = os.path.join(args.out, name)
        os.makedirs(folder, exist_ok=True)
        torch.manual_seed(seed)
        model = zoo.build(arch)
        randomise(model, seed)
        model.eval()
        x = torch.randn((1, 3, h, w), generator=torch.Generator().manual_seed(seed + 1000))
        with torch.no_grad():
            logits = model(x)
            check_conditioning(spec, logits, copy.deepcopy(model).double()(x.double()))
        torch.save(zoo.rename(arch, model.state_dict(), scheme), os.path.join(folder, "weights.pth"))
        np.save(os.path.join(folder, "input.npy"), x.numpy().astype(np.float32))
        np.save(os.path.join(folder, "logits.npy"), logits.numpy().astype(np.float32))
        manifest.append({"name": name, "arch": arch, "scheme": scheme, "height": h, "width_px": w, "seed": seed})
    with open(os.path.join(args.out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)


if __name__ == "__main__":
    main()
