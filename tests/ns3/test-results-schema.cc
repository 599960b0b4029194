// SPDX-License-Identifier: GPL-2.0-only
// The one results schema (helper/results/results-schema.h): the database has exactly its columns,
// every column of every record survives a write and read, an older file gains new columns, and
// the checked-in copies (analysis/sipmob_schema.py, doc/results-schema.md) are up to date.
#include "results/results-database.h"
#include "results/results-schema.h"

#include <gtest/gtest.h>

#include <sqlite3.h>

#include <cstdio>
#include <unistd.h>

using namespace ns3;

namespace
{

/// @return the column names of @p table in the open database, in order
std::vector<std::string>
DbColumns(ResultsDatabase& db, const std::string& table)
{
    std::vector<std::string> names;
    for (const auto& row : db.Query("SELECT name FROM pragma_table_info(?1) ORDER BY cid", {table}))
    {
        names.push_back(row.at(0).value_or(""));
    }
    return names;
}

/// A distinct non-NULL value for column number @p i of type @p type.
Cell
SampleCell(ColumnType type, int i)
{
    switch (type)
    {
    case ColumnType::Integer:
        return int64_t{1000 + i};
    case ColumnType::Boolean:
        return int64_t{1};
    case ColumnType::Real:
        return 10.0 + i * 0.125;
    case ColumnType::Text:
        return "v" + std::to_string(i);
    }
    return {};
}

/// @return the cell as the text SQLite returns for it (NULL: empty)
std::optional<std::string>
CellText(const Cell& c)
{
    if (const auto* i = std::get_if<int64_t>(&c))
    {
        return std::to_string(*i);
    }
    if (const auto* d = std::get_if<double>(&c))
    {
        char buf[64];
        std::snprintf(buf, sizeof(buf), "%.15g", *d);
        std::string s = buf;
        return s.find('.') == std::string::npos ? s + ".0" : s;
    }
    if (const auto* t = std::get_if<std::string>(&c))
    {
        return *t;
    }
    return std::nullopt;
}

/// Sets every settable column of a fresh record to a distinct value.
template <class R>
R
SampleRecord(const RecordColumns<R>& columns)
{
    R r;
    int i = 0;
    for (const auto& c : columns)
    {
        if (c.set)
        {
            c.set(r, SampleCell(c.spec.type, i));
        }
        ++i;
    }
    return r;
}

/// Every column of the record reads back from the table as the schema's getter gives it.
template <class R>
void
ExpectRoundTrip(ResultsDatabase& db, const std::string& table, const RecordColumns<R>& columns,
                const R& record)
{
    for (const auto& c : columns)
    {
        auto rows = db.Query("SELECT " + c.spec.name + " FROM " + table);
        ASSERT_EQ(rows.size(), 1u) << table;
        EXPECT_EQ(rows[0].at(0), CellText(c.get(record))) << table << "." << c.spec.name;
    }
}

} // namespace

TEST(ResultsSchema, DatabaseHasExactlyTheSchemaColumns)
{
    ResultsDatabase db(":memory:");
    for (const auto& table : ResultsTables())
    {
        std::vector<std::string> expected;
        for (const auto& c : table.columns)
        {
            expected.push_back(c.name);
        }
        EXPECT_EQ(DbColumns(db, table.name), expected) << table.name;
    }
    EXPECT_EQ(ResultsDatabase::Schema(), SchemaDdl());
}

TEST(ResultsSchema, EveryColumnOfEveryRecordRoundTrips)
{
    RunResults results;
    results.handoffs = {SampleRecord(HandoffColumns())};
    results.registrations = {SampleRecord(RegistrationColumns())};
    results.calls = {SampleRecord(CallColumns())};
    results.media = {SampleRecord(MediaColumns())};
    results.sipMessages = {SampleRecord(SipMessageColumns())};
    // The sample sets every stored column, so every derived one has its inputs too.
    for (const auto& c : HandoffColumns())
    {
        EXPECT_FALSE(std::holds_alternative<std::monostate>(c.get(results.handoffs[0])))
            << c.spec.name;
    }
    RunInfo info;
    info.scenario = "s.yaml";
    info.model = "home-only";
    info.error = "";
    ResultsDatabase db(":memory:");
    db.WriteRun(info, results);
    ExpectRoundTrip(db, "handoffs", HandoffColumns(), results.handoffs[0]);
    ExpectRoundTrip(db, "registrations", RegistrationColumns(), results.registrations[0]);
    ExpectRoundTrip(db, "calls", CallColumns(), results.calls[0]);
    ExpectRoundTrip(db, "media", MediaColumns(), results.media[0]);
    ExpectRoundTrip(db, "sip_messages", SipMessageColumns(), results.sipMessages[0]);
    // The optional values written as NULL read back as NULL.
    RunResults empty;
    empty.handoffs = {sipmob::HandoffRecord{}};
    info.run = 2;
    const int64_t id = db.WriteRun(info, empty);
    auto rows =
        db.Query("SELECT t_link_lost, l2_ms, media_lost_down FROM handoffs WHERE run_id = ?1",
                 {std::to_string(id)});
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0], (ResultsDatabase::Row{std::nullopt, std::nullopt, std::nullopt}));
}

TEST(ResultsSchema, SettingAColumnOfTheWrongTypeThrows)
{
    sipmob::HandoffRecord h;
    const auto& column = HandoffColumns().front(); // ua: text
    EXPECT_THROW(column.set(h, Cell{int64_t{3}}), std::invalid_argument);
    EXPECT_THROW(column.set(h, Cell{}), std::invalid_argument);
    column.set(h, Cell{std::string("sip:a@b")});
    EXPECT_EQ(h.ua, "sip:a@b");
}

TEST(ResultsSchema, OlderFileGainsNewColumns)
{
    char tmpl[] = "/tmp/sipmob-schema-XXXXXX";
    const int fd = mkstemp(tmpl);
    close(fd);
    const std::string path = tmpl;
    std::remove(path.c_str());
    {
        // A file as an older sipmob wrote it: table media without jitter_ms and mean_delay_ms.
        sqlite3* raw = nullptr;
        ASSERT_EQ(sqlite3_open(path.c_str(), &raw), SQLITE_OK);
        ASSERT_EQ(sqlite3_exec(raw,
                               "CREATE TABLE media (run_id INTEGER NOT NULL, seq INTEGER NOT NULL, "
                               "call_id TEXT, ua TEXT, sent INTEGER, received INTEGER, lost "
                               "INTEGER, max_gap_ms REAL, PRIMARY KEY (run_id, seq));"
                               "INSERT INTO media VALUES (7, 0, 'c', 'u', 1, 2, 3, 4.5);",
                               nullptr, nullptr, nullptr),
                  SQLITE_OK);
        sqlite3_close(raw);
    }
    {
        ResultsDatabase db(path);
        auto rows = db.Query("SELECT lost, jitter_ms, mean_delay_ms FROM media");
        ASSERT_EQ(rows.size(), 1u);
        EXPECT_EQ(rows[0], (ResultsDatabase::Row{"3", std::nullopt, std::nullopt}));
        std::vector<std::string> expected;
        for (const auto& t : ResultsTables())
        {
            if (t.name == "media")
            {
                for (const auto& c : t.columns)
                {
                    expected.push_back(c.name);
                }
            }
        }
        EXPECT_EQ(DbColumns(db, "media"), expected);
    }
    for (const char* suffix : {"", "-wal", "-shm"})
    {
        std::remove((path + suffix).c_str());
    }
}

TEST(ResultsSchema, CheckedInCopiesAreUpToDate)
{
    const auto stale = SyncSchemaFiles(SIPMOB_SOURCE_DIR, false);
    std::string list;
    for (const auto& s : stale)
    {
        list += s + "\n";
    }
    EXPECT_TRUE(stale.empty()) << list << "run `build/sipmob schema --write " << SIPMOB_SOURCE_DIR
                               << "` and commit the result (doc/results-schema.md)";
}

TEST(ResultsSchema, ReplaceGeneratedBlockKeepsTheMarkers)
{
    const std::string text = "a\n# BEGIN GENERATED x (note)\nold\n# END GENERATED x (note)\nb\n";
    EXPECT_EQ(ReplaceGeneratedBlock(text, "x", "new\n"),
              "a\n# BEGIN GENERATED x (note)\nnew\n# END GENERATED x (note)\nb\n");
    EXPECT_THROW(ReplaceGeneratedBlock(text, "y", ""), std::runtime_error);
}
