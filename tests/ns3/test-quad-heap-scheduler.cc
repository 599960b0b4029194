// SPDX-License-Identifier: GPL-2.0-only
// QuadHeapScheduler (helper/scenario) gives the events in the order ns-3's MapScheduler gives
// them, whatever the mix of insertions, removals of the next event and removals by uid.
#include "scenario/quad-heap-scheduler.h"

#include "ns3/map-scheduler.h"
#include "ns3/object.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

using namespace ns3;

namespace
{

Scheduler::Event
MakeEvent(uint64_t ts, uint32_t uid)
{
    Scheduler::Event ev;
    ev.impl = nullptr; // neither scheduler dereferences it
    ev.key.m_ts = ts;
    ev.key.m_uid = uid;
    ev.key.m_context = uid % 7;
    return ev;
}

/// (ts, uid, context) of an event, for comparisons.
std::vector<uint64_t>
Key(const Scheduler::Event& ev)
{
    return {ev.key.m_ts, ev.key.m_uid, ev.key.m_context};
}

} // namespace

TEST(QuadHeapScheduler, RegisteredUnderItsTypeId)
{
    EXPECT_EQ(QuadHeapScheduler::GetTypeId().GetName(), "ns3::QuadHeapScheduler");
    EXPECT_EQ(QuadHeapScheduler::GetTypeId().GetParent(), Scheduler::GetTypeId());
    // SimulationRunner names it in the GlobalValue SchedulerType, which ns-3 looks up by name
    TypeId tid;
    ASSERT_TRUE(TypeId::LookupByNameFailSafe("ns3::QuadHeapScheduler", &tid));
    EXPECT_EQ(tid, QuadHeapScheduler::GetTypeId());
}

TEST(QuadHeapScheduler, OrdersByTimeThenUid)
{
    Ptr<QuadHeapScheduler> heap = CreateObject<QuadHeapScheduler>();
    EXPECT_TRUE(heap->IsEmpty());
    // equal times are ordered by uid (insertion order in the simulator), not by arrival here
    heap->Insert(MakeEvent(50, 9));
    heap->Insert(MakeEvent(10, 4));
    heap->Insert(MakeEvent(50, 2));
    heap->Insert(MakeEvent(10, 3));
    heap->Insert(MakeEvent(0, 100));
    EXPECT_FALSE(heap->IsEmpty());
    EXPECT_EQ(Key(heap->PeekNext()), (std::vector<uint64_t>{0, 100, 100 % 7}));
    std::vector<std::pair<uint64_t, uint32_t>> order;
    while (!heap->IsEmpty())
    {
        const Scheduler::Event ev = heap->RemoveNext();
        order.emplace_back(ev.key.m_ts, ev.key.m_uid);
    }
    EXPECT_EQ(order, (std::vector<std::pair<uint64_t, uint32_t>>{
                         {0, 100}, {10, 3}, {10, 4}, {50, 2}, {50, 9}}));
}

TEST(QuadHeapScheduler, SameSequenceAsMapSchedulerUnderRandomOperations)
{
    Ptr<QuadHeapScheduler> heap = CreateObject<QuadHeapScheduler>();
    Ptr<MapScheduler> map = CreateObject<MapScheduler>();
    std::mt19937_64 rng(15);
    std::vector<Scheduler::Event> pending; // to pick events to remove by uid
    uint32_t uid = 0;
    uint64_t now = 0;
    std::size_t removedById = 0;
    std::size_t deepest = 0;
    for (int step = 0; step < 200000; ++step)
    {
        const unsigned op = rng() % 16;
        if (op < 8 || pending.empty())
        {
            // few distinct times, so that many keys tie on time
            const Scheduler::Event ev = MakeEvent(now + rng() % 64, uid++);
            heap->Insert(ev);
            map->Insert(ev);
            pending.push_back(ev);
        }
        else if (op < 15)
        {
            ASSERT_EQ(Key(heap->PeekNext()), Key(map->PeekNext())) << step;
            const Scheduler::Event a = heap->RemoveNext();
            const Scheduler::Event b = map->RemoveNext();
            ASSERT_EQ(Key(a), Key(b)) << step;
            now = a.key.m_ts;
            pending.erase(std::find_if(pending.begin(), pending.end(),
                                       [&a](const Scheduler::Event& e)
                                       { return e.key.m_uid == a.key.m_uid; }));
        }
        else
        {
            const std::size_t i = rng() % pending.size();
            heap->Remove(pending[i]);
            map->Remove(pending[i]);
            pending.erase(pending.begin() + static_cast<std::ptrdiff_t>(i));
            ++removedById;
        }
        ASSERT_EQ(heap->IsEmpty(), map->IsEmpty()) << step;
        deepest = std::max(deepest, pending.size());
    }
    EXPECT_GT(removedById, 5000u);
    EXPECT_GT(deepest, 100u); // the queues got deep, not drained at every step
    while (!map->IsEmpty())
    {
        ASSERT_EQ(Key(heap->RemoveNext()), Key(map->RemoveNext()));
    }
    EXPECT_TRUE(heap->IsEmpty());
}
