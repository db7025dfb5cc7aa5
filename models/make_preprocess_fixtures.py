#!/usr/bin/python3
"""Writes image fixtures and torchvision's eval-transform outputs for the Java Preprocess tests.

    /usr/bin/python3 models/make_preprocess_fixtures.py OUT_DIR

Images are synthetic (seeded noise, gradients and sharp edges, so that any resampling difference
shows) in many sizes, PIL modes and file formats. For each image and each (resize, crop) pair the
reference is

    Compose([Resize(resize), CenterCrop(crop), ToTensor(), Normalize(IMAGENET_MEAN, IMAGENET_STD)])
        (Image.open(path).convert('RGB'))

saved as float32 .npy. Also saved: the image after convert('RGB') as uint8 HxWx3 (so colour
conversion can be checked on its own), and plain PIL Image.resize(BILINEAR) outputs for assorted
size pairs (so the resampler can be checked without the crop).

OUT_DIR/manifest.tsv lists everything, one line per check:
    transform <image> <resize> <crop> <exact 0|1> <expected.npy>
    rgb       <image> <expected uint8 HxWx3 .npy>
    resize    <source .npy uint8 HxWx3> <out_w> <out_h> <expected uint8 .npy>
"""
import os
import struct
import sys
import warnings
import zlib

import numpy as np
import torch
from PIL import Image, ImageCms
from torchvision import transforms as T

MEAN = [0.485, 0.456, 0.406]
STD = [0.229, 0.224, 0.225]


def synth(w, h, seed):
    """Noise + gradients + hard edges (checkerboard, a disc, a diagonal) as uint8 HxWx3."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    img = np.empty((h, w, 3), np.float64)
    img[..., 0] = 255.0 * x / max(w - 1, 1)
    img[..., 1] = 255.0 * y / max(h - 1, 1)
    img[..., 2] = 127.5 + 127.5 * np.sin((x + 2 * y) / 5.0)
    img += rng.normal(0, 40, size=img.shape)
    checker = ((x // 7 + y // 5) % 2 == 0)
    img[checker & (x < w / 2)] = 255.0 - img[checker & (x < w / 2)]
    disc = (x - 0.6 * w) ** 2 + (y - 0.4 * h) ** 2 < (0.25 * min(w, h)) ** 2
    img[disc] = [250, 10, 30]
    img[np.abs(x - y * w / max(h, 1)) < 1.5] = 0
    return np.clip(np.rint(img), 0, 255).astype(np.uint8)


# ---------------------------------------------------------------- hand-written encoders
def write_png(path, samples, bit_depth, color_type, palette=None, trns=None, extra=()):
    """A minimal PNG encoder for the layouts PIL cannot write (16-bit RGB, 2/4-bit grey, tRNS...).

    samples: HxWxC integer array of raw sample values (palette indices for color type 3).
    """
    h, w = samples.shape[:2]
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[color_type]
    samples = samples.reshape(h, w, channels)
    rows = []
    for r in range(h):
        row = samples[r].reshape(-1).astype(np.uint32)
        if bit_depth == 16:
            raw = row.astype(">u2").tobytes()
        elif bit_depth == 8:
            raw = row.astype(np.uint8).tobytes()
        else:
            per_byte = 8 // bit_depth
            padded = np.zeros(-(-len(row) // per_byte) * per_byte, np.uint32)
            padded[: len(row)] = row
            packed = np.zeros(len(padded) // per_byte, np.uint32)
            for i in range(per_byte):
                packed |= padded[i::per_byte] << (8 - bit_depth * (i + 1))
            raw = packed.astype(np.uint8).tobytes()
        rows.append(b"\x00" + raw)

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    out = b"\x89PNG\r\n\x1a\n"
    out += chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, bit_depth, color_type, 0, 0, 0))
    if palette is not None:
        out += chunk(b"PLTE", bytes(np.asarray(palette, np.uint8).reshape(-1)))
    if trns is not None:
        out += chunk(b"tRNS", trns)
    for kind, data in extra:
        out += chunk(kind, data)
    out += chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
    out += chunk(b"IEND", b"")
    with open(path, "wb") as f:
        f.write(out)


def write_bmp16(path, rgb, layout):
    """16-bit BMP: layout '555' (BI_RGB) or '565' (BI_BITFIELDS); PIL reads both, cannot write them."""
    h, w = rgb.shape[:2]
    r, g, b = (rgb[..., i].astype(np.uint16) for i in range(3))
    if layout == "555":
        pix = ((r >> 3) << 10) | ((g >> 3) << 5) | (b >> 3)
        compression, masks = 0, b""
    else:
        pix = ((r >> 3) << 11) | ((g >> 2) << 5) | (b >> 3)
        compression, masks = 3, struct.pack("<III", 0xF800, 0x07E0, 0x001F)
    stride = (w * 2 + 3) // 4 * 4
    data = b"".join(pix[y].astype("<u2").tobytes().ljust(stride, b"\x00") for y in range(h - 1, -1, -1))
    offset = 14 + 40 + len(masks)
    info = struct.pack("<IiiHHIIiiII", 40, w, h, 1, 16, compression, len(data), 2835, 2835, 0, 0)
    with open(path, "wb") as f:
        f.write(b"BM" + struct.pack("<IHHI", offset + len(data), 0, 0, offset) + info + masks + data)


# ---------------------------------------------------------------- the images
def make_images(out):
    """Returns [(file name, exact?)]; writes the files."""
    images = []

    def add(name, exact=True):
        images.append((name, exact))

    # Sizes: downscale, upscale, already-256 (no resize), extreme aspect, single pixel.
    for w, h in [(512, 341), (341, 512), (300, 300), (256, 256), (257, 300), (224, 224), (100, 80),
                 (1000, 37), (37, 1000), (1, 1), (255, 255), (256, 600), (600, 256), (1600, 1200)]:
        name = f"rgb_{w}x{h}.png"
        Image.fromarray(synth(w, h, seed=w * 7919 + h)).save(os.path.join(out, name))
        add(name)

    base = synth(333, 250, seed=1)
    rgb = Image.fromarray(base)
    gray = rgb.convert("L")
    rng = np.random.default_rng(2)
    alpha = Image.fromarray(rng.integers(0, 256, size=(250, 333), dtype=np.uint8))

    # PIL modes, PNG.
    rgb.save(os.path.join(out, "mode_rgb.png"))
    gray.save(os.path.join(out, "mode_l.png"))
    rgb.quantize(colors=200, dither=Image.Dither.NONE).save(os.path.join(out, "mode_p.png"))
    rgba = rgb.copy()
    rgba.putalpha(alpha)
    rgba.save(os.path.join(out, "mode_rgba.png"))
    la = gray.copy()
    la.putalpha(alpha)
    la.save(os.path.join(out, "mode_la.png"))
    gray.convert("1").save(os.path.join(out, "mode_1.png"))
    # An embedded ICC profile (littleCMS's sRGB, not Java's): PIL ignores it, so must we.
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    rgb.save(os.path.join(out, "png_icc.png"), icc_profile=icc)
    rgb.quantize(colors=100, dither=Image.Dither.NONE).save(os.path.join(out, "gif_p.gif"))
    for n in ["mode_rgb.png", "mode_l.png", "mode_p.png", "mode_rgba.png", "mode_la.png", "mode_1.png",
              "png_icc.png", "gif_p.gif"]:
        add(n)

    # 16-bit grey: PIL opens it as mode 'I' and convert('RGB') clips to 0..255, so keep half the
    # image below 256 (where the values survive) and half spread over the full 16-bit range.
    g8 = np.asarray(gray).astype(np.uint16)
    g16 = g8 * 257
    g16[:, : g16.shape[1] // 2] = g8[:, : g16.shape[1] // 2]
    Image.fromarray(g16).save(os.path.join(out, "gray16_pil.png"))
    add("gray16_pil.png")

    # Layouts PIL does not write: hand-encoded PNGs.
    a8 = np.asarray(alpha)
    write_png(os.path.join(out, "png_gray2.png"), (g8 >> 6)[..., None], 2, 0)
    write_png(os.path.join(out, "png_gray4.png"), (g8 >> 4)[..., None], 4, 0)
    write_png(os.path.join(out, "png_gray16.png"), g16[..., None], 16, 0)
    write_png(os.path.join(out, "png_gray8_trns.png"), g8[..., None], 8, 0, trns=struct.pack(">H", 128))
    write_png(os.path.join(out, "png_gray16_trns.png"), g16[..., None], 16, 0, trns=struct.pack(">H", 200))
    write_png(os.path.join(out, "png_gray16_alpha.png"), np.dstack([g16, a8.astype(np.uint16) * 257]), 16, 4)
    rgb16 = base.astype(np.uint16) * 257 + rng.integers(0, 257, size=base.shape).astype(np.uint16)
    write_png(os.path.join(out, "png_rgb16.png"), rgb16, 16, 2)
    write_png(os.path.join(out, "png_rgba16.png"), np.dstack([rgb16, a8.astype(np.uint16) * 257]), 16, 6)
    write_png(os.path.join(out, "png_rgb8_trns.png"), base, 8, 2, trns=struct.pack(">HHH", 250, 10, 30))
    # gAMA and sBIT describe the samples; neither PIL nor we apply them.
    write_png(os.path.join(out, "png_gamma_sbit.png"), base, 8, 2,
              extra=[(b"gAMA", struct.pack(">I", 100000)), (b"sBIT", bytes([5, 6, 5]))])
    for bits in (1, 2, 4, 8):
        n = 1 << bits
        pal = rng.integers(0, 256, size=(n, 3))
        idx = (g8 * n // 256)[..., None]
        write_png(os.path.join(out, f"png_pal{bits}.png"), idx, bits, 3, palette=pal)
    pal = rng.integers(0, 256, size=(256, 3))
    write_png(os.path.join(out, "png_pal8_trns.png"), g8[..., None], 8, 3, palette=pal,
              trns=bytes(range(0, 256, 2)))
    for n in ["png_gray2.png", "png_gray4.png", "png_gray16.png", "png_gray8_trns.png", "png_gray16_trns.png",
              "png_gray16_alpha.png", "png_rgb16.png", "png_rgba16.png", "png_rgb8_trns.png",
              "png_gamma_sbit.png", "png_pal1.png", "png_pal2.png", "png_pal4.png", "png_pal8.png",
              "png_pal8_trns.png"]:
        add(n)

    # BMP: what PIL writes (24-bit, 8-bit grey, 8-bit palette, 1-bit, 32-bit) and 16-bit by hand.
    rgb.save(os.path.join(out, "bmp_rgb.bmp"))
    gray.save(os.path.join(out, "bmp_l.bmp"))
    rgb.quantize(colors=200, dither=Image.Dither.NONE).save(os.path.join(out, "bmp_p.bmp"))
    gray.convert("1").save(os.path.join(out, "bmp_1.bmp"))
    rgba.save(os.path.join(out, "bmp_rgba.bmp"))
    Image.fromarray(synth(341, 512, seed=3)).save(os.path.join(out, "bmp_341x512.bmp"))
    write_bmp16(os.path.join(out, "bmp_555.bmp"), base, "555")
    write_bmp16(os.path.join(out, "bmp_565.bmp"), base, "565")
    for n in ["bmp_rgb.bmp", "bmp_l.bmp", "bmp_p.bmp", "bmp_1.bmp", "bmp_rgba.bmp", "bmp_341x512.bmp",
              "bmp_555.bmp", "bmp_565.bmp"]:
        add(n)

    # JPEG: decoders differ (libjpeg-turbo vs ImageIO), so these are checked for closeness only.
    photo = Image.fromarray(synth(640, 480, seed=4))
    photo.save(os.path.join(out, "jpeg_rgb_q90.jpg"), quality=90)
    photo.save(os.path.join(out, "jpeg_rgb_q75_444.jpg"), quality=75, subsampling=0)
    photo.save(os.path.join(out, "jpeg_rgb_q85_422.jpg"), quality=85, subsampling=1)
    photo.convert("L").save(os.path.join(out, "jpeg_gray.jpg"), quality=90)
    photo.save(os.path.join(out, "jpeg_icc.jpg"), quality=90, icc_profile=icc)
    photo.save(os.path.join(out, "jpeg_progressive.jpg"), quality=90, progressive=True)
    photo.convert("CMYK").save(os.path.join(out, "jpeg_cmyk.jpg"), quality=90)  # Adobe-inverted CMYK
    Image.fromarray(synth(341, 512, seed=5)).save(os.path.join(out, "jpeg_341x512.jpg"), quality=95)
    for n in ["jpeg_rgb_q90.jpg", "jpeg_rgb_q75_444.jpg", "jpeg_rgb_q85_422.jpg", "jpeg_gray.jpg", "jpeg_icc.jpg",
              "jpeg_progressive.jpg", "jpeg_cmyk.jpg", "jpeg_341x512.jpg"]:
        add(n, exact=False)
    return images


def transform(resize, crop):
    return T.Compose([T.Resize(resize), T.CenterCrop(crop), T.ToTensor(), T.Normalize(mean=MEAN, std=STD)])


def main():
    # PIL suggests converting palette+tRNS images to RGBA; the fixture exists to test exactly that case.
    warnings.filterwarnings("ignore", message="Palette images with Transparency")
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    torch.set_num_threads(1)
    images = make_images(out)
    lines = []

    # (resize, crop): the ImageNet default; timm-style smaller inputs; odd margins that exercise
    # round-half-to-even; a crop larger than the resized image (zero padding).
    extra = [(146, 128), (182, 160), (183, 160), (255, 224), (257, 224), (100, 128), (200, 227), (256, 300)]
    extra_on = {"rgb_512x341.png", "rgb_341x512.png", "rgb_300x300.png", "rgb_100x80.png", "rgb_1000x37.png",
                "mode_p.png", "bmp_341x512.bmp", "jpeg_341x512.jpg"}
    for name, exact in images:
        path = os.path.join(out, name)
        with Image.open(path) as im:
            rgb = im.convert("RGB")
        np.save(os.path.join(out, name + ".rgb.npy"), np.asarray(rgb, np.uint8))
        lines.append(f"rgb\t{name}\t{name}.rgb.npy")
        pairs = [(256, 224)] + (extra if name in extra_on else [])
        for resize, crop in pairs:
            expected = transform(resize, crop)(rgb).numpy().astype(np.float32)
            assert expected.shape == (3, crop, crop), expected.shape
            npy = f"{name}.r{resize}_c{crop}.npy"
            np.save(os.path.join(out, npy), expected)
            lines.append(f"transform\t{name}\t{resize}\t{crop}\t{int(exact)}\t{npy}")

    # Plain resampler checks: PIL Image.resize(BILINEAR) for assorted size pairs.
    rng = np.random.default_rng(6)
    pairs = [((97, 61), (40, 25)), ((97, 61), (300, 200)), ((97, 61), (97, 30)), ((97, 61), (20, 61)),
             ((97, 61), (1, 1)), ((97, 61), (96, 62)), ((5, 3), (97, 61)), ((1, 1), (7, 3)),
             ((640, 9), (3, 9)), ((333, 250), (256, 192)), ((1600, 1200), (13, 11))]
    for _ in range(20):
        src = (int(rng.integers(1, 400)), int(rng.integers(1, 400)))
        dst = (int(rng.integers(1, 400)), int(rng.integers(1, 400)))
        pairs.append((src, dst))
    sources = {}
    for i, ((sw, sh), (dw, dh)) in enumerate(pairs):
        src_name = f"resize_src_{sw}x{sh}.npy"
        if src_name not in sources:
            sources[src_name] = synth(sw, sh, seed=sw * 31 + sh)
            np.save(os.path.join(out, src_name), sources[src_name])
        resized = np.asarray(Image.fromarray(sources[src_name]).resize((dw, dh), Image.Resampling.BILINEAR))
        dst_name = f"resize_{i}_{sw}x{sh}_to_{dw}x{dh}.npy"
        np.save(os.path.join(out, dst_name), resized)
        lines.append(f"resize\t{src_name}\t{dw}\t{dh}\t{dst_name}")

    with open(os.path.join(out, "manifest.tsv"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print(f"{len(lines)} checks in {out}")


if __name__ == "__main__":
    main()
