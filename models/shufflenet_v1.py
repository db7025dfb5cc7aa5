"""ShuffleNetV1 (Zhang et al., 2017, "ShuffleNet: An Extremely Efficient Convolutional Neural Network
for Mobile Devices"), written from the paper with the state-dict keys and channel-shuffle form of
Megvii's released checkpoints (github.com/megvii-model/ShuffleNet-Series, ShuffleNetV1/), so that
their .pth files load into it and into edgenet.

Names: shufflenet_v1_g{1,2,3,4,8}[_x{0_5,1_0,1_5,2_0}] (no width suffix = 1.0x).

Channel rule (the same one edgenet's ShuffleNetV1.java uses):
  stage outputs = paper Table 1 at 1.0x scaled by the width and rounded half up to a multiple of
  4*g (the bottleneck is out/4 and feeds g groups); stem = {0.5x: 12, 1.0x: 24, 1.5x: 24,
  2.0x: 48} rounded up to a multiple of g (stage 2's first unit concatenates the pooled stem
  with out - stem channels from a g-group conv). This reproduces Megvii's g=3 and g=8 tables.
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

# Paper Table 1: output channels of stages 2, 3, 4 at 1.0x, by group count.
TABLE1 = {1: (144, 288, 576), 2: (200, 400, 800), 3: (240, 480, 960), 4: (272, 544, 1088), 8: (384, 768, 1536)}
REPEATS = (4, 8, 4)
STEM = {0.5: 12, 1.0: 24, 1.5: 24, 2.0: 48}
WIDTHS = {"0_5": 0.5, "1_0": 1.0, "1_5": 1.5, "2_0": 2.0}


def channels(groups, width):
    """(stem, [stage2, stage3, stage4]) output channels."""
    unit = 4 * groups
    stages = [int(math.floor(c * width / unit + 0.5)) * unit for c in TABLE1[groups]]
    stem = -(-STEM[width] // groups) * groups
    return stem, stages


def megvii_shuffle(x, groups):
    """Megvii's channel shuffle: reshape(b, c/g, g) -> permute -> flatten, so that the next grouped
    conv's group gi sees channels gi, gi + g, gi + 2g, ..."""
    b, c, h, w = x.shape
    return x.reshape(b, c // groups, groups, h, w).permute(0, 2, 1, 3, 4).reshape(b, c, h, w)


class Unit(nn.Module):
    """Paper Fig. 2(b)/(c): grouped 1x1 + BN + ReLU, 3x3 depthwise + BN, shuffle, grouped 1x1 + BN;
    stride 1: relu(main + x); stride 2: cat(avgpool3x3s2(x), relu(main))."""

    def __init__(self, inp, out, groups, stride, first_grouped):
        super().__init__()
        self.groups = groups
        self.stride = stride
        mid = out // 4
        main_out = out - inp if stride == 2 else out
        self.branch_main_1 = nn.Sequential(
            nn.Conv2d(inp, mid, 1, bias=False, groups=groups if first_grouped else 1),
            nn.BatchNorm2d(mid),
            nn.ReLU(inplace=True),
            nn.Conv2d(mid, mid, 3, stride, 1, groups=mid, bias=False),
            nn.BatchNorm2d(mid),
        )
        self.branch_main_2 = nn.Sequential(
            nn.Conv2d(mid, main_out, 1, bias=False, groups=groups),
            nn.BatchNorm2d(main_out),
        )

    def forward(self, x):
        y = self.branch_main_1(x)
        if self.groups > 1:
            y = megvii_shuffle(y, self.groups)
        y = self.branch_main_2(y)
        if self.stride == 1:
            return F.relu(y + x)
        shortcut = F.avg_pool2d(x, 3, 2, 1, count_include_pad=True)
        return torch.cat((shortcut, F.relu(y)), 1)


class ShuffleNetV1(nn.Module):
    def __init__(self, groups, width, num_classes=1000):
        super().__init__()
        stem, stages = channels(groups, width)
        self.first_conv = nn.Sequential(
            nn.Conv2d(3, stem, 3, 2, 1, bias=False),
            nn.BatchNorm2d(stem),
            nn.ReLU(inplace=True),
        )
        self.maxpool = nn.MaxPool2d(3, 2, 1)
        units = []
        inp = stem
        for stage, (out, repeats) in enumerate(zip(stages, REPEATS)):
            for i in range(repeats):
                # Paper: the first pointwise of stage 2 is not grouped (its input is only the stem).
                units.append(Unit(inp, out, groups, 2 if i == 0 else 1, first_grouped=not (stage == 0 and i == 0)))
                inp = out
        self.features = nn.Sequential(*units)
        # Megvii pools with AvgPool2d(7) (224 input only); adaptive pooling is the same there and
        # also defines the other input sizes the parity tests use.
        self.globalpool = nn.AdaptiveAvgPool2d(1)
        self.classifier = nn.Sequential(nn.Linear(inp, num_classes, bias=False))

    def forward(self, x):
        x = self.maxpool(self.first_conv(x))
        x = self.globalpool(self.features(x)).flatten(1)
        return self.classifier(x)


def parse(name):
    """(groups, width) for a name like shufflenet_v1_g3_x0_5, or None."""
    prefix = "shufflenet_v1_g"
    if not name.startswith(prefix):
        return None
    rest = name[len(prefix):]
    g, _, suffix = rest.partition("_x")
    if not g.isdigit() or int(g) not in TABLE1:
        return None
    width = WIDTHS.get(suffix or "1_0")
    if width is None:
        return None
    return int(g), width


def build(name):
    parsed = parse(name)
    return None if parsed is None else ShuffleNetV1(*parsed)


def _check_shuffle_equals_interleaved_groups():
    """Megvii's shuffle followed by a g-group 1x1 equals a g-group 1x1 whose group gi reads the
    unshuffled channels gi, gi + g, ... (edgenet's Pointwise interleavedInput)."""
    torch.manual_seed(0)
    g, c, out = 3, 12, 9
    x = torch.randn(2, c, 5, 4)
    w = torch.randn(out, c // g, 1, 1)
    reference = F.conv2d(megvii_shuffle(x, g), w, groups=g)
    parts = []
    for gi in range(g):
        xs = x[:, gi::g]  # channels gi, gi+g, ...
        parts.append(F.conv2d(xs, w[gi * (out // g):(gi + 1) * (out // g)]))
    assert torch.allclose(reference, torch.cat(parts, 1), atol=1e-6)
    # The usual shuffle (reshape(b, g, c/g), as torchvision's ShuffleNetV2) is a different
    # permutation here (c/g != g): the check above is not vacuous.
    usual = x.reshape(2, g, c // g, 5, 4).transpose(1, 2).reshape(2, c, 5, 4)
    assert not torch.allclose(reference, F.conv2d(usual, w, groups=g), atol=1e-3)


def _check_megvii_tables():
    """The rule reproduces Megvii's stage_out_channels for g=3 and g=8 (network.py)."""
    megvii = {
        (3, 0.5): (12, [120, 240, 480]), (3, 1.0): (24, [240, 480, 960]),
        (3, 1.5): (24, [360, 720, 1440]), (3, 2.0): (48, [480, 960, 1920]),
        (8, 0.5): (16, [192, 384, 768]), (8, 1.0): (24, [384, 768, 1536]),
        (8, 1.5): (24, [576, 1152, 2304]), (8, 2.0): (48, [768, 1536, 3072]),
    }
    for (g, w), expected in megvii.items():
        assert channels(g, w) == expected, (g, w, channels(g, w), expected)


if __name__ == "__main__":
    _check_shuffle_equals_interleaved_groups()
    _check_megvii_tables()
    for g in TABLE1:
        for suffix, w in WIDTHS.items():
            m = build(f"shufflenet_v1_g{g}_x{suffix}").eval()
            params = sum(p.numel() for p in m.parameters())
            with torch.no_grad():
                assert m(torch.randn(1, 3, 224, 224)).shape == (1, 1000)
            print(f"g{g} x{suffix}: channels {channels(g, w)}, {params} parameters")
