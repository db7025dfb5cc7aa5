"""The PyTorch reference definition behind every edgenet --arch name.

torchvision's own constructors where torchvision has the network; for the three it lacks
(MobileNetV1, ShuffleNetV1, GhostNet) our definitions in this folder, written from the papers
with the key names of their published checkpoints. Each of those modules has
build(name) -> nn.Module, returning None for names it does not know.
"""
import importlib

import torchvision.models as tv


def _widths(prefix, ctor, widths):
    return {f"{prefix}_x{w.replace('.', '_')}": (lambda w=w: ctor(width_mult=float(w))) for w in widths}


TORCHVISION = {
    **_widths("mobilenet_v2", tv.mobilenet_v2, ["0.35", "0.5", "0.75", "1.0", "1.4"]),
    "mobilenet_v2": lambda: tv.mobilenet_v2(),
    "mobilenet_v3_large": lambda: tv.mobilenet_v3_large(),
    **_widths("mobilenet_v3_large", tv.mobilenet_v3_large, ["0.75", "1.0"]),
    "mobilenet_v3_small": lambda: tv.mobilenet_v3_small(),
    **_widths("mobilenet_v3_small", tv.mobilenet_v3_small, ["0.75", "1.0"]),
    "shufflenet_v2_x0_5": lambda: tv.shufflenet_v2_x0_5(),
    "shufflenet_v2_x1_0": lambda: tv.shufflenet_v2_x1_0(),
    "shufflenet_v2_x1_5": lambda: tv.shufflenet_v2_x1_5(),
    "shufflenet_v2_x2_0": lambda: tv.shufflenet_v2_x2_0(),
    "mnasnet0_5": lambda: tv.mnasnet0_5(),
    "mnasnet0_75": lambda: tv.mnasnet0_75(),
    "mnasnet1_0": lambda: tv.mnasnet1_0(),
    "mnasnet1_3": lambda: tv.mnasnet1_3(),
    "efficientnet_b0": lambda: tv.efficientnet_b0(),
}

# Our own definitions, for the networks torchvision does not have.
OWN = ["mobilenet_v1", "shufflenet_v1", "ghostnet"]


def build(name):
    """The reference nn.Module for an edgenet --arch name (random init; callers set the weights)."""
    if name in TORCHVISION:
        return TORCHVISION[name]()
    for module_name in OWN:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as e:
            if e.name != module_name:
                raise
            continue
        model = module.build(name)
        if model is not None:
            return model
    raise SystemExit(f"no reference definition for arch '{name}'")


def rename(name, state_dict, scheme):
    """The state dict under another published key scheme (e.g. 'timm'), for modules that have one."""
    if scheme is None:
        return state_dict
    for module_name in OWN:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError:
            continue
        if hasattr(module, "rename") and module.build(name) is not None:
            return module.rename(name, state_dict, scheme)
    raise SystemExit(f"arch '{name}' has no key scheme '{scheme}'")
