// SPDX-License-Identifier: GPL-2.0-only
#include "message/sip-header-fields.h"

#include <algorithm>

namespace sipmob
{

void
SipHeaderFields::Materialize() const
{
    if (!m_indexed)
    {
        return;
    }
    m_headers.clear();
    m_headers.reserve(m_index.size());
    for (const auto& r : m_index)
    {
        m_headers.push_back(SipHeader{std::string(NameOf(r)), std::string(ValueOf(r))});
    }
    m_index.clear();
    m_index.shrink_to_fit();
    m_indexed = false;
}

std::string_view
SipHeaderFields::NameOf(const HeaderRef& r) const
{
    return std::string_view(m_raw.data() + r.nameOff, r.nameLen);
}

std::string_view
SipHeaderFields::ValueOf(const HeaderRef& r) const
{
    return std::string_view(m_raw.data() + r.valueOff, r.valueLen);
}

std::optional<std::string_view>
SipHeaderFields::FindValue(std::string_view name) const
{
    std::optional<std::string_view> out;
    ForEachValue(name,
                 [&out](std::string_view v)
                 {
                     out = v;
                     return false;
                 });
    return out;
}

std::optional<std::string>
SipHeaderFields::GetHeader(std::string_view name) const
{
    auto v = FindValue(name);
    return v ? std::optional<std::string>(std::string(*v)) : std::nullopt;
}

std::vector<std::string>
SipHeaderFields::GetHeaderValues(std::string_view name) const
{
    std::vector<std::string> out;
    bool list = headers::IsListHeader(name);
    ForEachValue(name,
                 [&](std::string_view value)
                 {
                     if (!list)
                     {
                         out.emplace_back(value);
                         return true;
                     }
                     for (auto v : text::SplitComma(value))
                     {
                         out.emplace_back(v);
                     }
                     return true;
                 });
    return out;
}

void
SipHeaderFields::AddHeader(std::string name, std::string value)
{
    Materialize();
    OnHeaderChanged(name);
    m_headers.push_back(SipHeader{std::move(name), std::move(value)});
}

void
SipHeaderFields::PrependHeader(std::string name, std::string value)
{
    Materialize();
    OnHeaderChanged(name);
    auto it = std::find_if(m_headers.begin(), m_headers.end(),
                           [&](const SipHeader& h) { return headers::SameName(h.name, name); });
    m_headers.insert(it == m_headers.end() ? m_headers.begin() : it,
                     SipHeader{std::move(name), std::move(value)});
}

void
SipHeaderFields::SetHeader(std::string name, std::string value)
{
    Materialize();
    OnHeaderChanged(name);
    auto it = std::find_if(m_headers.begin(), m_headers.end(),
                           [&](const SipHeader& h) { return headers::SameName(h.name, name); });
    if (it == m_headers.end())
    {
        AddHeader(std::move(name), std::move(value));
        return;
    }
    std::size_t index = it - m_headers.begin();
    RemoveHeader(name);
    m_headers.insert(m_headers.begin() + index, SipHeader{std::move(name), std::move(value)});
}

std::size_t
SipHeaderFields::RemoveHeader(std::string_view name)
{
    Materialize();
    OnHeaderChanged(name);
    std::size_t before = m_headers.size();
    m_headers.erase(std::remove_if(m_headers.begin(), m_headers.end(),
                                   [&](const SipHeader& h)
                                   { return headers::SameName(h.name, name); }),
                    m_headers.end());
    return before - m_headers.size();
}

const std::vector<SipHeader>&
SipHeaderFields::GetHeaders() const
{
    Materialize();
    return m_headers;
}

} // namespace sipmob
