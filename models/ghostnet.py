"""GhostNet (Han et al., 2020, "GhostNet: More Features from Cheap Operations"), written from the
paper with the state-dict keys of the authors' release (huawei-noah/Efficient-AI-Backbones,
ghostnet_pytorch/ghostnet.py; checkpoint ghostnet_1x.pth), so that it loads into edgenet.

Names: ghostnet_100 (width 1.0).

Key schemes: "timm" (pytorch-image-models timm/models/ghostnet.py, ghostnet_100). Every timm
version read uses exactly the authors' parameter keys (conv_stem, bn1, blocks.S.B.ghost1.
primary_conv.0/1, .cheap_operation.0/1, conv_dw, bn_dw, se.conv_reduce/conv_expand, ghost2,
shortcut.0-3, blocks.9.0.conv/bn1, conv_head, classifier), so rename() returns them unchanged.
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

# Paper Table 1 (MobileNetV3-Large-like), grouped as the authors' blocks.N stages:
# kernel, expansion (hidden) channels, output channels, SE ratio, stride.
CFGS = [
    [[3, 16, 16, 0, 1]],
    [[3, 48, 24, 0, 2]],
    [[3, 72, 24, 0, 1]],
    [[5, 72, 40, 0.25, 2]],
    [[5, 120, 40, 0.25, 1]],
    [[3, 240, 80, 0, 2]],
    [[3, 200, 80, 0, 1], [3, 184, 80, 0, 1], [3, 184, 80, 0, 1], [3, 480, 112, 0.25, 1], [3, 672, 112, 0.25, 1]],
    [[5, 672, 160, 0.25, 2]],
    [[5, 960, 160, 0, 1], [5, 960, 160, 0.25, 1], [5, 960, 160, 0, 1], [5, 960, 160, 0.25, 1]],
]
STEM = 16
HEAD = 1280


def make_divisible(v, divisor):
    """Round to a multiple of divisor, never below divisor nor more than 10% down (MobileNet rule)."""
    rounded = max(divisor, int(v + divisor / 2) // divisor * divisor)
    return rounded + divisor if rounded < 0.9 * v else rounded


def hard_sigmoid(x):
    return F.relu6(x + 3.0) / 6.0


def conv_bn(cin, cout, k, stride=1, groups=1, relu=False):
    layers = [nn.Conv2d(cin, cout, k, stride, k // 2, groups=groups, bias=False), nn.BatchNorm2d(cout)]
    if relu:
        layers.append(nn.ReLU(inplace=True))
    return nn.Sequential(*layers)


class GhostModule(nn.Module):
    """Paper Fig. 2(b), ratio s = 2: a 1x1 conv makes half the maps, a 3x3 depthwise conv of those
    makes the other half ("ghosts"); concatenated and cut to oup."""

    def __init__(self, inp, oup, relu):
        super().__init__()
        self.oup = oup
        init = math.ceil(oup / 2)
        self.primary_conv = conv_bn(inp, init, 1, relu=relu)
        self.cheap_operation = conv_bn(init, init, 3, groups=init, relu=relu)

    def forward(self, x):
        primary = self.primary_conv(x)
        return torch.cat([primary, self.cheap_operation(primary)], 1)[:, :self.oup]


class SqueezeExcite(nn.Module):
    def __init__(self, c, ratio):
        super().__init__()
        mid = make_divisible(c * ratio, 4)
        self.conv_reduce = nn.Conv2d(c, mid, 1, bias=True)
        self.conv_expand = nn.Conv2d(mid, c, 1, bias=True)

    def forward(self, x):
        s = F.relu(self.conv_reduce(x.mean((2, 3), keepdim=True)))
        return x * hard_sigmoid(self.conv_expand(s))


class GhostBottleneck(nn.Module):
    """Paper Fig. 3: ghost module (ReLU), [depthwise stride 2 + BN], [SE], ghost module (linear),
    plus the shortcut (identity, or depthwise + BN + 1x1 + BN when the shape changes)."""

    def __init__(self, inp, hidden, out, k, stride, se_ratio):
        super().__init__()
        self.ghost1 = GhostModule(inp, hidden, relu=True)
        self.stride = stride
        if stride > 1:
            self.conv_dw = nn.Conv2d(hidden, hidden, k, stride, (k - 1) // 2, groups=hidden, bias=False)
            self.bn_dw = nn.BatchNorm2d(hidden)
        self.se = SqueezeExcite(hidden, se_ratio) if se_ratio else None
        self.ghost2 = GhostModule(hidden, out, relu=False)
        if inp == out and stride == 1:
            self.shortcut = nn.Sequential()
        else:
            self.shortcut = nn.Sequential(
                nn.Conv2d(inp, inp, k, stride, (k - 1) // 2, groups=inp, bias=False),
                nn.BatchNorm2d(inp),
                nn.Conv2d(inp, out, 1, bias=False),
                nn.BatchNorm2d(out),
            )

    def forward(self, x):
        y = self.ghost1(x)
        if self.stride > 1:
            y = self.bn_dw(self.conv_dw(y))
        if self.se is not None:
            y = self.se(y)
        return self.ghost2(y) + self.shortcut(x)


class ConvBnAct(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)

    def forward(self, x):
        return F.relu(self.bn1(self.conv(x)))


class GhostNet(nn.Module):
    def __init__(self, width=1.0, num_classes=1000):
        super().__init__()
        c = make_divisible(STEM * width, 4)
        self.conv_stem = nn.Conv2d(3, c, 3, 2, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(c)
        stages = []
        for stage in CFGS:
            blocks = []
            for k, exp, out, se, s in stage:
                out = make_divisible(out * width, 4)
                blocks.append(GhostBottleneck(c, make_divisible(exp * width, 4), out, k, s, se))
                c = out
            stages.append(nn.Sequential(*blocks))
        last = make_divisible(CFGS[-1][-1][1] * width, 4)
        stages.append(nn.Sequential(ConvBnAct(c, last)))
        self.blocks = nn.Sequential(*stages)
        self.conv_head = nn.Conv2d(last, HEAD, 1, bias=True)
        self.classifier = nn.Linear(HEAD, num_classes)

    def forward(self, x):
        x = F.relu(self.bn1(self.conv_stem(x)))
        x = self.blocks(x).mean((2, 3), keepdim=True)
        x = F.relu(self.conv_head(x)).flatten(1)
        return self.classifier(x)  # dropout 0.2 in training only


def build(name):
    return GhostNet(1.0) if name == "ghostnet_100" else None


def rename(name, state_dict, scheme):
    """The state dict under a published key scheme: "timm" uses the authors' keys unchanged."""
    if scheme == "timm":
        return dict(state_dict)
    raise SystemExit(f"ghostnet has no key scheme '{scheme}' (known: timm)")


if __name__ == "__main__":
    m = build("ghostnet_100").eval()
    print(sum(p.numel() for p in m.parameters()), "parameters")
    with torch.no_grad():
        print(m(torch.randn(1, 3, 224, 224)).shape)
