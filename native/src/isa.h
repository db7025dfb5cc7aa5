// Internal: which kernel variant runs.
#pragma once

namespace edgenet {
int best_isa();    // best compiled-in variant this CPU supports
int active_isa();  // best_isa() unless a test or benchmark forced another
// Whether a 512-bit FMA runs at twice the 256-bit rate (two full-width FMA pipes: Zen 5, Intel's
// server cores) rather than at the same rate (Zen 4 splits it in two), measured once by the FMA
// probes; a channel tail of at most 8 is then cheaper as a half-empty 16-lane vector than as an
// extra 8-lane one. Only speed depends on it: both ways compute the same FMA chains.
bool avx512_full_width();
// For the tests: 1 or 0 forces the answer, -1 returns to the measured one.
void force_avx512_full_width(int value);
}  // namespace edgenet
