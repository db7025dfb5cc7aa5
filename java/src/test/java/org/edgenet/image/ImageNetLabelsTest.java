package org.edgenet.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import org.edgenet.testing.Python;
import org.junit.jupiter.api.Test;

class ImageNetLabelsTest {
    @Test
    void thousandDistinctNames() {
        assertEquals(1000, ImageNetLabels.count());
        assertEquals(1000, new HashSet<>(ImageNetLabels.all()).size());
        for (String name : ImageNetLabels.all()) {
            assertTrue(!name.isBlank() && name.equals(name.strip()), "'" + name + "'");
        }
    }

    @Test
    void knownClasses() {
        assertEquals("tench", ImageNetLabels.name(0));
        assertEquals("tabby", ImageNetLabels.name(281));
        assertEquals("Egyptian cat", ImageNetLabels.name(285));
        assertEquals("military uniform", ImageNetLabels.name(652));
        assertEquals("espresso", ImageNetLabels.name(967));
        assertEquals("toilet tissue", ImageNetLabels.name(999));
    }

    @Test
    void outOfRangeIndexIsAClearError() {
        for (int bad : new int[] {-1, 1000, Integer.MIN_VALUE}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImageNetLabels.name(bad));
            assertTrue(e.getMessage().contains(String.valueOf(bad)) && e.getMessage().contains("1000"), e.getMessage());
        }
    }

    @Test
    void listIsUnmodifiable() {
        assertThrows(UnsupportedOperationException.class, () -> ImageNetLabels.all().set(0, "x"));
    }

    @Test
    void equalsTorchvisionsList() throws Exception {
        String out = Python.run("make_imagenet_labels.py");
        assertEquals(List.of(out.split("\n")), ImageNetLabels.all());
    }
}
