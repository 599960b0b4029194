// SPDX-License-Identifier: GPL-2.0-only
// An ns-3 event queue as a 4-ary min-heap in one array (issue 15 item 2: the cost per event).
#ifndef SIPMOB_QUAD_HEAP_SCHEDULER_H
#define SIPMOB_QUAD_HEAP_SCHEDULER_H

#include "ns3/scheduler.h"

#include <cstddef>
#include <vector>

namespace ns3
{

/**
 * ns-3 event queue (a Scheduler, chosen with the GlobalValue SchedulerType or RunOptions::scheduler
 * "quad", the default of SimulationRunner) kept as a 4-ary min-heap in one std::vector, ordered by
 * (timestamp, uid) like every ns-3 scheduler (Scheduler::EventKey's operator<). Event uids are
 * unique, so that order is total and the simulator runs exactly the events, in exactly the order,
 * that ns3::MapScheduler (ns-3's default, a std::map) gives it: the records of a run do not depend
 * on the choice (tests/ns3/test-run-cost-knobs.cc).
 *
 * Why: MapScheduler allocates a tree node per event and follows ~log2(n) pointers per insertion;
 * ns3::HeapScheduler is a binary heap but logs (NS_LOG_FUNCTION) in every comparison and swap.
 * Here an insertion or removal of the next event moves entries of 24 bytes within one array,
 * over log4(n) levels, the four children of a node adjacent in memory (the d-heap of D. B.
 * Johnson, "Priority queues with update and finding minimum spanning trees", Information
 * Processing Letters 4(3), 1975). Measured CPU: bench/README.md "bench-scale".
 * Remove (Simulator::Remove; ns-3 cancels events lazily, so none of the scale runs called it) is
 * a linear search. Memory: 24 bytes per pending event, the array never shrinks.
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
    static constexpr std::size_t kArity = 4; ///< children per node

    /// Removes the entry at @p i, moving the last entry into its place.
    void Take(std::size_t i);
    /// Moves the entry at @p i towards the root while it is earlier than its parent.
    void SiftUp(std::size_t i);
    /// Moves the entry at @p i towards the leaves while a child is earlier.
    void SiftDown(std::size_t i);

    std::vector<Event> m_heap; ///< m_heap[0] is the next event; children of i: 4i+1 .. 4i+4
};

} // namespace ns3

#endif
