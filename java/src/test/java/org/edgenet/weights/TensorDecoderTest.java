package org.edgenet.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TensorDecoderTest {

    /** Every one of the 65536 half-precision bit patterns, against the definition of binary16. */
    @Test
    void halfToFloatIsExactForAllValues() {
        for (int bits = 0; bits < 0x10000; bits++) {
            int sign = bits >>> 15;
            int exponent = (bits >>> 10) & 0x1f;
            int mantissa = bits & 0x3ff;
            float actual = TensorDecoder.halfToFloat((short) bits);
            if (exponent == 0x1f) {
                assertTrue(mantissa == 0 ? Float.isInfinite(actual) : Float.isNaN(actual), Integer.toHexString(bits));
                continue;
            }
            double magnitude = exponent == 0
                    ? mantissa * Math.pow(2, -24)
                    : (1 + mantissa / 1024.0) * Math.pow(2, exponent - 15);
            double expected = sign == 1 ? -magnitude : magnitude;
            assertEquals(Float.floatToIntBits((float) expected), Float.floatToIntBits(actual), Integer.toHexString(bits));
        }
    }
}
