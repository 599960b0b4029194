// SPDX-License-Identifier: GPL-2.0-only
// `sipmob attributes [TYPE]`: every entity's attributes (default, unit, allowed values, scenario
// key) and trace sources, read from the TypeIds (like ns-3's --PrintAttributes / --PrintTypeIds);
// --markdown prints doc/attributes.md, --check / --write DIR keep that file current.
#include "cli/commands.h"
#include "scenario/scenario-loader.h"

#include "ns3/enum.h"
#include "ns3/nstime.h"
#include "ns3/type-id.h"

#include <CLI/CLI.hpp>

#include <fstream>
#include <iostream>
#include <memory>
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
    std::string checkDir;  ///< source directory whose doc/attributes.md is checked
    std::string writeDir;  ///< source directory whose doc/attributes.md is rewritten
};

constexpr const char* kDocFile = "/doc/attributes.md";

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

std::string
Markdown(const std::vector<ns3::TypeId>& types)
{
    std::ostringstream os;
    os << "<!-- SPDX-License-Identifier: GPL-2.0-only -->\n"
       << "<!-- GENERATED by `sipmob attributes --write .` from the TypeIds; do not edit. "
       << "tests/python/test_cli.py fails when it is stale. -->\n"
       << "# Attributes and trace sources\n\n"
       << "Every sipmob entity's ns-3 attributes (default, allowed values) and trace sources, as "
       << "`build/sipmob attributes [TYPE]` prints them. An entity with a scenario kind is set "
          "for every instance with `attributes: {KIND.NAME: VALUE}` or `--set KIND.NAME=VALUE` "
          "(scenarios/README.md); any attribute with `--set ns3::Type::NAME=VALUE`.\n";
    for (ns3::TypeId tid : types)
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
            continue;
        }
        os << "| name | callback | meaning |\n| --- | --- | --- |\n";
        for (uint32_t i = 0; i < tid.GetTraceSourceN(); ++i)
        {
            const auto t = tid.GetTraceSource(i);
            os << "| " << t.name << " | `" << t.callback << "` | " << Cell(t.help) << " |\n";
        }
    }
    return os.str();
}

int
Run(const AttributesArgs& args)
{
    const auto types = SelectTypes(args.type);
    if (!args.checkDir.empty() || !args.writeDir.empty())
    {
        const bool write = !args.writeDir.empty();
        const std::string path = (write ? args.writeDir : args.checkDir) + kDocFile;
        const std::string want = Markdown(types);
        std::ifstream in(path);
        std::stringstream have;
        have << in.rdbuf();
        if (have.str() == want)
        {
            return 0;
        }
        if (!write)
        {
            std::cerr << path << " is out of date: run `sipmob attributes --write " << args.checkDir
                      << "`\n";
            return 1;
        }
        std::ofstream out(path);
        out << want;
        std::cerr << path << " (rewritten)\n";
        return out ? 0 : 1;
    }
    if (args.markdown)
    {
        std::cout << Markdown(types);
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
    sub->add_flag("--markdown", args->markdown, "Print doc/attributes.md");
    auto* check = sub->add_option("--check", args->checkDir,
                                  "Exit 1 when DIR/doc/attributes.md is not current");
    sub->add_option("--write", args->writeDir, "Rewrite DIR/doc/attributes.md")->excludes(check);
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
