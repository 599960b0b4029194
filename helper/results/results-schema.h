// SPDX-License-Identifier: GPL-2.0-only
// The one description of the results database: every table and column, its SQL type, unit, meaning
// and (for the record tables) how to read and write it on the C++ record. The SQL DDL and inserts
// (ResultsDatabase), the pybind11 record classes (python/), analysis/sipmob_schema.py and the
// column tables of doc/results-schema.md are all produced from it; tests/ns3/test-results-schema.cc
// fails when a checked-in copy is stale. How to add a column: doc/results-schema.md, "Adding a
// column".
#ifndef SIPMOB_RESULTS_SCHEMA_H
#define SIPMOB_RESULTS_SCHEMA_H

#include "records/run-records.h"
#include "results/sip-message-record.h"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

namespace ns3
{

/// What identifies and describes one simulation run (one row of table `runs`).
struct RunInfo
{
    std::string scenario;                      ///< scenario file as given on the command line
    std::string model;                         ///< registration model requested ("" = scenario's)
    uint32_t seed = 1;                         ///< RngSeed
    uint32_t run = 1;                          ///< RngRun
    std::map<std::string, std::string> params; ///< --set KEY=VALUE overrides (sorted by key)
    std::string status = "ok";                 ///< "ok", "failed", "timeout" or "running"
    std::string error;                         ///< why the run failed ("" when ok)
    double wallTimeS = 0;                      ///< wall-clock duration (seconds)
    double simTimeS = 0;                       ///< simulated duration (seconds)
    std::string startedAt;                     ///< ISO 8601 UTC wall clock; "" = now
    std::string version;                       ///< sipmob version; "" = this build's
    std::string configKey;      ///< resume key (IdentifyRun()); "" = the legacy ConfigKey() text
    std::string scenarioSha256; ///< SHA-256 of the scenario file as read ("" = unknown)
    std::string scenarioText;   ///< the scenario file as read (stored in table `scenarios`)
    std::string resolvedSha256; ///< SHA-256 of the resolved scenario ("" = unknown)
    std::string resolvedText;   ///< the scenario after every override (table `scenarios`)
    std::string commit;         ///< sipmob git commit ("" = unknown)
    bool dirty = false;         ///< the sipmob tree had uncommitted changes
    std::string changesSha256;  ///< SHA-256 of those changes ("" when clean or unknown)
    std::string ns3Version;     ///< ns-3 version
    std::string host;           ///< host name of the machine that ran it
};

/// Everything a run recorded, in the order it happened.
struct RunResults
{
    std::vector<sipmob::HandoffRecord> handoffs;           ///< table `handoffs`
    std::vector<sipmob::RegistrationRecord> registrations; ///< table `registrations`
    std::vector<sipmob::CallRecord> calls;                 ///< table `calls`
    std::vector<sipmob::MediaRecord> media;                ///< table `media`
    std::vector<SipMessageRecord> sipMessages; ///< table `sip_messages` (--trace-sip only)
};

/// How a value is stored: SQLite's storage classes, plus Boolean (an INTEGER 0/1 that Python sees
/// as bool).
enum class ColumnType
{
    Integer,
    Real,
    Text,
    Boolean,
};

/// One value of a column: NULL, an integer (also Boolean), a real or a text.
using Cell = std::variant<std::monostate, int64_t, double, std::string>;

/// The description of one column.
struct ColumnSpec
{
    std::string name;       ///< SQL and Python name (snake_case)
    ColumnType type;        ///< storage
    std::string unit;       ///< "s" (simulated), "ms", "packets", ... ; "" when none
    std::string doc;        ///< meaning, one line (used in docs and Python docstrings)
    std::string constraint; ///< SQL column constraint ("NOT NULL", ...); "" when none
    bool derived = false;   ///< computed from other columns (read-only in Python)
};

/**
 * A column of a C++ record: its description, how to read it and (unless derived) how to set it.
 * Build with Field() or Derived().
 */
template <class R> struct RecordColumn
{
    ColumnSpec spec;                          ///< description
    std::function<Cell(const R&)> get;        ///< value of the column for a record
    std::function<void(R&, const Cell&)> set; ///< sets it; empty for derived columns
};

/// The columns of a record type, in table order.
template <class R> using RecordColumns = std::vector<RecordColumn<R>>;

/// One table: name, meaning, columns (including keys) and table constraints.
struct TableSpec
{
    std::string name;                ///< SQL name
    std::string doc;                 ///< one line
    std::vector<ColumnSpec> columns; ///< in order
    std::string tableConstraint;     ///< e.g. "PRIMARY KEY (run_id, seq)"; "" when none
};

namespace schema
{

/// @return the storage of a C++ member type (std::optional<T> as T; NULL when empty)
template <class V>
constexpr ColumnType
TypeOf()
{
    if constexpr (std::is_same_v<V, std::string>)
    {
        return ColumnType::Text;
    }
    else if constexpr (std::is_same_v<V, bool>)
    {
        return ColumnType::Boolean;
    }
    else if constexpr (std::is_floating_point_v<V>)
    {
        return ColumnType::Real;
    }
    else
    {
        static_assert(std::is_integral_v<V>, "column type must be string, bool, number");
        return ColumnType::Integer;
    }
}

/// Optional values: the type of the value.
template <class V> struct Unwrap
{
    using Type = V; ///< V itself
};

/// std::optional<V>: V.
template <class V> struct Unwrap<std::optional<V>>
{
    using Type = V; ///< the contained type
};

/// @return @p v as a cell
template <class V>
Cell
ToCell(const V& v)
{
    if constexpr (std::is_same_v<V, std::string>)
    {
        return v;
    }
    else if constexpr (std::is_floating_point_v<V>)
    {
        return static_cast<double>(v);
    }
    else
    {
        return static_cast<int64_t>(v);
    }
}

/// @return the optional as a cell (NULL when empty)
template <class V>
Cell
ToCell(const std::optional<V>& v)
{
    return v ? ToCell(*v) : Cell{};
}

/// @return the cell as a V; throws std::invalid_argument when it holds another type or NULL
template <class V>
V
FromCell(const Cell& c, const std::string& column)
{
    if constexpr (std::is_same_v<V, std::string>)
    {
        if (const auto* s = std::get_if<std::string>(&c))
        {
            return *s;
        }
    }
    else if constexpr (std::is_floating_point_v<V>)
    {
        if (const auto* d = std::get_if<double>(&c))
        {
            return static_cast<V>(*d);
        }
        if (const auto* i = std::get_if<int64_t>(&c))
        {
            return static_cast<V>(*i);
        }
    }
    else
    {
        if (const auto* i = std::get_if<int64_t>(&c))
        {
            return static_cast<V>(*i);
        }
    }
    throw std::invalid_argument("column " + column + ": value of the wrong type or NULL");
}

/// Sets @p member from @p c (std::optional: NULL empties it).
template <class V>
void
Assign(V& member, const Cell& c, const std::string& column)
{
    member = FromCell<V>(c, column);
}

/// std::optional: NULL empties it.
template <class V>
void
Assign(std::optional<V>& member, const Cell& c, const std::string& column)
{
    if (std::holds_alternative<std::monostate>(c))
    {
        member.reset();
    }
    else
    {
        member = FromCell<V>(c, column);
    }
}

} // namespace schema

/**
 * A stored column: a data member of the record.
 * @param name column name (snake_case)
 * @param member the data member (string, bool, number or std::optional of one)
 * @param unit unit ("s", "ms", ...), "" when none
 * @param doc meaning, one line
 * @param constraint SQL column constraint, "" when none
 * @return the column
 */
template <class R, class V>
RecordColumn<R>
Field(const char* name, V R::*member, const char* unit, const char* doc,
      const char* constraint = "")
{
    using Plain = typename schema::Unwrap<V>::Type;
    const std::string column = name;
    return RecordColumn<R>{ColumnSpec{name, schema::TypeOf<Plain>(), unit, doc, constraint, false},
                           [member](const R& r) { return schema::ToCell(r.*member); },
                           [member, column](R& r, const Cell& c)
                           { schema::Assign(r.*member, c, column); }};
}

/**
 * A derived column: a const member function of the record (stored in the database, read-only in
 * Python).
 * @copydetails Field
 */
template <class R, class V>
RecordColumn<R>
Derived(const char* name, V (R::*getter)() const, const char* unit, const char* doc)
{
    using Plain = typename schema::Unwrap<V>::Type;
    return RecordColumn<R>{ColumnSpec{name, schema::TypeOf<Plain>(), unit, doc, "", true},
                           [getter](const R& r) { return schema::ToCell((r.*getter)()); },
                           {}};
}

/// @return the columns of table `runs` after run_id (the RunInfo fields)
const RecordColumns<RunInfo>& RunColumns();
/// @return the record columns of table `handoffs` (after run_id, seq)
const RecordColumns<sipmob::HandoffRecord>& HandoffColumns();
/// @return the record columns of table `registrations` (after run_id, seq)
const RecordColumns<sipmob::RegistrationRecord>& RegistrationColumns();
/// @return the record columns of table `calls` (after run_id, seq)
const RecordColumns<sipmob::CallRecord>& CallColumns();
/// @return the record columns of table `media` (after run_id, seq)
const RecordColumns<sipmob::MediaRecord>& MediaColumns();
/// @return the record columns of table `sip_messages` (after run_id, seq)
const RecordColumns<SipMessageRecord>& SipMessageColumns();

/// @return every table of the results database, in creation order
const std::vector<TableSpec>& ResultsTables();

/// @return the SQL type name of @p type ("INTEGER", "REAL", "TEXT")
const char* SqlType(ColumnType type);

/// @return the DDL of the results database (CREATE TABLE IF NOT EXISTS ... for every table)
std::string SchemaDdl();

/**
 * The generated parts of the checked-in files that describe the schema (analysis/sipmob_schema.py,
 * doc/results-schema.md), each between a line containing `BEGIN GENERATED NAME` and one containing
 * `END GENERATED NAME`.
 */
struct GeneratedBlock
{
    std::string file;    ///< path relative to the source directory
    std::string name;    ///< block name
    std::string content; ///< the lines between the markers (ending in a newline)
};

/// @return every generated block, in file order
std::vector<GeneratedBlock> SchemaGeneratedBlocks();

/**
 * Replaces the generated block @p name of @p text by @p content.
 * @return the new text; throws std::runtime_error when the markers are missing
 */
std::string ReplaceGeneratedBlock(const std::string& text, const std::string& name,
                                  const std::string& content);

/**
 * Checks (and with @p write, rewrites) the generated blocks of the checked-in files under
 * @p sourceDir.
 * @return one "FILE: block NAME is out of date" line per stale block (before rewriting); throws
 *         std::runtime_error when a file cannot be read or written or lacks a block
 */
std::vector<std::string> SyncSchemaFiles(const std::string& sourceDir, bool write);

} // namespace ns3

#endif
