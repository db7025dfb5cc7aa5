#!/usr/bin/python3
"""Writes the 1000 ImageNet-1k class names, in torchvision's order and spelling, one per line.

Run once with Debian's python3-torchvision; the output is committed as
java/src/main/resources/org/edgenet/image/imagenet_classes.txt.

    /usr/bin/python3 models/make_imagenet_labels.py [OUT]

With no OUT the names go to stdout (ImageNetLabelsTest compares that with the resource).
"""
import sys

from torchvision.models._meta import _IMAGENET_CATEGORIES


def main():
    names = list(_IMAGENET_CATEGORIES)
    if len(names) != 1000:
        sys.exit(f"expected 1000 ImageNet classes, got {len(names)}")
    for name in names:
        # One name per line must stay one name per line.
        if "\n" in name or "\r" in name or name != name.strip():
            sys.exit(f"class name {name!r} cannot be stored one per line")
    text = "".join(name + "\n" for name in names)
    if len(sys.argv) > 1:
        with open(sys.argv[1], "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
