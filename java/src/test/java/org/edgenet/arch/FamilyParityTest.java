package org.edgenet.arch;

import java.util.stream.Stream;
import org.edgenet.Backend;
import org.edgenet.testing.ParityGoldens;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The parity checks every family runs against PyTorch goldens (models/make_parity.py: seeded random
 * weights, BatchNorm statistics randomised too), through the public API: every case on both
 * backends; some cases also on two threads (bit-identical to one) and on every native ISA forced.
 * A family's test names its cases and adds what is particular to it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class FamilyParityTest {
    protected ParityGoldens goldens;

    /** Work folder of the goldens. */
    abstract String family();

    /** ARCH:HxW:SEED[:SCHEME] for make_parity.py: every variant at least once, one at 224x224. */
    abstract String[] cases();

    /** The cases also run on two threads and on every ISA. */
    abstract String[] threadAndIsaCases();

    @BeforeAll
    void generate() throws Exception {
        goldens = ParityGoldens.generate(family(), cases());
    }

    Stream<Arguments> everyCase() {
        return ParityGoldens.onEveryBackend(cases());
    }

    Stream<Arguments> threadCases() {
        return ParityGoldens.onEveryBackend(threadAndIsaCases());
    }

    Stream<Arguments> isaCases() {
        return Stream.of(threadAndIsaCases())
                .flatMap(c -> ParityGoldens.supportedIsas().map(isa -> Arguments.of(c, isa)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyCase")
    void matchesPyTorch(String spec, Backend backend) throws Exception {
        goldens.assertMatches(spec, backend, 1);
    }

    /** Two threads split every layer: PyTorch's result, and exactly the one-thread result. */
    @ParameterizedTest(name = "{0} {1} 2 threads")
    @MethodSource("threadCases")
    void twoThreadsMatch(String spec, Backend backend) throws Exception {
        goldens.assertThreadsAgree(spec, backend);
    }

    /** Every native ISA variant this CPU has, forced, through the whole network. */
    @ParameterizedTest(name = "{0} isa {1}")
    @MethodSource("isaCases")
    void everyIsaMatches(String spec, int isa) throws Exception {
        goldens.assertMatchesOnIsa(spec, isa);
    }
}
