// SPDX-License-Identifier: MIT
// ordered_batches: results used in batch order whatever the number of workers, bounded work
// ahead, early stop, and errors passed to the caller.
#include <bibport/ordered_batches.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <string>
#include <vector>

using bibport::ordered_batches;

namespace {

struct Batch {
    std::size_t index = 0;
    std::vector<std::string> items;
};

Batch make_batch(std::size_t b) {
    Batch batch{b, {}};
    for (std::size_t i = 0; i < 50 + b % 7 * 100; ++i) batch.items.push_back(std::to_string(b) + "." + std::to_string(i));
    return batch;
}

}  // namespace

TEST(OrderedBatches, ResultsComeInOrderWithAnyNumberOfWorkers) {
    for (unsigned workers : {0u, 1u, 2u, 3u}) {
        std::vector<std::size_t> seen;
        std::atomic<std::size_t> made{0};
        ordered_batches<Batch>(
            64, workers, [&](std::size_t b) { ++made; return make_batch(b); },
            [&](Batch& batch) {
                EXPECT_EQ(batch.items.front(), std::to_string(batch.index) + ".0");
                seen.push_back(batch.index);
                return true;
            });
        std::vector<std::size_t> expected(64);
        for (std::size_t i = 0; i < 64; ++i) expected[i] = i;
        EXPECT_EQ(seen, expected) << workers << " workers";
        EXPECT_EQ(made.load(), 64u);
    }
}

TEST(OrderedBatches, WorkersStayABoundedNumberOfBatchesAhead) {
    for (unsigned workers : {1u, 2u}) {
        std::atomic<std::size_t> made{0};
        std::size_t used = 0, most_ahead = 0;
        ordered_batches<Batch>(
            200, workers, [&](std::size_t b) { ++made; return make_batch(b); },
            [&](Batch&) {
                ++used;
                most_ahead = std::max(most_ahead, made.load() - used);
                return true;
            });
        // A worker may start batch b once batch b - workers is being used.
        EXPECT_LE(most_ahead, workers + 1u) << workers << " workers";
    }
}

TEST(OrderedBatches, UseReturningFalseStopsTheWork) {
    for (unsigned workers : {0u, 1u, 2u}) {
        std::atomic<std::size_t> made{0};
        std::size_t used = 0;
        ordered_batches<Batch>(
            1000, workers, [&](std::size_t b) { ++made; return make_batch(b); },
            [&](Batch&) { return ++used < 5; });
        EXPECT_EQ(used, 5u);
        EXPECT_LE(made.load(), 5u + workers + 1u) << workers << " workers";
    }
}

TEST(OrderedBatches, AnExceptionFromAWorkerReachesTheCaller) {
    for (unsigned workers : {0u, 1u, 2u}) {
        std::size_t used = 0;
        EXPECT_THROW(ordered_batches<Batch>(
                         100, workers,
                         [&](std::size_t b) {
                             if (b == 17) throw std::runtime_error("batch 17");
                             return make_batch(b);
                         },
                         [&](Batch& batch) {
                             EXPECT_LT(batch.index, 17u);
                             ++used;
                             return true;
                         }),
                     std::runtime_error)
            << workers << " workers";
        EXPECT_LE(used, 17u);
    }
}

TEST(OrderedBatches, AnExceptionFromUseStopsTheWorkers) {
    EXPECT_THROW(ordered_batches<Batch>(
                     100, 2, [](std::size_t b) { return make_batch(b); },
                     [](Batch& batch) -> bool {
                         if (batch.index == 3) throw std::logic_error("use");
                         return true;
                     }),
                 std::logic_error);
}
