// SPDX-License-Identifier: GPL-2.0-only
// `sipmob attributes [TYPE]`: every entity's attributes (default, unit, allowed values, scenario
// key) and trace sources, read from the TypeIds (like ns-3's --PrintAttributes / --PrintTypeIds);
// --markdown prints them as one page; --check / --write DIR keep the generated docs current: one
// page per room (doc/attributes/ROOM.md, the room found by where the TypeId is declared in DIR)
// and the index doc/attributes.md.
#include "cli/commands.h"
#include "scenario/scenario-loader.h"

#include "ns3/enum.h"
#include "ns3/nstime.h"
#include "ns3/type-id.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <regex>
#include <set>
#include <sstream>

namespace sipmob::cli
{

namespace
{

/// What `sipmob attributes` was asked for.
struct AttributesArgs
{
    std::string type;      ///< one TypeId (full or short name, or a scenario kind); "" = all
    bool markdown = false; ///< Markdown instead of text
    std::string checkDir;  ///< source directory whose generated docs are checked
    std::string writeDir;  ///< source directory whose generated docs are rewritten
};

constexpr const char* kIndexFile = "doc/attributes.md"; ///< the index of the room pages
constexpr const char* kRoomDir = "doc/attributes";      ///< one generated page per room

/// One attribute as printed.
struct AttributeRow
{
    std::string name, type, defaultValue, allowed, help;
};

/// A Time default as a readable quantity ("1s", "20ms"), the serialised text otherwise.
std::string
DefaultText(const ns3::TypeId::AttributeInformation& info)
{
    if (!info.initialValue)
    {
        return "";
    }
    if (auto t = ns3::DynamicCast<const ns3::TimeValue>(info.initialValue))
    {
        const ns3::Time v = t->Get();
        std::ostringstream os;
        if (v.IsZero() || v >= ns3::Seconds(1) || v <= ns3::Seconds(-1))
        {
            os << v.GetSeconds() << "s";
        }
        else
        {
            os << v.GetSeconds() * 1e3 << "ms";
        }
        return os.str();
    }
    return info.initialValue->SerializeToString(info.checker);
}

std::string
TypeText(const ns3::TypeId::AttributeInformation& info)
{
    std::string t = info.checker->GetValueTypeName();
    if (t.rfind("ns3::", 0) == 0)
    {
        t = t.substr(5);
    }
    if (t.size() > 5 && t.compare(t.size() - 5, 5, "Value") == 0)
    {
        t = t.substr(0, t.size() - 5);
    }
    return t;
}

/// Allowed values or the unit: enum names, the integer range, the Time syntax.
std::string
AllowedText(const ns3::TypeId::AttributeInformation& info)
{
    const std::string type = TypeText(info);
    if (type == "Time")
    {
        return "time: 1s, 500ms, 20us";
    }
    if (type == "Boolean")
    {
        return "true|false";
    }
    if (type == "DataRate")
    {
        return "rate: 10Mbps, 512kbps";
    }
    return info.checker->HasUnderlyingTypeInformation()
               ? info.checker->GetUnderlyingTypeInformation()
               : "";
}

std::vector<AttributeRow>
Attributes(ns3::TypeId tid)
{
    std::vector<AttributeRow> rows;
    for (uint32_t i = 0; i < tid.GetAttributeN(); ++i)
    {
        const auto info = tid.GetAttribute(i);
        rows.push_back(
            {info.name, TypeText(info), DefaultText(info), AllowedText(info), info.help});
    }
    return rows;
}

/// The scenario kind of a TypeId ("ua" for ns3::SipUserAgent), "" when none.
std::string
KindOf(const std::string& typeName)
{
    for (const auto& [kind, type] : ns3::ScenarioLoader::EntityKinds())
    {
        if (type == typeName)
        {
            return kind;
        }
    }
    return "";
}

/// The TypeIds to print: the sipmob group sorted by name, or the one asked for.
std::vector<ns3::TypeId>
SelectTypes(const std::string& asked)
{
    std::vector<ns3::TypeId> out;
    if (!asked.empty())
    {
        std::string name = asked;
        const auto& kinds = ns3::ScenarioLoader::EntityKinds();
        if (auto k = kinds.find(asked); k != kinds.end())
        {
            name = k->second;
        }
        ns3::TypeId tid;
        if (!ns3::TypeId::LookupByNameFailSafe(name, &tid) &&
            !ns3::TypeId::LookupByNameFailSafe("ns3::" + name, &tid))
        {
            throw std::runtime_error("unknown type '" + asked +
                                     "' (a TypeId name such as ns3::SipUserAgent or "
                                     "SipUserAgent, or a scenario kind such as ua, media)");
        }
        return {tid};
    }
    std::map<std::string, ns3::TypeId> sorted;
    for (uint16_t i = 0; i < ns3::TypeId::GetRegisteredN(); ++i)
    {
        ns3::TypeId tid = ns3::TypeId::GetRegistered(i);
        if (tid.GetGroupName() == "Sipmob")
        {
            sorted[tid.GetName()] = tid;
        }
    }
    for (const auto& [name, tid] : sorted)
    {
        out.push_back(tid);
    }
    return out;
}

void
PrintText(std::ostream& os, ns3::TypeId tid)
{
    const std::string kind = KindOf(tid.GetName());
    os << tid.GetName();
    if (tid.GetParent() != ns3::TypeId())
    {
        os << " : " << tid.GetParent().GetName();
    }
    if (!kind.empty())
    {
        os << "   (scenario: attributes." << kind << ".NAME, --set " << kind << ".NAME=VALUE)";
    }
    os << "\n  attributes:\n";
    for (const auto& a : Attributes(tid))
    {
        os << "    " << a.name << " (" << a.type << ") = " << a.defaultValue;
        if (!a.allowed.empty())
        {
            os << "   [" << a.allowed << "]";
        }
        os << "\n        " << a.help << "\n";
    }
    os << "  trace sources:\n";
    for (uint32_t i = 0; i < tid.GetTraceSourceN(); ++i)
    {
        const auto t = tid.GetTraceSource(i);
        os << "    " << t.name << " (" << t.callback << ")\n        " << t.help << "\n";
    }
}

/// Markdown table cell: pipes escaped.
std::string
Cell(std::string s)
{
    std::string out;
    for (char c : s)
    {
        out += c == '|' ? std::string("\\|") : std::string(1, c);
    }
    return out;
}

/// The generated-file banner that starts every page.
std::string
Banner()
{
    return "<!-- SPDX-License-Identifier: GPL-2.0-only -->\n"
           "<!-- GENERATED by `sipmob attributes --write .` from the TypeIds; do not edit. "
           "tests/python/test_cli.py fails when it is stale. -->\n";
}

/// How an entity's attributes are set, said once on every page.
constexpr const char* kHowToSet =
    "An entity with a scenario kind is set for every instance with `attributes: {KIND.NAME: "
    "VALUE}` or `--set KIND.NAME=VALUE`, for one user agent with `user_agents[].attributes` or "
    "`--set ua@USER.NAME=VALUE` (scenarios/README.md); any attribute with `--set "
    "ns3::Type::NAME=VALUE`.\n";

/// The Attributes and Trace sources sections of one TypeId, under a "## TypeId" heading.
void
TypeSections(std::ostream& os, ns3::TypeId tid)
{
    const std::string kind = KindOf(tid.GetName());
    os << "\n## " << tid.GetName() << "\n";
    if (!kind.empty())
    {
        os << "Scenario kind `" << kind << "` (`--set " << kind << ".NAME=VALUE`).\n";
    }
    os << "\n### Attributes\n";
    const auto attrs = Attributes(tid);
    if (attrs.empty())
    {
        os << "None.\n";
    }
    else
    {
        os << "| name | type | default | allowed / unit | meaning |\n"
           << "| --- | --- | --- | --- | --- |\n";
        for (const auto& a : attrs)
        {
            os << "| " << a.name << " | " << a.type << " | `" << Cell(a.defaultValue) << "` | "
               << Cell(a.allowed) << " | " << Cell(a.help) << " |\n";
        }
    }
    os << "\n### Trace sources\n";
    if (tid.GetTraceSourceN() == 0)
    {
        os << "None.\n";
        return;
    }
    os << "| name | callback | meaning |\n| --- | --- | --- |\n";
    for (uint32_t i = 0; i < tid.GetTraceSourceN(); ++i)
    {
        const auto t = tid.GetTraceSource(i);
        os << "| " << t.name << " | `" << t.callback << "` | " << Cell(t.help) << " |\n";
    }
}

/// Every type on one page (--markdown).
std::string
OnePage(const std::vector<ns3::TypeId>& types)
{
    std::ostringstream os;
    os << "# Attributes and trace sources\n\nEvery sipmob entity's ns-3 attributes and trace "
          "sources, as `build/sipmob attributes [TYPE]` prints them. "
       << kHowToSet;
    for (ns3::TypeId tid : types)
    {
        TypeSections(os, tid);
    }
    return os.str();
}

/**
 * The room of every TypeId declared under @p sourceDir: "model/access" for a
 * `TypeId("ns3::RoamingDhcpClient")` in model/access/roaming-dhcp-client.cc. The declaration in
 * the code is the one source: a class that moves takes its documentation with it.
 */
std::map<std::string, std::string>
RoomsOf(const std::string& sourceDir)
{
    namespace fs = std::filesystem;
    static const std::regex decl(R"re(TypeId\s*\(\s*"(ns3::\w+)"\s*\))re");
    std::map<std::string, std::string> rooms;
    for (const char* top : {"model", "helper"})
    {
        const fs::path base = fs::path(sourceDir) / top;
        if (!fs::is_directory(base))
        {
            throw std::runtime_error(base.string() + ": not a directory (give the source tree)");
        }
        for (const auto& entry : fs::recursive_directory_iterator(base))
        {
            if (entry.path().extension() != ".cc")
            {
                continue;
            }
            std::ifstream in(entry.path());
            std::stringstream text;
            text << in.rdbuf();
            const std::string code = text.str();
            const std::string room =
                std::string(top) + "/" + entry.path().parent_path().filename().string();
            for (std::sregex_iterator m(code.begin(), code.end(), decl), e; m != e; ++m)
            {
                rooms[(*m)[1]] = room;
            }
        }
    }
    return rooms;
}

/// The page of one room: "doc/attributes/access.md" for "model/access".
std::string
RoomFile(const std::string& room)
{
    return std::string(kRoomDir) + "/" + room.substr(room.find('/') + 1) + ".md";
}

/**
 * The generated docs (path relative to @p sourceDir -> text): one page per room holding the
 * Attributes and Trace sources sections of each of its TypeIds, and the index that links them.
 * Rooms are listed bottom up as in doc/architecture.md: model/ first, then helper/.
 */
std::map<std::string, std::string>
GeneratedDocs(const std::string& sourceDir, const std::vector<ns3::TypeId>& types)
{
    const auto roomOf = RoomsOf(sourceDir);
    std::map<std::string, std::vector<ns3::TypeId>> byRoom;
    for (ns3::TypeId tid : types)
    {
        const auto r = roomOf.find(tid.GetName());
        if (r == roomOf.end())
        {
            throw std::runtime_error(tid.GetName() + ": no TypeId(\"" + tid.GetName() +
                                     "\") under " + sourceDir + "/model or /helper");
        }
        byRoom[r->second].push_back(tid);
    }
    std::vector<std::string> order;
    for (const auto& [room, _] : byRoom)
    {
        order.push_back(room);
    }
    std::stable_partition(order.begin(), order.end(),
                          [](const std::string& r) { return r.rfind("model/", 0) == 0; });
    std::map<std::string, std::string> docs;
    std::ostringstream index;
    index << Banner() << "# Attributes and trace sources\n\n"
          << "Every sipmob entity's ns-3 attributes (default, allowed values) and trace sources, "
             "as `build/sipmob attributes [TYPE]` prints them, one page per room (the folder "
             "that declares the TypeId; doc/architecture.md). "
          << kHowToSet << "\n| room | page | types |\n| --- | --- | --- |\n";
    for (const auto& room : order)
    {
        const std::string file = RoomFile(room);
        std::ostringstream page;
        page << Banner() << "# Attributes and trace sources: " << room << "\n\n"
             << "The ns-3 attributes and trace sources of the TypeIds declared in `" << room
             << "/`, as `build/sipmob attributes TYPE` prints them (index: "
             << "[../attributes.md](../attributes.md)). " << kHowToSet;
        index << "| `" << room << "` | [" << file.substr(4) << "](" << file.substr(4) << ") | ";
        const auto& roomTypes = byRoom[room];
        for (std::size_t i = 0; i < roomTypes.size(); ++i)
        {
            TypeSections(page, roomTypes[i]);
            index << (i ? ", " : "") << roomTypes[i].GetName();
        }
        index << " |\n";
        docs[file] = page.str();
    }
    docs[kIndexFile] = index.str();
    return docs;
}

/// @return the file's text, "" when it does not exist
std::string
ReadFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::stringstream have;
    have << in.rdbuf();
    return have.str();
}

/**
 * Checks (or rewrites, when @p write) the generated docs under @p sourceDir: each page must equal
 * what the TypeIds give, and doc/attributes/ holds no page of a room that has none (removed when
 * writing). @return the stale files, one line each
 */
std::vector<std::string>
SyncDocs(const std::string& sourceDir, const std::vector<ns3::TypeId>& types, bool write)
{
    namespace fs = std::filesystem;
    const auto docs = GeneratedDocs(sourceDir, types);
    std::vector<std::string> stale;
    const fs::path roomDir = fs::path(sourceDir) / kRoomDir;
    if (fs::is_directory(roomDir))
    {
        for (const auto& entry : fs::directory_iterator(roomDir))
        {
            const std::string rel = std::string(kRoomDir) + "/" + entry.path().filename().string();
            if (docs.count(rel) == 0)
            {
                stale.push_back(rel + ": no room declares TypeIds for it");
                if (write)
                {
                    fs::remove(entry.path());
                }
            }
        }
    }
    for (const auto& [rel, text] : docs)
    {
        const fs::path path = fs::path(sourceDir) / rel;
        if (ReadFile(path.string()) == text)
        {
            continue;
        }
        stale.push_back(rel + ": out of date");
        if (write)
        {
            fs::create_directories(path.parent_path());
            std::ofstream out(path, std::ios::binary | std::ios::trunc);
            out << text;
            if (!out.flush())
            {
                throw std::runtime_error(path.string() + ": cannot write");
            }
        }
    }
    return stale;
}

int
Run(const AttributesArgs& args)
{
    const auto types = SelectTypes(args.type);
    if (!args.checkDir.empty() || !args.writeDir.empty())
    {
        const bool write = !args.writeDir.empty();
        const std::string dir = write ? args.writeDir : args.checkDir;
        const auto stale = SyncDocs(dir, SelectTypes(""), write);
        for (const auto& line : stale)
        {
            std::cerr << dir << "/" << line << (write ? " (rewritten)" : "") << "\n";
        }
        if (!write && !stale.empty())
        {
            std::cerr << "run `sipmob attributes --write " << dir << "`\n";
            return 1;
        }
        return 0;
    }
    if (args.markdown)
    {
        std::cout << OnePage(types);
        return 0;
    }
    for (ns3::TypeId tid : types)
    {
        PrintText(std::cout, tid);
    }
    return 0;
}

} // namespace

void
RegisterAttributesCommand(CLI::App& app)
{
    auto args = std::make_shared<AttributesArgs>();
    CLI::App* sub = app.add_subcommand(
        "attributes", "List every entity's attributes (default, allowed values, scenario key) and "
                      "trace sources, or one type's");
    sub->add_option("type", args->type,
                    "A TypeId (ns3::SipUserAgent, SipUserAgent) or scenario kind (ua, media, ...)");
    sub->add_flag("--markdown", args->markdown, "Print them as one Markdown page");
    auto* check = sub->add_option(
        "--check", args->checkDir,
        "Exit 1 when DIR/doc/attributes.md or a page DIR/doc/attributes/ROOM.md is not current");
    sub->add_option("--write", args->writeDir,
                    "Rewrite DIR/doc/attributes.md and the pages DIR/doc/attributes/ROOM.md")
        ->excludes(check);
    sub->callback(
        [args]
        {
            try
            {
                SetExitStatus(Run(*args));
            }
            catch (const std::exception& e)
            {
                std::cerr << "sipmob attributes: " << e.what() << "\n";
                SetExitStatus(2);
            }
        });
}

} // namespace sipmob::cli
