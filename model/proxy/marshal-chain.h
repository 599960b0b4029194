// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_MARSHAL_CHAIN_H
#define SIPMOB_MARSHAL_CHAIN_H

#include "proxy/marshal-processor.h"

#include <memory>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \brief The ordered processors of the marshal server (repro's ProcessorChain, our shape).
 *
 * Run() hands a request to each processor from MarshalRequest::next on, until one answers
 * (DONE) or waits (WAIT); a waiting processor calls Run() again with the same request when its
 * event arrives, and the chain goes on after it.
 */
class MarshalChain
{
public:
    /// \param processor appended at the end of the chain
    void Add(std::unique_ptr<MarshalProcessor> processor);
    /**
     * \brief Run (or resume) a request through the chain.
     * \param request the request; its `next` says where to start
     * \return the result of the last processor run (CONTINUE: no processor ended the chain)
     */
    MarshalProcessor::Result Run(const std::shared_ptr<MarshalRequest>& request);
    /// \return the processors' names, in order
    std::vector<std::string> Names() const;
    /// Drop every processor.
    void Clear();

private:
    std::vector<std::unique_ptr<MarshalProcessor>> m_processors; ///< in order
};

} // namespace ns3

#endif
