// SPDX-License-Identifier: GPL-2.0-only
#include "registrar/visitor-registry.h"
#include "message/sip-uri.h"

#include <cctype>
#include <stdexcept>

namespace sipmob
{

namespace
{

/// RFC 3261 "user" characters that need no escaping: unreserved and user-unreserved.
bool
IsPlainUserChar(char c)
{
    static const std::string kExtra = "-_.!~*'()&=+$,;?/";
    return std::isalnum(static_cast<unsigned char>(c)) || kExtra.find(c) != std::string::npos;
}

std::string
Escape(const std::string& text)
{
    static const char* const kHex = "0123456789ABCDEF";
    std::string escaped;
    for (char c : text)
    {
        if (IsPlainUserChar(c))
        {
            escaped += c;
            continue;
        }
        auto byte = static_cast<unsigned char>(c);
        escaped += '%';
        escaped += kHex[byte >> 4];
        escaped += kHex[byte & 0x0F];
    }
    return escaped;
}

/// @return the text with %XX decoded, or nothing when an escape is malformed
std::optional<std::string>
Unescape(const std::string& text)
{
    std::string plain;
    for (std::size_t i = 0; i < text.size(); ++i)
    {
        if (text[i] != '%')
        {
            plain += text[i];
            continue;
        }
        if (i + 2 >= text.size() || !std::isxdigit(static_cast<unsigned char>(text[i + 1])) ||
            !std::isxdigit(static_cast<unsigned char>(text[i + 2])))
        {
            return std::nullopt;
        }
        plain += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
        i += 2;
    }
    return plain;
}

} // namespace

std::string
VisitorRegistry::MakeVisitorId(const std::string& user, const std::string& homeDomain)
{
    return Escape(user + "@" + homeDomain);
}

std::optional<std::pair<std::string, std::string>>
VisitorRegistry::ParseVisitorId(const std::string& visitorId)
{
    std::optional<std::string> plain = Unescape(visitorId);
    if (!plain)
    {
        return std::nullopt;
    }
    std::size_t at = plain->rfind('@');
    if (at == std::string::npos || at == 0 || at + 1 == plain->size())
    {
        return std::nullopt;
    }
    std::string user = plain->substr(0, at);
    std::string domain = plain->substr(at + 1);
    if (MakeVisitorId(user, domain) != visitorId)
    {
        return std::nullopt; // not in canonical form, e.g. a literal '@'
    }
    return std::make_pair(user, domain);
}

Visitor
VisitorRegistry::Add(const std::string& user, const std::string& homeDomain, const std::string& aor,
                     const std::string& contact, double expiresAt)
{
    if (user.empty() || homeDomain.empty())
    {
        throw std::invalid_argument("visitor (user '" + user + "', home domain '" + homeDomain +
                                    "'): user and home domain must not be empty");
    }
    Visitor visitor{MakeVisitorId(user, homeDomain), user, homeDomain, aor, contact, expiresAt};
    m_visitors[visitor.id] = visitor;
    return visitor;
}

bool
VisitorRegistry::Refresh(const std::string& visitorId, double expiresAt)
{
    auto it = m_visitors.find(visitorId);
    if (it == m_visitors.end())
    {
        return false;
    }
    it->second.expiresAt = expiresAt;
    return true;
}

bool
VisitorRegistry::Remove(const std::string& visitorId)
{
    return m_visitors.erase(visitorId) > 0;
}

bool
VisitorRegistry::RemoveUser(const std::string& user, const std::string& homeDomain)
{
    return Remove(MakeVisitorId(user, homeDomain));
}

std::optional<Visitor>
VisitorRegistry::Find(const std::string& visitorId, double now) const
{
    auto it = m_visitors.find(visitorId);
    if (it == m_visitors.end() || it->second.expiresAt <= now)
    {
        return std::nullopt;
    }
    return it->second;
}

std::optional<Visitor>
VisitorRegistry::Find(const std::string& user, const std::string& homeDomain, double now) const
{
    return Find(MakeVisitorId(user, homeDomain), now);
}

std::optional<Visitor>
VisitorRegistry::FindByContactAddress(const std::string& host, uint16_t port, double now) const
{
    for (const auto& [id, visitor] : m_visitors)
    {
        auto contact = SipUri::Parse(visitor.contact);
        if (visitor.expiresAt <= now || !contact || contact->IsOpaque() ||
            contact->GetHost() != host)
        {
            continue;
        }
        uint16_t contactPort = contact->GetPort() != 0 ? contact->GetPort() : 5060;
        if (contactPort == port)
        {
            return visitor;
        }
    }
    return std::nullopt;
}

bool
VisitorRegistry::IsVisitor(const std::string& visitorId, double now) const
{
    return Find(visitorId, now).has_value();
}

std::vector<Visitor>
VisitorRegistry::Purge(double now)
{
    std::vector<Visitor> expired;
    for (auto it = m_visitors.begin(); it != m_visitors.end();)
    {
        if (it->second.expiresAt <= now)
        {
            expired.push_back(it->second);
            it = m_visitors.erase(it);
        }
        else
        {
            ++it;
        }
    }
    return expired;
}

std::size_t
VisitorRegistry::Count() const
{
    return m_visitors.size();
}

std::vector<Visitor>
VisitorRegistry::List() const
{
    std::vector<Visitor> all;
    for (const auto& entry : m_visitors)
    {
        all.push_back(entry.second);
    }
    return all;
}

} // namespace sipmob
