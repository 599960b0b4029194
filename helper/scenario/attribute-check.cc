// SPDX-License-Identifier: GPL-2.0-only
#include "scenario/attribute-check.h"

#include "ns3/pointer.h"
#include "ns3/string.h"

#include <arpa/inet.h>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

namespace ns3
{

namespace
{

/// How deep object factory texts may nest attribute values (`A[B=C[...]]` is not parsed by ns-3).
constexpr int kMaxDepth = 4;

std::string ValueProblem(const TypeId::AttributeInformation& info, const std::string& value,
                         int depth);

/// @return "" when a stream reads a T from all of @p text (ns-3's number parsers abort unless the
///         whole text is one number), else why not
template <class T>
std::string
WholeNumberProblem(const std::string& text, const char* what)
{
    std::istringstream in(text);
    T v{};
    in >> v;
    if (in.fail() || !in.eof())
    {
        return std::string("not ") + what;
    }
    return "";
}

std::string
UnsignedProblem(const std::string& text, int)
{
    if (text.find('-') != std::string::npos)
    {
        return "must not be negative";
    }
    return WholeNumberProblem<uint64_t>(text, "a whole number");
}

std::string
SignedProblem(const std::string& text, int)
{
    return WholeNumberProblem<int64_t>(text, "a whole number");
}

std::string
DoubleProblem(const std::string& text, int)
{
    const std::string problem = WholeNumberProblem<double>(text, "a finite number");
    if (!problem.empty())
    {
        return problem;
    }
    return std::isfinite(std::strtod(text.c_str(), nullptr)) ? "" : "not a finite number";
}

std::string
TimeProblem(const std::string& text, int)
{
    return IsTimeString(text) ? ""
                              : "not a time (a number and a unit: s, ms, us, ns, min, h; e.g. "
                                "0.5s, 500ms)";
}

std::string
Mac48Problem(const std::string& text, int)
{
    bool ok = text.size() == 17;
    for (size_t i = 0; ok && i < text.size(); ++i)
    {
        ok = i % 3 == 2 ? text[i] == ':' : std::isxdigit(static_cast<unsigned char>(text[i]));
    }
    return ok ? "" : "not a MAC address (six hex pairs, e.g. 00:00:00:00:00:01)";
}

std::string
Ipv4Problem(const std::string& text, int)
{
    in_addr parsed{};
    return inet_pton(AF_INET, text.c_str(), &parsed) == 1 ? "" : "not a dotted-quad IPv4 address";
}

std::string
Ipv4MaskProblem(const std::string& text, int depth)
{
    if (!text.empty() && text[0] == '/')
    {
        const std::string n = text.substr(1);
        const bool digits =
            !n.empty() && n.size() <= 2 && n.find_first_not_of("0123456789") == std::string::npos;
        return digits && std::stoi(n) <= 32 ? "" : "not a mask (a.b.c.d or /0 to /32)";
    }
    return Ipv4Problem(text, depth).empty() ? "" : "not a mask (a.b.c.d or /0 to /32)";
}

/**
 * An object factory text as ns-3.37's operator>>(istream, ObjectFactory) reads it (one word:
 * `ns3::Type` or `ns3::Type[Name=value|Name=value]`), which aborts on an unknown type and on an
 * attribute value its checker refuses.
 * @param base the type the object must be (or derive from); TypeId() for any
 */
std::string
FactoryProblem(const std::string& text, const TypeId* base, int depth)
{
    if (text.empty() || text.find_first_of(" \t\r\n") != std::string::npos)
    {
        return "not an object (ns3::Type or ns3::Type[Name=value|...], no spaces)";
    }
    const auto open = text.find('[');
    if ((open == std::string::npos) != (text.find(']') == std::string::npos) ||
        (open != std::string::npos && text.back() != ']'))
    {
        return "not an object (ns3::Type or ns3::Type[Name=value|...]): unbalanced brackets";
    }
    const std::string typeName = text.substr(0, open);
    TypeId tid;
    if (!TypeId::LookupByNameFailSafe(typeName, &tid))
    {
        return "unknown type '" + typeName + "'";
    }
    if (!tid.HasConstructor())
    {
        return "'" + typeName + "' cannot be created (abstract)";
    }
    if (base && tid != *base && !tid.IsChildOf(*base))
    {
        return "'" + typeName + "' is not a " + base->GetName();
    }
    if (open == std::string::npos)
    {
        return "";
    }
    const std::string params = text.substr(open + 1, text.size() - open - 2);
    if (params.find_first_of("[]") != std::string::npos)
    {
        return "nested object values are not supported by ns-3's parser";
    }
    std::istringstream list(params);
    std::string item;
    while (std::getline(list, item, '|'))
    {
        const auto eq = item.find('=');
        if (eq == std::string::npos)
        {
            return "'" + item + "' is not Name=value";
        }
        TypeId::AttributeInformation attr;
        if (!tid.LookupAttributeByName(item.substr(0, eq), &attr))
        {
            return "'" + typeName + "' has no attribute '" + item.substr(0, eq) + "'";
        }
        const std::string problem = ValueProblem(attr, item.substr(eq + 1), depth + 1);
        if (!problem.empty())
        {
            return typeName + "::" + item.substr(0, eq) + " '" + item.substr(eq + 1) +
                   "': " + problem;
        }
    }
    return "";
}

std::string
PointerProblem(const TypeId::AttributeInformation& info, const std::string& text, int depth)
{
    const auto* checker = dynamic_cast<const PointerChecker*>(PeekPointer(info.checker));
    if (!checker)
    {
        return "not a pointer attribute";
    }
    const TypeId base = checker->GetPointeeTypeId();
    return FactoryProblem(text, &base, depth);
}

/// Hand checks of the value types whose ns-3.37 parser aborts (or accepts anything).
const std::map<std::string, std::function<std::string(const std::string&, int)>> kHandChecks = {
    {"UintegerValue", UnsignedProblem},
    {"IntegerValue", SignedProblem},
    {"DoubleValue", DoubleProblem},
    {"TimeValue", TimeProblem},
    {"Mac48AddressValue", Mac48Problem},
    {"Ipv4AddressValue", Ipv4Problem},
    {"Ipv4MaskValue", Ipv4MaskProblem},
    {"ObjectFactoryValue",
     [](const std::string& text, int depth) { return FactoryProblem(text, nullptr, depth); }},
};

/// Value types whose ns-3.37 parser fails cleanly on every bad text tried (measured): given
/// straight to the checker.
const std::set<std::string> kCleanParsers = {
    "BooleanValue",   "CallbackValue", "DataRateValue", "EnumValue",  "Ipv6AddressValue",
    "QueueSizeValue", "SsidValue",     "StringValue",   "TupleValue", "TypeIdValue",
};

/// @return whether the checker accepts @p value when tried in a child process (an abort there
///         is a refusal)
bool
AcceptedInChild(const TypeId::AttributeInformation& info, const std::string& value)
{
    std::fflush(nullptr);
    const pid_t pid = fork();
    if (pid < 0)
    {
        return false;
    }
    if (pid == 0)
    {
        const int null = open("/dev/null", O_WRONLY);
        if (null >= 0)
        {
            dup2(null, STDOUT_FILENO);
            dup2(null, STDERR_FILENO);
        }
        _exit(info.checker->CreateValidValue(StringValue(value)) ? 0 : 1);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
    {
    }
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/// @return the value type's name without the namespace ("TimeValue"), up to a template's '<'
std::string
ValueTypeName(const TypeId::AttributeInformation& info)
{
    std::string name = info.checker->GetValueTypeName();
    if (name.rfind("ns3::", 0) == 0)
    {
        name = name.substr(5);
    }
    return name.substr(0, name.find('<'));
}

std::string
ValueProblem(const TypeId::AttributeInformation& info, const std::string& value, int depth)
{
    if (depth > kMaxDepth)
    {
        return "nested too deeply";
    }
    const std::string type = ValueTypeName(info);
    std::string problem;
    if (type == "PointerValue")
    {
        problem = PointerProblem(info, value, depth);
    }
    else if (auto hand = kHandChecks.find(type); hand != kHandChecks.end())
    {
        problem = hand->second(value, depth);
    }
    else if (!kCleanParsers.count(type) && !AcceptedInChild(info, value))
    {
        return "not accepted by ns-3's " + type + " parser";
    }
    if (!problem.empty())
    {
        return problem;
    }
    if (!info.checker->CreateValidValue(StringValue(value)))
    {
        std::string expected;
        if (info.checker->HasUnderlyingTypeInformation())
        {
            expected = " (expected " + info.checker->GetUnderlyingTypeInformation() + ")";
        }
        return "not accepted by the attribute's checker" + expected;
    }
    return "";
}

} // namespace

bool
IsTimeString(const std::string& text)
{
    const auto b = text.find_first_not_of(" \t");
    const auto e = text.find_last_not_of(" \t");
    if (b == std::string::npos)
    {
        return false;
    }
    const std::string t = text.substr(b, e - b + 1);
    char* end = nullptr;
    const double v = std::strtod(t.c_str(), &end);
    if (end == t.c_str() || !std::isfinite(v))
    {
        return false;
    }
    static const std::set<std::string> units = {"",   "s",   "ms", "us", "ns", "ps",
                                                "fs", "min", "h",  "d",  "y"};
    return units.count(std::string(end)) > 0;
}

std::string
AttributeValueProblem(const TypeId::AttributeInformation& info, const std::string& value)
{
    return ValueProblem(info, value, 0);
}

} // namespace ns3
