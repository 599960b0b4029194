// SPDX-License-Identifier: GPL-2.0-only
// QuadHeapScheduler (helper/scenario) gives the events in the order ns-3's MapScheduler gives
// them, whatever the mix of insertions, removals of the next event and removals by uid.
#include "scenario/quad-heap-scheduler.h"

#include "ns3/map-scheduler.h"
#include "ns3/nstime.h"
#include "ns3/object.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

Scheduler::Event
MakeEvent(uint64_t ts, uint32_t uid)
{
    Scheduler::Event ev;
    // a distinct pointer per event, never dereferenced by either scheduler: it must come back
    // with its own key (QuadHeapScheduler keeps it apart from the key, in a slot)
    ev.impl = reinterpret_cast<EventImpl*>(static_cast<uintptr_t>(uid + 1) * 64);
    ev.key.m_ts = ts;
    ev.key.m_uid = uid;
    ev.key.m_context = uid % 7;
    return ev;
}

/// (ts, uid, context, impl) of an event, for comparisons.
std::vector<uint64_t>
Key(const Scheduler::Event& ev)
{
    return {ev.key.m_ts, ev.key.m_uid, ev.key.m_context, reinterpret_cast<uintptr_t>(ev.impl)};
}

/// A QuadHeapScheduler whose near heap spans @p window time steps.
Ptr<QuadHeapScheduler>
MakeQuad(int64_t window)
{
    Ptr<QuadHeapScheduler> heap = CreateObject<QuadHeapScheduler>();
    heap->SetAttribute("Window", TimeValue(TimeStep(window)));
    return heap;
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
    EXPECT_EQ(Key(heap->PeekNext()), Key(MakeEvent(0, 100)));
    std::vector<std::pair<uint64_t, uint32_t>> order;
    while (!heap->IsEmpty())
    {
        const Scheduler::Event ev = heap->RemoveNext();
        order.emplace_back(ev.key.m_ts, ev.key.m_uid);
    }
    EXPECT_EQ(order, (std::vector<std::pair<uint64_t, uint32_t>>{
                         {0, 100}, {10, 3}, {10, 4}, {50, 2}, {50, 9}}));
}

/**
 * Random insertions, removals of the next event and removals by uid, against MapScheduler, for
 * near-heap windows from one time step (nearly every event waits in the far heap and moves over)
 * to the default 100 ms (every event near). Times spread over short and long delays, with many
 * ties, so events cross the horizon in both directions.
 */
class QuadHeapRandom : public ::testing::TestWithParam<int64_t>
{
};

TEST_P(QuadHeapRandom, SameSequenceAsMapScheduler)
{
    Ptr<QuadHeapScheduler> heap = MakeQuad(GetParam());
    Ptr<MapScheduler> map = CreateObject<MapScheduler>();
    std::mt19937_64 rng(15);
    std::vector<Scheduler::Event> pending; // to pick events to remove by uid
    uint32_t uid = 0;
    uint64_t now = 0;
    std::size_t removedById = 0;
    std::size_t deepest = 0;
    std::size_t drained = 0;
    for (int step = 0; step < 200000; ++step)
    {
        const unsigned op = rng() % 16;
        if (op < 8 || pending.empty())
        {
            // mostly short delays with few distinct values (ties), some long ones
            const uint64_t delay = rng() % 4 == 0 ? rng() % 100000000 : rng() % 64;
            const Scheduler::Event ev = MakeEvent(now + delay, uid++);
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
        drained += heap->IsEmpty() ? 1 : 0;
        deepest = std::max(deepest, pending.size());
    }
    EXPECT_GT(removedById, 5000u);
    EXPECT_GT(deepest, 100u); // the queues got deep, not drained at every step
    EXPECT_GT(drained, 0u);   // and empty at times: the horizon restarts from an empty queue
    while (!map->IsEmpty())
    {
        ASSERT_EQ(Key(heap->RemoveNext()), Key(map->RemoveNext()));
    }
    EXPECT_TRUE(heap->IsEmpty());
}

INSTANTIATE_TEST_SUITE_P(Windows, QuadHeapRandom, ::testing::Values(1, 64, 100000, 100000000),
                         [](const ::testing::TestParamInfo<int64_t>& info)
                         { return "Window" + std::to_string(info.param); });

TEST(QuadHeapScheduler, FarEventsKeepTheirOrderAcrossTheHorizon)
{
    // window 10: the first insertion (t = 100) sets the horizon to 110; t = 110 is the first
    // far time. A far event must still come out in (time, uid) order with near ones, also
    // when it ties on time with an event inserted after the horizon moved.
    Ptr<QuadHeapScheduler> heap = MakeQuad(10);
    heap->Insert(MakeEvent(100, 1));
    heap->Insert(MakeEvent(110, 2)); // exactly at the horizon: far
    heap->Insert(MakeEvent(109, 3)); // near
    heap->Insert(MakeEvent(500, 4)); // far
    heap->Insert(MakeEvent(110, 5)); // far, ties with uid 2
    heap->Remove(MakeEvent(500, 4)); // removed from the far heap
    std::vector<std::vector<uint64_t>> order;
    order.push_back(Key(heap->RemoveNext())); // 100
    order.push_back(Key(heap->RemoveNext())); // 109: the near heap empties, 110s move over
    heap->Insert(MakeEvent(110, 6));          // after the move: near (horizon now 120)
    heap->Insert(MakeEvent(130, 7));          // far
    while (!heap->IsEmpty())
    {
        order.push_back(Key(heap->RemoveNext()));
    }
    EXPECT_EQ(order, (std::vector<std::vector<uint64_t>>{
                         Key(MakeEvent(100, 1)), Key(MakeEvent(109, 3)), Key(MakeEvent(110, 2)),
                         Key(MakeEvent(110, 5)), Key(MakeEvent(110, 6)), Key(MakeEvent(130, 7))}));
    // empty again: a later insertion starts a new horizon
    heap->Insert(MakeEvent(10000, 8));
    EXPECT_EQ(Key(heap->PeekNext()), Key(MakeEvent(10000, 8)));
}

TEST(QuadHeapScheduler, SteadyTurnoverStaysInOrder)
{
    // a steady queue of 1,000 events for 100,000 turnovers, each removed event's slot handed to
    // the next insertion: every event still comes back with its own key and pointer
    Ptr<QuadHeapScheduler> heap = MakeQuad(1000);
    Ptr<MapScheduler> map = CreateObject<MapScheduler>();
    uint32_t uid = 0;
    for (; uid < 1000; ++uid)
    {
        heap->Insert(MakeEvent(uid * 7 % 5000, uid));
        map->Insert(MakeEvent(uid * 7 % 5000, uid));
    }
    for (int i = 0; i < 100000; ++i, ++uid)
    {
        const Scheduler::Event a = heap->RemoveNext();
        ASSERT_EQ(Key(a), Key(map->RemoveNext())) << i;
        const Scheduler::Event ev = MakeEvent(a.key.m_ts + uid % 5000, uid);
        heap->Insert(ev);
        map->Insert(ev);
    }
    EXPECT_EQ(Key(heap->PeekNext()), Key(map->PeekNext()));
}
