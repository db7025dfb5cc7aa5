// Internal: which kernel variant runs.
#pragma once

namespace edgenet {
int best_isa();    // best compiled-in variant this CPU supports
int active_isa();  // best_isa() unless a test or benchmark forced another
}  // namespace edgenet
