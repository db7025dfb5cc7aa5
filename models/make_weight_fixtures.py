#!/usr/bin/env python3
"""Writes the fixtures for the Java weights-loading tests (org.edgenet.weights.TorchFixturesTest).

Usage: /usr/bin/python3 make_weight_fixtures.py OUT_DIR

For every fixture it writes the file under test (.pth in the zip or legacy format, or .safetensors)
and an expected-values file <name>.expected.safetensors: each tensor that the Java reader should
produce, under the name it should have (after unwrapping and 'module.' stripping), as float32,
with the original dtype of each in the metadata entry "dtypes" (a JSON object). manifest.json lists
them all. safetensors are written by hand here because Debian's python3 may lack the package.
"""
import collections
import json
import os
import struct
import sys

import torch
import torchvision

ST_DTYPES = {
    torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16", torch.float64: "F64",
    torch.int64: "I64", torch.int32: "I32", torch.int16: "I16", torch.int8: "I8",
    torch.uint8: "U8", torch.bool: "BOOL",
}


def raw_bytes(t):
    """The tensor's elements, row-major, as little-endian bytes in its own dtype."""
    flat = t.detach().contiguous().reshape(-1)
    if flat.numel() == 0:
        return b""
    return bytes(flat.view(torch.uint8).numpy())


def write_safetensors(path, tensors, metadata=None, as_float32=True):
    """safetensors by hand: u64 LE header length, JSON header padded with spaces to 8, then data."""
    header = {}
    if metadata:
        header["__metadata__"] = metadata
    blobs = []
    offset = 0
    for name, t in tensors.items():
        t = t.detach()
        if as_float32:
            t = t.to(torch.float32)
        data = raw_bytes(t)
        header[name] = {"dtype": ST_DTYPES[t.dtype], "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def dtypes_state_dict():
    """Every supported dtype, views of one shared storage, a stride-0 expansion, a scalar, an empty tensor."""
    g = torch.Generator().manual_seed(1)
    sd = collections.OrderedDict()
    sd["f32"] = torch.randn(3, 4, generator=g)
    sd["f32_special"] = torch.tensor([float("inf"), float("-inf"), -0.0, 1e-40, 3.4028235e38])
    sd["f16"] = torch.randn(5, generator=g).half()
    sd["f16_special"] = torch.tensor([65504.0, 2.0 ** -24, -(2.0 ** -14), float("inf"), -0.0],
                                     dtype=torch.float16)
    sd["bf16"] = torch.randn(2, 3, generator=g).bfloat16()
    sd["f64"] = torch.randn(4, generator=g).double() * 1e10
    sd["i64"] = torch.tensor([0, -1, 123456789, 2 ** 40, -(2 ** 62)], dtype=torch.int64)
    sd["i32"] = torch.tensor([-7, 7, 2 ** 31 - 1], dtype=torch.int32)
    sd["i16"] = torch.tensor([-32768, 32767, 5], dtype=torch.int16)
    sd["i8"] = torch.tensor([-128, 127, 0], dtype=torch.int8)
    sd["u8"] = torch.tensor([0, 255, 17], dtype=torch.uint8)
    sd["bool"] = torch.tensor([True, False, True])
    base = torch.arange(24, dtype=torch.float32).reshape(4, 6)
    sd["base"] = base
    sd["transposed"] = base.t()                       # strides (1, 6)
    sd["slice"] = base[1:3, 2:5]                      # storage offset 8, strides (6, 1)
    sd["row"] = base[2]                               # storage offset 12, contiguous
    sd["every_other"] = base[:, ::2]                  # strides (6, 2)
    sd["expanded"] = torch.arange(3, dtype=torch.float32).reshape(3, 1).expand(3, 4)  # stride 0
    sd["half_transposed"] = torch.randn(3, 5, generator=g).half().t()
    sd["scalar"] = torch.tensor(2.5)
    sd["empty"] = torch.zeros(0, 3)
    sd["num_batches_tracked"] = torch.tensor(7, dtype=torch.int64)
    return sd


def params_state_dict():
    g = torch.Generator().manual_seed(2)
    return collections.OrderedDict([
        ("weight", torch.nn.Parameter(torch.randn(2, 3, generator=g))),
        ("bias", torch.nn.Parameter(torch.zeros(2), requires_grad=False)),
        ("running_mean", torch.randn(2, generator=g)),
    ])


def wrapped_checkpoint():
    """A training checkpoint around a DataParallel state dict, with an optimizer holding tensors too."""
    g = torch.Generator().manual_seed(3)
    inner = collections.OrderedDict([
        ("module.conv.weight", torch.randn(4, 1, 3, 3, generator=g)),
        ("module.bn.num_batches_tracked", torch.tensor(5)),
    ])
    checkpoint = {
        "epoch": 3,
        "arch": "mobilenet_v2",
        "best_acc1": 71.88,
        "state_dict": inner,
        "optimizer": {"state": {0: {"momentum_buffer": torch.ones(4, 1, 3, 3)}},
                      "param_groups": [{"lr": 0.1, "params": [0, 1]}]},
    }
    expected = collections.OrderedDict((k[len("module."):], v) for k, v in inner.items())
    return checkpoint, expected


def ema_checkpoint():
    g = torch.Generator().manual_seed(4)
    plain = collections.OrderedDict([("w", torch.randn(3, generator=g))])
    ema = collections.OrderedDict([("w", torch.randn(3, generator=g))])
    return {"epoch": 10, "state_dict": plain, "state_dict_ema": ema}, plain, ema


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    manifest = []

    def expect(name, tensors):
        path = os.path.join(out, name + ".expected.safetensors")
        dtypes = {k: ST_DTYPES[v.dtype] for k, v in tensors.items()}
        write_safetensors(path, tensors, {"dtypes": json.dumps(dtypes)})
        return os.path.basename(path)

    def save(file, obj, expected_file, fmt, legacy=False, protocol=2, key=None, source_suffix=""):
        torch.save(obj, os.path.join(out, file), pickle_protocol=protocol,
                   _use_new_zipfile_serialization=not legacy)
        manifest.append({"file": file, "expected": expected_file, "format": fmt, "checkpoint_key": key,
                         "source_suffix": source_suffix})

    sd = dtypes_state_dict()
    exp = expect("dtypes", sd)
    save("dtypes.pth", sd, exp, "PYTORCH_ZIP")
    save("dtypes_legacy.pth", sd, exp, "PYTORCH_LEGACY", legacy=True)
    save("dtypes_proto4.pth", sd, exp, "PYTORCH_ZIP", protocol=4)
    save("dtypes_proto5_legacy.pth", sd, exp, "PYTORCH_LEGACY", legacy=True, protocol=5)
    # safetensors in the original dtypes (contiguous copies: the format has no views)
    write_safetensors(os.path.join(out, "dtypes.safetensors"), sd, {"producer": "make_weight_fixtures"},
                      as_float32=False)
    manifest.append({"file": "dtypes.safetensors", "expected": exp, "format": "SAFETENSORS",
                     "checkpoint_key": None, "source_suffix": ""})

    params = params_state_dict()
    exp = expect("params", params)
    save("params.pth", params, exp, "PYTORCH_ZIP")
    save("params_legacy.pth", params, exp, "PYTORCH_LEGACY", legacy=True)

    checkpoint, inner = wrapped_checkpoint()
    exp = expect("wrapped", inner)
    save("wrapped.pth", checkpoint, exp, "PYTORCH_ZIP", source_suffix=" [state_dict]")
    save("wrapped_legacy.pth", checkpoint, exp, "PYTORCH_LEGACY", legacy=True, source_suffix=" [state_dict]")

    checkpoint, plain, ema = ema_checkpoint()
    save("ema.pth", checkpoint, expect("ema_plain", plain), "PYTORCH_ZIP", source_suffix=" [state_dict]")
    save("ema.pth", checkpoint, expect("ema_ema", ema), "PYTORCH_ZIP", key="state_dict_ema",
         source_suffix=" [state_dict_ema]")

    torch.manual_seed(0)
    mobilenet = torchvision.models.mobilenet_v2().state_dict()
    exp = expect("mobilenet_v2", mobilenet)
    save("mobilenet_v2.pth", mobilenet, exp, "PYTORCH_ZIP")
    save("mobilenet_v2_legacy.pth", mobilenet, exp, "PYTORCH_LEGACY", legacy=True)

    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)


if __name__ == "__main__":
    main()
