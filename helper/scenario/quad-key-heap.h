// SPDX-License-Identifier: GPL-2.0-only
// The 4-ary min-heap of 128-bit keys behind QuadHeapScheduler.
#ifndef SIPMOB_QUAD_KEY_HEAP_H
#define SIPMOB_QUAD_KEY_HEAP_H

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>

/// Keeps a function out of the library's exported symbols (see QuadKeyHeap).
#define SIPMOB_QUAD_LOCAL [[gnu::visibility("hidden")]]

namespace ns3
{

/**
 * A 4-ary min-heap of unsigned 128-bit keys (the d-heap of D. B. Johnson, "Priority queues with
 * update and finding minimum spanning trees", Information Processing Letters 4(3), 1975), laid
 * out for the cache as LaMarca and Ladner describe ("The influence of caches on the performance of
 * heaps", ACM Journal of Experimental Algorithmics 1, 1996): the root sits at offset 3 of a 64-byte
 * aligned array, so the four children of a node share one cache line; the positions past the last
 * entry hold the largest key, so a partial group of children needs no bound check; the earliest
 * child is chosen with conditional moves (which child wins is unpredictable), and the line of
 * grandchildren is fetched while the children are compared.
 *
 * Keys must be unique and smaller than Largest(). Memory: 16 bytes per position, the array grows
 * by doubling and never shrinks. Not thread-safe.
 *
 * Its functions are not exported from the library (its only user is QuadHeapScheduler): a
 * function of a shared library that may be interposed (-fPIC's default) is called through the PLT
 * and never inlined, and these run several times per simulated event.
 */
class QuadKeyHeap
{
public:
    __extension__ typedef unsigned __int128 Key; ///< an entry

    /// @return the key no entry may have (it fills the unused positions)
    static constexpr Key Largest()
    {
        return ~static_cast<Key>(0);
    }

    /// @return the number of entries
    std::size_t Size() const
    {
        return m_size;
    }

    /// @return the smallest entry (the heap must not be empty)
    Key Top() const
    {
        return At(0);
    }

    /// @param i heap index, < Size() @return the entry there (heap order, not sorted)
    Key At(std::size_t i) const
    {
        return m_keys.get()[kRootAt + i];
    }

    /// Adds @p key. Aborts the program when no memory is left.
    SIPMOB_QUAD_LOCAL void Push(Key key);
    /// Removes the smallest entry (the heap must not be empty).
    void Pop()
    {
        Take(0);
    }
    /// Removes the entry at heap index @p i (< Size()).
    SIPMOB_QUAD_LOCAL void Take(std::size_t i);
    /// Frees the array.
    SIPMOB_QUAD_LOCAL void Clear();

private:
    /// frees the key array
    struct FreeKeys
    {
        /// @param keys the array from std::aligned_alloc
        void operator()(Key* keys) const
        {
            std::free(keys);
        }
    };

    static constexpr std::size_t kArity = 4;      ///< children per node
    static constexpr std::size_t kLineBytes = 64; ///< cache line: one group of children
    /// Array position of the root: the children of entry i, 4i+1 .. 4i+4, then sit at positions
    /// 4(i+1) .. 4(i+1)+3, one line of the aligned array.
    static constexpr std::size_t kRootAt = kArity - 1;

    /// @return the position of heap index @p i
    Key& Slot(std::size_t i)
    {
        return m_keys.get()[kRootAt + i];
    }

    /// Makes room for one more entry and a whole group of children after it.
    SIPMOB_QUAD_LOCAL void Reserve();
    /// Puts @p key at heap index @p i or above it, moving later parents down.
    SIPMOB_QUAD_LOCAL void SiftUp(std::size_t i, Key key);
    /// Puts @p key at heap index @p i or below it, moving earlier children up.
    SIPMOB_QUAD_LOCAL void SiftDown(std::size_t i, Key key);

    std::unique_ptr<Key[], FreeKeys> m_keys; ///< the heap (from kRootAt), then Largest()
    std::size_t m_size = 0;                  ///< entries
    std::size_t m_capacity = 0;              ///< positions allocated
};

} // namespace ns3

#endif
