// SPDX-License-Identifier: GPL-2.0-only
#include "scenario/quad-key-heap.h"

#include "ns3/fatal-error.h"

#include <algorithm>

namespace ns3
{

void
QuadKeyHeap::Clear()
{
    m_keys.reset();
    m_size = 0;
    m_capacity = 0;
}

void
QuadKeyHeap::Reserve()
{
    // Positions up to kRootAt + m_size + kArity must exist: a sift-down at the new last entry's
    // parent reads a whole group of children.
    const std::size_t needed = kRootAt + m_size + 1 + kArity;
    if (needed <= m_capacity)
    {
        return;
    }
    // a whole number of lines (std::aligned_alloc takes a multiple of the alignment)
    const std::size_t perLine = kLineBytes / sizeof(Key);
    const std::size_t capacity =
        (std::max<std::size_t>(needed, 2 * m_capacity) + perLine - 1) / perLine * perLine;
    auto* keys = static_cast<Key*>(std::aligned_alloc(kLineBytes, capacity * sizeof(Key)));
    if (keys == nullptr)
    {
        NS_FATAL_ERROR("QuadKeyHeap: no memory for " << capacity << " event keys");
    }
    if (m_keys)
    {
        std::copy(m_keys.get(), m_keys.get() + m_capacity, keys);
    }
    std::fill(keys + m_capacity, keys + capacity, Largest());
    m_keys.reset(keys);
    m_capacity = capacity;
}

void
QuadKeyHeap::Push(Key key)
{
    Reserve();
    SiftUp(m_size++, key);
}

void
QuadKeyHeap::Take(std::size_t i)
{
    const Key last = Slot(--m_size);
    Slot(m_size) = Largest();
    if (i == m_size)
    {
        return; // it was the last entry
    }
    if (i > 0 && last < Slot((i - 1) / kArity))
    {
        SiftUp(i, last);
    }
    else
    {
        SiftDown(i, last);
    }
}

void
QuadKeyHeap::SiftUp(std::size_t i, Key key)
{
    while (i > 0)
    {
        const std::size_t parent = (i - 1) / kArity;
        const Key above = Slot(parent);
        if (!(key < above))
        {
            break;
        }
        Slot(i) = above;
        i = parent;
    }
    Slot(i) = key;
}

void
QuadKeyHeap::SiftDown(std::size_t i, Key key)
{
    while (true)
    {
        const std::size_t first = kArity * i + 1;
        if (first >= m_size)
        {
            break;
        }
        const Key* c = &Slot(first);
        const std::size_t grandchildren = kArity * first + 1;
        if (grandchildren < m_size)
        {
            // their 16 keys, 4 lines; computed as an address, not as a pointer into the array,
            // since the last lines may lie past its end (a prefetch never faults)
            const auto line =
                reinterpret_cast<uintptr_t>(m_keys.get() + kRootAt) + grandchildren * sizeof(Key);
            for (std::size_t k = 0; k < kArity; ++k)
            {
                __builtin_prefetch(reinterpret_cast<const void*>(line + k * kLineBytes));
            }
        }
        const Key a = c[0];
        const Key b = c[1];
        const Key d = c[2];
        const Key e = c[3];
        const bool ba = b < a;
        const bool ed = e < d;
        const Key ab = ba ? b : a;
        const Key de = ed ? e : d;
        const bool right = de < ab;
        const Key best = right ? de : ab;
        if (!(best < key))
        {
            break;
        }
        Slot(i) = best;
        i = first + (right ? 2 + ed : ba);
    }
    Slot(i) = key;
}

} // namespace ns3
