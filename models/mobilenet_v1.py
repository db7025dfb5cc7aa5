"""MobileNetV1 (Howard et al. 2017, "MobileNets: Efficient Convolutional Neural Networks for Mobile
Vision Applications"), our own PyTorch definition written from the paper's Table 1.

torchvision has no MobileNetV1. The keys follow the nn.Sequential form most PyTorch ports use:
  model.0.0 / model.0.1        stem 3x3 stride-2 conv, BatchNorm (then ReLU)
  model.N.0 / model.N.1        block N (1..13): 3x3 depthwise conv, BatchNorm (then ReLU)
  model.N.3 / model.N.4        block N: 1x1 pointwise conv, BatchNorm (then ReLU)
  fc                           Linear with bias
Every convolution is bias-free and followed by BatchNorm2d (PyTorch's default eps 1e-5) and ReLU.

Width multiplier: every layer's channel count c becomes max(int(c * width), 8), TF-slim's
`depth()` rule (mobilenet_v1.py: min_depth=8); the stem and the last 1024 are scaled too. For the
published widths 0.25, 0.5, 0.75, 1.0 every product is already an integer.

Table 1 prints stride 2 for the last depthwise layer, but its input and output are both 7x7
(as in TF-slim's definition, which uses stride 1): we follow the sizes, stride 1.
"""
import torch.nn as nn

# Table 1, after the stem: one row per depthwise-separable layer as
# (stride of the 3x3 depthwise conv, filters of the 1x1 pointwise conv, repeats).
STEM_CHANNELS = 32
BLOCKS = [
    # s,    c, n
    (1, 64, 1),
    (2, 128, 1),
    (1, 128, 1),
    (2, 256, 1),
    (1, 256, 1),
    (2, 512, 1),
    (1, 512, 5),
    (2, 1024, 1),
    (1, 1024, 1),  # printed "s2" in Table 1, but 7x7 in and out: stride 1
]
MIN_DEPTH = 8

WIDTHS = {"0_25": 0.25, "0_5": 0.5, "0_75": 0.75, "1_0": 1.0}


def scaled(channels, width):
    """TF-slim's depth(): max(int(c * width), min_depth)."""
    return max(int(channels * width), MIN_DEPTH)


def conv_bn_relu(cin, cout, stride):
    return nn.Sequential(
        nn.Conv2d(cin, cout, 3, stride, 1, bias=False),
        nn.BatchNorm2d(cout),
        nn.ReLU(inplace=True),
    )


def depthwise_separable(cin, cout, stride):
    return nn.Sequential(
        nn.Conv2d(cin, cin, 3, stride, 1, groups=cin, bias=False),
        nn.BatchNorm2d(cin),
        nn.ReLU(inplace=True),
        nn.Conv2d(cin, cout, 1, 1, 0, bias=False),
        nn.BatchNorm2d(cout),
        nn.ReLU(inplace=True),
    )


class MobileNetV1(nn.Module):
    def __init__(self, width=1.0, num_classes=1000):
        super().__init__()
        channels = scaled(STEM_CHANNELS, width)
        layers = [conv_bn_relu(3, channels, 2)]
        for stride, c, repeats in BLOCKS:
            out = scaled(c, width)
            for _ in range(repeats):
                layers.append(depthwise_separable(channels, out, stride))
                channels = out
        # Adaptive rather than the paper's 7x7 window, so any input size works.
        layers.append(nn.AdaptiveAvgPool2d(1))
        self.model = nn.Sequential(*layers)
        self.fc = nn.Linear(channels, num_classes)

    def forward(self, x):
        x = self.model(x)
        return self.fc(x.flatten(1))


def build(name):
    """MobileNetV1 for an edgenet --arch name, None for names of other families."""
    if name == "mobilenet_v1":
        return MobileNetV1(1.0)
    prefix = "mobilenet_v1_x"
    if name.startswith(prefix) and name[len(prefix):] in WIDTHS:
        return MobileNetV1(WIDTHS[name[len(prefix):]])
    return None
