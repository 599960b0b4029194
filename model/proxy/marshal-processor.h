// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_MARSHAL_PROCESSOR_H
#define SIPMOB_MARSHAL_PROCESSOR_H

#include "proxy/marshal-request.h"

#include <memory>
#include <string>

namespace ns3
{

class MarshalServices;

/**
 * \brief One step of the marshal server's request handling (one concern per processor).
 *
 * The marshal server runs every new request through an ordered MarshalChain of processors,
 * built in one place (MarshalServer::BuildChain, listed in doc/architecture.md). A processor
 * either lets the request go on (CONTINUE), answers or forwards it itself and ends the chain
 * (DONE), or waits for an event (a response from the redirect server) and later resumes the chain
 * through MarshalServices::Resume (WAIT) - the shape of reSIProcate repro's Processor.
 * A new behaviour of the marshal server is a new processor file pair plus one line in BuildChain.
 */
class MarshalProcessor
{
public:
    /// What the chain does after a processor has seen a request.
    enum class Result
    {
        CONTINUE, ///< pass the request to the next processor
        WAIT,     ///< stop now; the processor resumes the chain later
        DONE      ///< answered, forwarded or dropped: stop
    };

    /// \param services what the processors share (stack, proxy core, stores, traces)
    explicit MarshalProcessor(MarshalServices& services);
    virtual ~MarshalProcessor();
    MarshalProcessor(const MarshalProcessor&) = delete;
    MarshalProcessor& operator=(const MarshalProcessor&) = delete;

    /// \return a short name for logs and docs (e.g. "loop-detector")
    virtual std::string Name() const = 0;
    /**
     * \brief Look at one request.
     * \param request the request and what earlier processors concluded
     * \return what the chain does next
     */
    virtual Result Process(const std::shared_ptr<MarshalRequest>& request) = 0;

protected:
    MarshalServices& m_services; ///< shared by every processor of the chain
};

} // namespace ns3

#endif
