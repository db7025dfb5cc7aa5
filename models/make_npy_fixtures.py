#!/usr/bin/python3
"""Writes .npy files with numpy for the Java Npy tests.

    /usr/bin/python3 models/make_npy_fixtures.py OUT_DIR

OUT_DIR/manifest.tsv, one line per file:
    read  <name>.npy <shape, comma-separated, empty for 0-d> <name>.f32
        the array in some dtype/order/version; <name>.f32 holds astype(float32) in C order as raw
        little-endian bytes, so the reader is checked against bytes it did not parse itself
    write <name>.npy <shape> <name>.f32
        np.save of that float32 array: the Java writer must produce the same bytes
"""
import os
import sys

import numpy as np


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(0)
    lines = []

    def expected(name, arr):
        with np.errstate(over="ignore"):  # 1e40 becoming inf is part of the test
            raw = np.ascontiguousarray(arr.astype(np.float32)).astype("<f4").tobytes()
        with open(os.path.join(out, name + ".f32"), "wb") as f:
            f.write(raw)
        return ",".join(str(d) for d in arr.shape)

    def read_case(name, arr, version=None):
        path = os.path.join(out, name + ".npy")
        if version is None:
            np.save(path, arr)
        else:
            with open(path, "wb") as f:
                np.lib.format.write_array(f, arr, version=version)
        lines.append(f"read\t{name}.npy\t{expected(name, arr)}\t{name}.f32")

    specials32 = np.array([0.0, -0.0, 1.0, -1.5, np.inf, -np.inf, 1e-45, 1.17e-38, 3.4e38, np.nan], np.float32)
    read_case("f4_specials", specials32)
    read_case("f4_2x3", np.arange(6, dtype=np.float32).reshape(2, 3) / 7)
    read_case("f4_nchw", rng.standard_normal((2, 3, 5, 7)).astype(np.float32))
    read_case("f4_scalar", np.array(3.25, np.float32))
    read_case("f4_empty", np.zeros((0, 3), np.float32))
    # float64 values that round to float32, overflow to inf, and become float32 subnormals.
    f8 = np.concatenate([rng.standard_normal(50), [1 / 3, 1e40, -1e40, 1e-40, 2.0 ** -149 * 0.75, 0.1]])
    read_case("f8_rounding", f8)
    # Every float16 bit pattern, NaNs included.
    read_case("f2_all", np.arange(65536, dtype=np.uint32).astype(np.uint16).view(np.float16))
    read_case("f4_fortran_3d", np.asfortranarray(np.arange(24, dtype=np.float32).reshape(2, 3, 4)))
    read_case("f8_fortran_2d", np.asfortranarray(rng.standard_normal((5, 7))))
    read_case("f4_fortran_1d", np.asfortranarray(np.arange(5, dtype=np.float32)))
    read_case("f4_big_endian", rng.standard_normal((3, 4)).astype(">f4"))
    read_case("f8_big_endian", rng.standard_normal(9).astype(">f8"))
    read_case("i4_big_endian", np.arange(-5, 5, dtype=">i4"))
    read_case("i8", np.array([0, -1, 2 ** 40 + 1, 2 ** 62 + 12345, -(2 ** 63)], np.int64))
    read_case("i4", np.array([0, -1, 2 ** 31 - 1, -(2 ** 31), 16777217], np.int32))
    read_case("i2", np.array([0, -1, 32767, -32768], np.int16))
    read_case("i1", np.array([0, -1, 127, -128], np.int8))
    read_case("u1_image", rng.integers(0, 256, size=(4, 5, 3), dtype=np.uint8))
    read_case("u2", np.array([0, 1, 65535, 40000], np.uint16))
    read_case("b1", np.array([[True, False], [False, True]]))
    read_case("f4_version2", rng.standard_normal((3, 2)).astype(np.float32), version=(2, 0))
    read_case("f4_version3", rng.standard_normal((2, 2)).astype(np.float32), version=(3, 0))

    for name, arr in [
        ("w_scalar", np.array(-2.5, np.float32)),
        ("w_vector", np.arange(5, dtype=np.float32) / 3),
        ("w_matrix", rng.standard_normal((2, 3)).astype(np.float32)),
        ("w_nchw", rng.standard_normal((1, 3, 8, 9)).astype(np.float32)),
        ("w_empty", np.zeros((0, 4), np.float32)),
        ("w_long_dim", np.zeros((1234567, 0), np.float32)),
        ("w_many_dims", np.ones((1,) * 20 + (2,), np.float32)),
    ]:
        np.save(os.path.join(out, name + ".npy"), arr)
        lines.append(f"write\t{name}.npy\t{expected(name, arr)}\t{name}.f32")

    with open(os.path.join(out, "manifest.tsv"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print(f"{len(lines)} files in {out}")


if __name__ == "__main__":
    main()
