// SPDX-License-Identifier: GPL-2.0-only
// Any trace source to a CSV file without C++ (`sipmob run --trace SOURCE=FILE.csv`, scenario key
// `traces:`).
#ifndef SIPMOB_TRACE_CSV_RECORDER_H
#define SIPMOB_TRACE_CSV_RECORDER_H

#include "ns3/object.h"

#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{

/// A --trace or `traces:` request that cannot be served (unknown source, unsupported signature,
/// no object, unwritable file): one line naming the source; `sipmob run` exits 2.
class TraceSpecError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

class CsvTraceSink;

/**
 * \brief Connects trace sources to CSV files: one row per call, columns `time_s` (simulated s),
 *        `context` (which object), then the callback's arguments.
 *
 * A source is named by an ns-3 Config path ending in the source's name
 * (`/NodeList/N/ApplicationList/M/$ns3::SipUserAgent/Registration`, `*` for any N or M; context:
 * the matched path) or a short form `KIND@NAME.SOURCE` for one entity (`ua@1001.Call`,
 * `marshal@net1.Rejected`, `redirect@net1.BindingAdded`, `gateway@net1>net2.Forwarded`; context:
 * `KIND@NAME`) or `KIND.SOURCE` for every entity of a kind. Arguments are rendered by type:
 * numbers, text, addresses (`a.b.c.d`, `a.b.c.d:port`, MAC), Time (s), a packet (its size in
 * bytes), a SIP message (its first line), a run record (one column per column of its results
 * table). Only trace sources whose callback signature is in SupportedSignatures() can be connected;
 * any other one is refused at start with a TraceSpecError.
 */
class TraceCsvRecorder : public Object
{
public:
    /// Finds the objects of a short form: (kind, name) -> (context, object) pairs; "" name = all.
    using EntityFinder = std::function<std::vector<std::pair<std::string, Ptr<Object>>>(
        const std::string& kind, const std::string& name)>;

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    TraceCsvRecorder();
    ~TraceCsvRecorder() override;

    /**
     * \brief Connect @p source to a new CSV file @p file (header written at once).
     * \param source Config path or short form (see the class)
     * \param file CSV file (created or truncated)
     * \param find resolves the short forms
     * \throws TraceSpecError when the source does not exist, matches nothing, has an unsupported
     *         signature, or the file cannot be written
     */
    void Connect(const std::string& source, const std::string& file, const EntityFinder& find);

    /// Flushes every file; throws std::runtime_error when one could not be written.
    void Flush();

    /// \return the callback signatures (TypeId trace-source callback names) that can be rendered
    static std::vector<std::string> SupportedSignatures();

    /**
     * \brief Splits `SOURCE=FILE` at the last '='.
     * \throws TraceSpecError when either side is empty
     */
    static std::pair<std::string, std::string> SplitSpec(const std::string& spec);

protected:
    void DoDispose() override;

private:
    std::map<std::string, std::shared_ptr<CsvTraceSink>> m_sinks; ///< file -> sink
};

} // namespace ns3

#endif
