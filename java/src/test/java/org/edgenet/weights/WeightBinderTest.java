package org.edgenet.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WeightBinderTest {

    private static StateDict dict(Object... nameAndShape) {
        Map<String, WeightTensor> m = new LinkedHashMap<>();
        for (int i = 0; i < nameAndShape.length; i += 2) {
            String name = (String) nameAndShape[i];
            int[] shape = (int[]) nameAndShape[i + 1];
            m.put(name, new WeightTensor(name, shape, new float[(int) WeightTensor.numel(shape)]));
        }
        return StateDict.of(m, "mobilenet_v2.pth");
    }

    private static int[] s(int... dims) {
        return dims;
    }

    @Test
    void takesTensorsOfTheRightShape() {
        StateDict sd = dict("features.0.0.weight", s(32, 3, 3, 3), "t", s());
        WeightBinder w = new WeightBinder(sd);
        assertSame(sd.get("features.0.0.weight").data(), w.take("features.0.0.weight", 32, 3, 3, 3));
        assertEquals(1, w.take("t").length);
        w.take("t"); // taking twice is fine
        w.finish();
    }

    @Test
    void misShapedTensorNamesKeyAndBothShapes() {
        WeightBinder w = new WeightBinder(dict("features.0.0.weight", s(16, 3, 3, 3)));
        WeightsMismatchException e = assertThrows(WeightsMismatchException.class,
                () -> w.take("features.0.0.weight", 32, 3, 3, 3));
        assertEquals("tensor 'features.0.0.weight' has shape [16, 3, 3, 3] in mobilenet_v2.pth, expected [32, 3, 3, 3]",
                e.getMessage());
        assertTrue(e instanceof IllegalArgumentException);
    }

    @Test
    void missingTensorNamesKeyShapeAndFile() {
        WeightBinder w = new WeightBinder(dict("features.0.0.weight", s(32, 3, 3, 3)));
        WeightsMismatchException e = assertThrows(WeightsMismatchException.class,
                () -> w.take("features.3.conv.1.0.weight", 144, 1, 3, 3));
        assertEquals("missing tensor 'features.3.conv.1.0.weight' (expected shape [144, 1, 3, 3]) in mobilenet_v2.pth",
                e.getMessage());
    }

    @Test
    void missingTensorSuggestsAPrefixedName() {
        WeightBinder w = new WeightBinder(dict("model.features.0.0.weight", s(1)));
        WeightsMismatchException e = assertThrows(WeightsMismatchException.class,
                () -> w.take("features.0.0.weight", 1));
        assertTrue(e.getMessage().endsWith("; did you mean 'model.features.0.0.weight'?"), e.getMessage());
    }

    @Test
    void finishListsExtraTensorsWithShapes() {
        WeightBinder w = new WeightBinder(dict("a", s(1), "b", s(2, 3), "c", s()));
        w.take("a", 1);
        WeightsMismatchException e = assertThrows(WeightsMismatchException.class, w::finish);
        assertEquals("2 unused tensors in mobilenet_v2.pth: 'b' [2, 3], 'c' []", e.getMessage());
    }

    @Test
    void finishListsAtMostTenThenCounts() {
        Object[] spec = new Object[2 * 25];
        for (int i = 0; i < 25; i++) {
            spec[2 * i] = "t" + i;
            spec[2 * i + 1] = s(i);
        }
        WeightsMismatchException e = assertThrows(WeightsMismatchException.class,
                () -> new WeightBinder(dict(spec)).finish());
        assertTrue(e.getMessage().startsWith("25 unused tensors in mobilenet_v2.pth: 't0' [0], 't1' [1], "),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("'t9' [9] and 15 more"), e.getMessage());
    }

    @Test
    void ignoreBySuffixRespectsNameBoundaries() {
        WeightBinder w = new WeightBinder(dict("bn.num_batches_tracked", s(), "bn2.num_batches_tracked", s(),
                "mytracked", s(), "x.weight", s(1)));
        w.take("x.weight", 1);
        w.ignore("tracked"); // does not match "..._tracked" or "mytracked"
        WeightsMismatchException e = assertThrows(WeightsMismatchException.class, w::finish);
        assertTrue(e.getMessage().startsWith("3 unused"), e.getMessage());
        w.ignore("num_batches_tracked").ignore(".ked").ignore(k -> k.equals("never"));
        assertThrows(WeightsMismatchException.class, w::finish); // "mytracked" has no ".ked"
        w.ignore(k -> k.startsWith("my"));
        w.finish();
    }

    @Test
    void keyMappingFunction() {
        StateDict sd = dict("conv_stem.weight", s(32, 3, 3, 3), "bn1.num_batches_tracked", s(), "drop", s());
        WeightBinder w = new WeightBinder(sd, "effnet.pth", k -> k.equals("drop") ? null
                : k.replace("conv_stem", "features.0.0"));
        WeightsMismatchException e = assertThrows(WeightsMismatchException.class,
                () -> w.take("features.0.0.weight", 16, 3, 3, 3));
        assertEquals("tensor 'features.0.0.weight' (file key 'conv_stem.weight') has shape [32, 3, 3, 3] in effnet.pth,"
                + " expected [16, 3, 3, 3]", e.getMessage());
        w.take("features.0.0.weight", 32, 3, 3, 3);
        assertFalse(w.contains("conv_stem.weight"));
        assertFalse(w.contains("drop"));
        WeightsMismatchException extra = assertThrows(WeightsMismatchException.class, w::finish);
        assertEquals("1 unused tensor in effnet.pth: 'bn1.num_batches_tracked' []", extra.getMessage());
    }

    @Test
    void keyMappingTable() {
        WeightBinder w = new WeightBinder(dict("fc.weight", s(10, 4), "fc.bias", s(10)),
                Map.of("fc.weight", "classifier.1.weight"));
        assertArrayEquals(new int[] {10, 4}, w.shapeOf("classifier.1.weight"));
        assertNull(w.shapeOf("fc.weight"));
        w.take("classifier.1.weight", 10, 4);
        w.take("fc.bias", 10);
        w.finish();
    }

    @Test
    void twoFileKeysMappingToOneKeyIsAnError() {
        WeightsMismatchException e = assertThrows(WeightsMismatchException.class,
                () -> new WeightBinder(dict("a.w", s(1), "b.w", s(1)), "f.pth", k -> "w"));
        assertEquals("tensors 'a.w' and 'b.w' both map to 'w' in f.pth", e.getMessage());
    }
}
