// SPDX-License-Identifier: MIT
// Work split into batches that worker threads make while the calling thread uses the results
// in order: a reader converts entries on both cores while its own thread hands the records on
// in input order (to the bibliography, or to a streaming writer: see stream.hpp). Header-only.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace bibport {

/// Calls make(b) for b = 0..count-1 on `workers` threads (none: all on the calling thread) and
/// use(result) on the calling thread in batch order. A worker runs at most `workers` batches
/// ahead of use(), so memory stays bounded however many batches there are. use() returning
/// false stops the work; an exception from make() or use() is rethrown here after the workers
/// have stopped. A used result goes back to a worker to be destroyed: memory is best freed by
/// the thread that allocated it (glibc's arenas otherwise contend for their locks).
template <class Result, class Make, class Use>
void ordered_batches(std::size_t count, unsigned workers, Make make, Use use) {
    if (workers == 0) {
        for (std::size_t b = 0; b < count; ++b) {
            Result r = make(b);
            if (!use(r)) return;
        }
        return;
    }
    std::mutex m;
    std::condition_variable cv;
    std::vector<std::optional<Result>> slots(count);
    std::size_t next_use = 0;
    std::vector<Result> spent;   // used results, destroyed by the workers
    bool stop = false;
    std::exception_ptr error;
    auto fail = [&](std::exception_ptr e) {
        std::lock_guard lock(m);
        if (!error) error = e;
        stop = true;
    };
    auto work = [&](unsigned first) {
        for (std::size_t b = first; b < count; b += workers) {
            std::vector<Result> to_destroy;
            {
                std::unique_lock lock(m);
                cv.wait(lock, [&] { return stop || b <= next_use + workers; });
                if (stop) return;
                to_destroy.swap(spent);
            }
            to_destroy.clear();
            try {
                Result r = make(b);
                std::lock_guard lock(m);
                slots[b].emplace(std::move(r));
            } catch (...) {
                fail(std::current_exception());
            }
            cv.notify_all();
        }
    };
    std::vector<std::thread> threads;
    auto stop_and_join = [&] {
        {
            std::lock_guard lock(m);
            stop = true;
        }
        cv.notify_all();
        for (auto& t : threads) t.join();
    };
    try {
        for (unsigned w = 0; w < workers; ++w) threads.emplace_back(work, w);
        while (next_use < count) {
            std::optional<Result> ready;
            {
                std::unique_lock lock(m);
                cv.wait(lock, [&] { return stop || slots[next_use].has_value(); });
                if (!slots[next_use]) break;   // a worker failed
                ready = std::move(slots[next_use]);
                slots[next_use].reset();
            }
            const bool go_on = use(*ready);
            {
                std::lock_guard lock(m);
                ++next_use;
                if (!go_on) stop = true;
                spent.push_back(std::move(*ready));
            }
            cv.notify_all();
            if (!go_on) break;
        }
    } catch (...) {
        fail(std::current_exception());
    }
    stop_and_join();
    if (error) std::rethrow_exception(error);
}

}  // namespace bibport
