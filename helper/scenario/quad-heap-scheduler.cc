// SPDX-License-Identifier: GPL-2.0-only
#include "scenario/quad-heap-scheduler.h"

#include "ns3/assert.h"
#include "ns3/log.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("QuadHeapScheduler");

NS_OBJECT_ENSURE_REGISTERED(QuadHeapScheduler);

TypeId
QuadHeapScheduler::GetTypeId()
{
    static TypeId tid = TypeId("ns3::QuadHeapScheduler")
                            .SetParent<Scheduler>()
                            .SetGroupName("Sipmob")
                            .AddConstructor<QuadHeapScheduler>();
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
    m_heap.clear();
    m_heap.shrink_to_fit();
    Scheduler::DoDispose();
}

namespace
{

/**
 * The (timestamp, uid) order of Scheduler::EventKey's operator<, here so that it is inlined: a
 * member function of a shared library (-fPIC) may be interposed and is then never inlined.
 */
inline bool
Earlier(const Scheduler::Event& a, const Scheduler::Event& b)
{
    return a.key.m_ts < b.key.m_ts || (a.key.m_ts == b.key.m_ts && a.key.m_uid < b.key.m_uid);
}

} // namespace

// No NS_LOG in the per-event functions below: each would cost a LogComponent check per event.

void
QuadHeapScheduler::Insert(const Event& ev)
{
    m_heap.push_back(ev);
    SiftUp(m_heap.size() - 1);
}

bool
QuadHeapScheduler::IsEmpty() const
{
    return m_heap.empty();
}

Scheduler::Event
QuadHeapScheduler::PeekNext() const
{
    NS_ASSERT(!m_heap.empty());
    return m_heap.front();
}

Scheduler::Event
QuadHeapScheduler::RemoveNext()
{
    NS_ASSERT(!m_heap.empty());
    const Event next = m_heap.front();
    Take(0);
    return next;
}

void
QuadHeapScheduler::Remove(const Event& ev)
{
    NS_LOG_FUNCTION(this << ev.key.m_uid);
    const auto it = std::find_if(m_heap.begin(), m_heap.end(),
                                 [&ev](const Event& e) { return e.key.m_uid == ev.key.m_uid; });
    NS_ASSERT_MSG(it != m_heap.end(), "event " << ev.key.m_uid << " is not in the queue");
    if (it != m_heap.end())
    {
        Take(static_cast<std::size_t>(it - m_heap.begin()));
    }
}

void
QuadHeapScheduler::Take(std::size_t i)
{
    const Event last = m_heap.back();
    m_heap.pop_back();
    if (i == m_heap.size())
    {
        return; // it was the last entry
    }
    m_heap[i] = last;
    if (i > 0 && Earlier(m_heap[i], m_heap[(i - 1) / kArity]))
    {
        SiftUp(i);
    }
    else
    {
        SiftDown(i);
    }
}

void
QuadHeapScheduler::SiftUp(std::size_t i)
{
    const Event moving = m_heap[i];
    while (i > 0)
    {
        const std::size_t parent = (i - 1) / kArity;
        if (!Earlier(moving, m_heap[parent]))
        {
            break;
        }
        m_heap[i] = m_heap[parent];
        i = parent;
    }
    m_heap[i] = moving;
}

void
QuadHeapScheduler::SiftDown(std::size_t i)
{
    const Event moving = m_heap[i];
    const std::size_t n = m_heap.size();
    while (true)
    {
        const std::size_t first = kArity * i + 1;
        if (first >= n)
        {
            break;
        }
        std::size_t best = first;
        const std::size_t end = std::min(first + kArity, n);
        for (std::size_t c = first + 1; c < end; ++c)
        {
            if (Earlier(m_heap[c], m_heap[best]))
            {
                best = c;
            }
        }
        if (!Earlier(m_heap[best], moving))
        {
            break;
        }
        m_heap[i] = m_heap[best];
        i = best;
    }
    m_heap[i] = moving;
}

} // namespace ns3
