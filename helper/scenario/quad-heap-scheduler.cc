// SPDX-License-Identifier: GPL-2.0-only
#include "scenario/quad-heap-scheduler.h"

#include "ns3/abort.h"
#include "ns3/assert.h"
#include "ns3/log.h"

#include <limits>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("QuadHeapScheduler");

NS_OBJECT_ENSURE_REGISTERED(QuadHeapScheduler);

TypeId
QuadHeapScheduler::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::QuadHeapScheduler")
            .SetParent<Scheduler>()
            .SetGroupName("Sipmob")
            .AddConstructor<QuadHeapScheduler>()
            .AddAttribute("Window",
                          "Span of the near heap (simulated time): events earlier than the "
                          "earliest far event plus this are sifted in the small heap. Changes the "
                          "cost only, never the order of the events.",
                          TimeValue(MilliSeconds(100)),
                          MakeTimeAccessor(&QuadHeapScheduler::m_window),
                          MakeTimeChecker(TimeStep(1)));
    return tid;
}

QuadHeapScheduler::QuadHeapScheduler()
{
    NS_LOG_FUNCTION(this);
}

QuadHeapScheduler::~QuadHeapScheduler() = default;

void
QuadHeapScheduler::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_near.Clear();
    m_far.Clear();
    std::vector<Payload>().swap(m_payloads);
    std::vector<uint32_t>().swap(m_freeSlots);
    Scheduler::DoDispose();
}

// No NS_LOG in the per-event functions below: each would cost a LogComponent check per event.

QuadHeapScheduler::Event
QuadHeapScheduler::EventOf(Key key) const
{
    const Payload& payload = m_payloads[SlotOf(key)];
    Event ev;
    ev.impl = payload.impl;
    ev.key.m_ts = TimeOf(key);
    ev.key.m_uid = UidOf(key);
    ev.key.m_context = payload.context;
    return ev;
}

void
QuadHeapScheduler::Insert(const Event& ev)
{
    // ns-3 time steps are never negative; below 2^63 no key reaches QuadKeyHeap::Largest()
    NS_ASSERT(ev.key.m_ts < (uint64_t{1} << 63));
    uint32_t slot;
    if (m_freeSlots.empty())
    {
        NS_ABORT_MSG_IF(m_payloads.size() > std::numeric_limits<uint32_t>::max(),
                        "QuadHeapScheduler: more than 2^32 pending events");
        slot = static_cast<uint32_t>(m_payloads.size());
        m_payloads.push_back({ev.impl, ev.key.m_context});
    }
    else
    {
        slot = m_freeSlots.back();
        m_freeSlots.pop_back();
        m_payloads[slot] = {ev.impl, ev.key.m_context};
    }
    if (m_near.Size() == 0)
    {
        // the queue is empty (Refill keeps the near heap filled while the far heap has events)
        m_horizon = HorizonFrom(ev.key.m_ts);
    }
    (ev.key.m_ts < m_horizon ? m_near : m_far).Push(KeyOf(ev.key.m_ts, ev.key.m_uid, slot));
}

bool
QuadHeapScheduler::IsEmpty() const
{
    return m_near.Size() == 0;
}

Scheduler::Event
QuadHeapScheduler::PeekNext() const
{
    NS_ASSERT(m_near.Size() > 0);
    return EventOf(m_near.Top());
}

Scheduler::Event
QuadHeapScheduler::RemoveNext()
{
    NS_ASSERT(m_near.Size() > 0);
    const Key next = m_near.Top();
    const Event ev = EventOf(next);
    m_near.Pop();
    m_freeSlots.push_back(SlotOf(next));
    Refill();
    return ev;
}

void
QuadHeapScheduler::Remove(const Event& ev)
{
    NS_LOG_FUNCTION(this << ev.key.m_uid);
    const bool found = RemoveFrom(m_near, ev.key.m_uid) || RemoveFrom(m_far, ev.key.m_uid);
    NS_ASSERT_MSG(found, "event " << ev.key.m_uid << " is not in the queue");
    (void) found;
    Refill();
}

bool
QuadHeapScheduler::RemoveFrom(QuadKeyHeap& heap, uint32_t uid)
{
    for (std::size_t i = 0; i < heap.Size(); ++i)
    {
        const Key key = heap.At(i);
        if (UidOf(key) == uid)
        {
            heap.Take(i);
            m_freeSlots.push_back(SlotOf(key));
            return true;
        }
    }
    return false;
}

void
QuadHeapScheduler::Refill()
{
    if (m_near.Size() > 0 || m_far.Size() == 0)
    {
        return;
    }
    m_horizon = HorizonFrom(TimeOf(m_far.Top()));
    while (m_far.Size() > 0 && TimeOf(m_far.Top()) < m_horizon)
    {
        m_near.Push(m_far.Top());
        m_far.Pop();
    }
}

} // namespace ns3
