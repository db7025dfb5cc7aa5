package org.edgenet.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.edgenet.testing.Python;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Npy against numpy: files numpy wrote (every dtype, order and version read) and files numpy would write. */
class NpyParityTest {
    @TestFactory
    Stream<DynamicTest> againstNumpy() throws Exception {
        Path dir = Python.workDir("npy");
        Python.run("make_npy_fixtures.py", dir.toString());
        List<DynamicTest> tests = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("manifest.tsv"))) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            Path npy = dir.resolve(f[1]);
            int[] shape = f[2].isEmpty() ? new int[0]
                    : Arrays.stream(f[2].split(",")).mapToInt(Integer::parseInt).toArray();
            float[] expected = rawFloats(dir.resolve(f[3]));
            if (f[0].equals("read")) {
                tests.add(DynamicTest.dynamicTest("read " + f[1], () -> {
                    NpyArray a = Npy.read(npy);
                    assertArrayEquals(shape, a.shape());
                    assertArrayEquals(bits(expected), bits(a.data()), "float32 bit patterns");
                }));
            } else {
                tests.add(DynamicTest.dynamicTest("write like np.save " + f[1], () -> {
                    Path mine = npy.resolveSibling("java_" + f[1]);
                    Npy.write(mine, expected, shape);
                    assertArrayEquals(Files.readAllBytes(npy), Files.readAllBytes(mine), "byte-identical to np.save");
                }));
            }
        }
        assertEquals(29, tests.size(), "fixture count");
        return tests.stream();
    }

    private static float[] rawFloats(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[b.remaining() / 4];
        b.asFloatBuffer().get(out);
        return out;
    }

    private static int[] bits(float[] values) {
        int[] b = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = Float.floatToRawIntBits(values[i]);
        }
        return b;
    }
}
