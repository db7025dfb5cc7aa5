// Internal, shared by en_global_avgpool and en_se: the per-image channel means, split by pixels.
#pragma once

#include <cstdint>

#include "edgenet/edgenet.h"

namespace edgenet {

// out[image][ch] = the mean of channel ch over the image's `pixels` pixels (pixel stride in_ps).
// The pixels are cut into up to kChannelMeanGroups fixed runs of consecutive pixels, whatever the
// thread count; each run's mean is summed in float in pixel order (the global average pool
// kernel), and the runs' means, each times its pixel count, are added in run order and divided by
// the pixel count. Threads take whole runs: a thread reads the rows that the layer before it,
// split by rows too, wrote on that thread, where a split by channels read every pixel's lines
// from both cores. False when the runs' scratch cannot be allocated.
constexpr int64_t kChannelMeanGroups = 8;
bool channel_means(en_pool* pool, const float* in, int n, int64_t pixels, int c, int in_ps, float* out);

}  // namespace edgenet
