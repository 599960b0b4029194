// SPDX-License-Identifier: GPL-2.0-only
// An ns-3 event queue: two 4-ary heaps of 16-byte keys, near and far events (issue 15 item 2).
#ifndef SIPMOB_QUAD_HEAP_SCHEDULER_H
#define SIPMOB_QUAD_HEAP_SCHEDULER_H

#include "scenario/quad-key-heap.h"

#include "ns3/nstime.h"
#include "ns3/scheduler.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace ns3
{

/**
 * ns-3 event queue (a Scheduler, chosen with the GlobalValue SchedulerType or RunOptions::scheduler
 * "quad", the default of SimulationRunner), ordered by (timestamp, uid) like every ns-3 scheduler
 * (Scheduler::EventKey's operator<). Event uids are unique, so that order is total and the
 * simulator runs exactly the events, in exactly the order, that ns3::MapScheduler (ns-3's default,
 * a std::map) gives it: the records of a run do not depend on the choice
 * (tests/ns3/test-run-cost-knobs.cc, tests/ns3/test-quad-heap-scheduler.cc).
 *
 * Why: MapScheduler allocates a tree node per event and follows ~log2(n) pointers per insertion;
 * ns3::HeapScheduler is a binary heap but logs (NS_LOG_FUNCTION) in every comparison and swap.
 * Here each event is a 16-byte key, (timestamp << 64 | uid << 32 | slot) as one unsigned 128-bit
 * number, so one integer comparison orders two events; the slot names where the event's EventImpl
 * pointer and context wait (a side table touched once on insertion and once on removal). The keys
 * live in two QuadKeyHeap (4-ary, cache-aligned): the near heap holds every event earlier than a
 * horizon, the far heap every later one. Most pending events of a wireless run are timers seconds
 * ahead (100 mobiles: ~5,000 pending, ~450 within 100 ms, bench/README.md "bench-scale"), while
 * nearly every event taken was scheduled micro- to milliseconds before; so the heap that is
 * sifted per event is a tenth of the queue and stays in the cache. When the near heap empties, the
 * horizon moves to the earliest far event plus Window and the far events before it move over (each
 * event moves at most once). The partition is by timestamp only, so the near heap's earliest
 * entry is always the queue's.
 *
 * Remove (Simulator::Remove; ns-3 cancels events lazily, so none of the scale runs called it) is
 * a linear search. Memory: 16 bytes of key and 16 of side table per pending event, plus a free
 * list of slots; the arrays never shrink before DoDispose. Timestamps are ns-3 time steps, which
 * are never negative, so they order as unsigned numbers.
 */
class QuadHeapScheduler : public Scheduler
{
public:
    /// @return the ns-3 TypeId ("ns3::QuadHeapScheduler")
    static TypeId GetTypeId();

    QuadHeapScheduler();
    ~QuadHeapScheduler() override;

    void Insert(const Event& ev) override;
    bool IsEmpty() const override;
    Event PeekNext() const override;
    Event RemoveNext() override;
    void Remove(const Event& ev) override;

protected:
    void DoDispose() override;

private:
    using Key = QuadKeyHeap::Key; ///< timestamp << 64 | uid << 32 | slot

    /// Where an event's EventImpl and context wait while its key is in a heap.
    struct Payload
    {
        EventImpl* impl;  ///< the event's implementation
        uint32_t context; ///< the event's context (node id)
    };

    /// @return the key of an event waiting in @p slot
    static Key KeyOf(uint64_t ts, uint32_t uid, uint32_t slot)
    {
        return (static_cast<Key>(ts) << 64) | (static_cast<Key>(uid) << 32) | slot;
    }

    /// @return the timestamp in @p key
    static uint64_t TimeOf(Key key)
    {
        return static_cast<uint64_t>(key >> 64);
    }

    /// @return the uid in @p key
    static uint32_t UidOf(Key key)
    {
        return static_cast<uint32_t>(key >> 32);
    }

    /// @return the slot in @p key
    static uint32_t SlotOf(Key key)
    {
        return static_cast<uint32_t>(key);
    }

    /// @return the horizon for a near heap that starts at timestamp @p ts
    uint64_t HorizonFrom(uint64_t ts) const
    {
        return ts + static_cast<uint64_t>(m_window.GetTimeStep());
    }

    /// @return the event a key and its payload stand for
    SIPMOB_QUAD_LOCAL Event EventOf(Key key) const;
    /// After a removal: when the near heap is empty, moves the horizon and the far events
    /// before it (so that the near heap is empty only when the queue is).
    SIPMOB_QUAD_LOCAL void Refill();
    /// Removes the entry of uid @p uid from @p heap; @return whether it was there
    SIPMOB_QUAD_LOCAL bool RemoveFrom(QuadKeyHeap& heap, uint32_t uid);

    Time m_window;                     ///< attribute Window: the near heap's span
    uint64_t m_horizon = 0;            ///< near: timestamps below it; far: at or above it
    QuadKeyHeap m_near;                ///< events before m_horizon
    QuadKeyHeap m_far;                 ///< events at or after m_horizon
    std::vector<Payload> m_payloads;   ///< by slot
    std::vector<uint32_t> m_freeSlots; ///< slots of m_payloads not in use
};

} // namespace ns3

#endif
