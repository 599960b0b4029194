// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_LOOP_DETECTOR_H
#define SIPMOB_LOOP_DETECTOR_H

#include "proxy/marshal-processor.h"

namespace ns3
{

/**
 * \brief RFC 3261 §16.3 steps 3-4: Max-Forwards 0 is answered 483, a request that already
 *        carries our Via with its own loop hash (§16.6 step 8) 482.
 */
class LoopDetector : public MarshalProcessor
{
public:
    using MarshalProcessor::MarshalProcessor;
    /// \return "loop-detector"
    std::string Name() const override;
    Result Process(const std::shared_ptr<MarshalRequest>& request) override;
};

} // namespace ns3

#endif
