// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_FORWARDED_ATTRIBUTE_H
#define SIPMOB_FORWARDED_ATTRIBUTE_H

#include "ns3/abort.h"
#include "ns3/attribute.h"
#include "ns3/object.h"
#include "ns3/ptr.h"
#include "ns3/type-id.h"

#include <string>

namespace ns3
{

/**
 * \brief An attribute accessor that forwards to an attribute of a sub-object: setting or getting
 *        attribute A of an owner sets or gets attribute B of the object its member `Ptr<U> T::*`
 *        points to. The value lives in the sub-object only (nothing is copied by hand); string
 *        values are converted by the sub-object's checker.
 *
 * The sub-object must exist when the owner's attributes are set, i.e. be created in the owner's
 * constructor (ns-3 sets the attributes of a new object after its constructor).
 */
template <typename T, typename U> class ForwardedAccessor : public AttributeAccessor
{
public:
    /**
     * \param member the owner's pointer to the sub-object
     * \param name the sub-object's attribute
     */
    ForwardedAccessor(Ptr<U> T::*member, std::string name)
        : m_member(member)
        , m_name(std::move(name))
    {
    }

    bool Set(ObjectBase* object, const AttributeValue& value) const override
    {
        T* owner = dynamic_cast<T*>(object);
        return owner && (owner->*m_member) &&
               (owner->*m_member)->SetAttributeFailSafe(m_name, value);
    }

    bool Get(const ObjectBase* object, AttributeValue& value) const override
    {
        const T* owner = dynamic_cast<const T*>(object);
        return owner && (owner->*m_member) &&
               (owner->*m_member)->GetAttributeFailSafe(m_name, value);
    }

    bool HasGetter() const override
    {
        return true;
    }

    bool HasSetter() const override
    {
        return true;
    }

private:
    Ptr<U> T::*m_member; ///< the owner's pointer to the sub-object
    std::string m_name;  ///< the sub-object's attribute
};

/**
 * \brief Make a ForwardedAccessor.
 * \param member the owner's pointer to the sub-object
 * \param name the sub-object's attribute
 * \return the accessor
 */
template <typename T, typename U>
Ptr<const AttributeAccessor>
MakeForwardedAccessor(Ptr<U> T::*member, const std::string& name)
{
    return Ptr<const AttributeAccessor>(new ForwardedAccessor<T, U>(member, name), false);
}

/**
 * \brief The initial value and checker of a sub-object's attribute, for the owner's attribute that
 *        forwards to it (so both share one default and one set of valid values).
 * \param tid the sub-object's TypeId
 * \param name its attribute
 * \return the attribute's information (aborts when the attribute does not exist)
 */
inline TypeId::AttributeInformation
ForwardedAttributeInfo(TypeId tid, const std::string& name)
{
    TypeId::AttributeInformation info;
    bool found = tid.LookupAttributeByName(name, &info);
    NS_ABORT_MSG_UNLESS(found, tid.GetName() << " has no attribute " << name);
    return info;
}

} // namespace ns3

#endif
