// SPDX-License-Identifier: GPL-2.0-only
// The pybind11 extension `sipmob._sipmob`: scenario loading and simulation runs for Python. The
// public API is the pure-Python package python/sipmob/__init__.py, which wraps this module
// (doc/python.md).

#include "records/run-records.h"
#include "scenario/scenario-loader.h"
#include "scenario/simulation-runner.h"
#include "testbed/testbed-config.h"

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace py = pybind11;

namespace
{

/// `--set` overrides in the order given.
using Overrides = std::vector<std::pair<std::string, std::string>>;

/// ns-3's simulator is a process-wide singleton: one simulation at a time, whatever the threads.
std::mutex g_simulationMutex;

/**
 * Binds a plain record struct: read-write fields and read-only derived properties, all
 * listed in the class attribute `fields` (used by `to_dict()`, `__repr__` and DataFrames), the
 * derived ones also in `derived`.
 */
template <class T> class RecordBinder
{
public:
    /**
     * \param m the module
     * \param name Python class name
     * \param doc class docstring
     */
    RecordBinder(py::module_& m, const char* name, const char* doc)
        : m_class(m, name, doc)
    {
        m_class.def(py::init<>());
    }

    /**
     * Adds a data member.
     * \param name attribute name (snake_case)
     * \param member the member
     * \param doc docstring
     * \return this
     */
    template <class V> RecordBinder& Field(const char* name, V T::*member, const char* doc)
    {
        m_class.def_readwrite(name, member, doc);
        m_fields.push_back(name);
        return *this;
    }

    /**
     * Adds a derived, read-only value (a latency component).
     * \param name attribute name (snake_case)
     * \param getter const member function of T
     * \param doc docstring
     * \return this
     */
    template <class V>
    RecordBinder& Derived(const char* name, V (T::*getter)() const, const char* doc)
    {
        m_class.def_property_readonly(name, getter, doc);
        m_fields.push_back(name);
        m_derived.push_back(name);
        return *this;
    }

    /// Adds `fields`, `derived`, `to_dict()` and `__repr__`.
    void Finish()
    {
        m_class.attr("fields") = Names(m_fields);
        m_class.attr("derived") = Names(m_derived);
        m_class.def(
            "to_dict",
            [](py::object self)
            {
                py::dict d;
                for (py::handle f : self.attr("fields"))
                {
                    d[f] = self.attr(f);
                }
                return d;
            },
            "All fields and derived values as a dict (None where a value did not happen).");
        m_class.def("__repr__",
                    [](py::object self)
                    {
                        std::string text = py::str(py::type::of(self).attr("__name__"));
                        text += "(";
                        bool first = true;
                        for (py::handle f : self.attr("fields"))
                        {
                            text += first ? "" : ", ";
                            first = false;
                            text +=
                                std::string(py::str(f)) + "=" + std::string(py::repr(self.attr(f)));
                        }
                        return text + ")";
                    });
    }

private:
    /// \return the names as a tuple of str
    static py::tuple Names(const std::vector<const char*>& names)
    {
        py::tuple out(names.size());
        for (size_t i = 0; i < names.size(); ++i)
        {
            out[i] = py::str(names[i]);
        }
        return out;
    }

    py::class_<T> m_class;              ///< the class being bound
    std::vector<const char*> m_fields;  ///< attribute names in declaration order
    std::vector<const char*> m_derived; ///< the read-only derived ones among them
};

/// \return a list of `convert(item)` for every item
template <class T, class F>
py::list
ToList(const std::vector<T>& items, F convert)
{
    py::list out;
    for (const auto& item : items)
    {
        out.append(convert(item));
    }
    return out;
}

/// \return the network as a dict keyed like the scenario file
py::dict
NetworkToDict(const ns3::NetworkConfig& n)
{
    py::dict d;
    d["name"] = n.name;
    d["domain"] = n.domain;
    d["prefix"] = n.prefix;
    d["subscribers"] =
        ToList(n.subscribers, [](const ns3::SubscriberConfig& s)
               { return py::dict(py::arg("user") = s.user, py::arg("password") = s.password); });
    d["dial_plan"] = ToList(
        n.dialPlan, [](const ns3::DialPlanConfig& p)
        { return py::dict(py::arg("pattern") = p.pattern, py::arg("network") = p.network); });
    d["access_points"] = ToList(n.accessPoints, [](const ns3::AccessPointConfig& ap)
                                { return py::dict(py::arg("x") = ap.x, py::arg("y") = ap.y); });
    d["dns"] = n.dns;
    d["marshal_port"] = n.marshalPort;
    d["redirect_port"] = n.redirectPort;
    return d;
}

/// \return the user agent as a dict keyed like the scenario file
py::dict
UaToDict(const ns3::UaConfig& u)
{
    py::dict d;
    d["user"] = u.user;
    d["network"] = u.network;
    d["mobile"] = u.mobile;
    d["path"] =
        ToList(u.path, [](const ns3::WaypointConfig& w)
               { return py::dict(py::arg("t") = w.t, py::arg("x") = w.x, py::arg("y") = w.y); });
    d["calls"] = ToList(u.calls,
                        [](const ns3::CallConfig& c)
                        {
                            return py::dict(py::arg("at") = c.at, py::arg("callee") = c.callee,
                                            py::arg("duration") = c.duration);
                        });
    d["password"] = u.password;
    d["start"] = u.startAt;
    return d;
}

/// \return the validated testbed as nested dicts and lists keyed like the scenario file
py::dict
ConfigToDict(const ns3::TestbedConfig& c)
{
    py::dict d;
    d["name"] = c.name;
    d["duration"] = c.duration;
    d["model"] = c.model;
    d["networks"] = ToList(c.networks, NetworkToDict);
    d["wan_links"] = ToList(c.wanLinks,
                            [](const ns3::WanLinkConfig& l)
                            {
                                py::dict w;
                                w["a"] = l.a;
                                w["b"] = l.b;
                                w["delay_ms"] = l.delayMs;
                                w["data_rate"] = l.dataRate;
                                w["port_a"] = l.portA;
                                w["port_b"] = l.portB;
                                return w;
                            });
    d["user_agents"] = ToList(c.uas, UaToDict);
    d["lan"] = py::dict(py::arg("data_rate") = c.lanDataRate, py::arg("delay_ms") = c.lanDelayMs);
    d["wifi"] = py::dict(py::arg("tx_power_dbm") = c.wifiTxPowerDbm,
                         py::arg("max_missed_beacons") = c.wifiMaxMissedBeacons,
                         py::arg("beacon_interval_ms") = c.wifiBeaconIntervalMs);
    d["defaults"] = c.defaults;
    d["attributes"] = c.attributes;
    d["pcap"] = c.pcapDir;
    return d;
}

/// Binds the four record types of model/run-records.h.
void
BindRecords(py::module_& m)
{
    using ns3::HandoffRecord;
    RecordBinder<HandoffRecord>(m, "HandoffRecord",
                                "One hand-off: timestamps (simulated s) and latency components "
                                "(ms); None where a step did not happen.")
        .Field("ua", &HandoffRecord::ua, "AoR of the moving user agent")
        .Field("from_network", &HandoffRecord::fromNetwork, "domain of the network left")
        .Field("to_network", &HandoffRecord::toNetwork, "domain of the network entered")
        .Field("old_address", &HandoffRecord::oldAddress, "IPv4 address before the move")
        .Field("new_address", &HandoffRecord::newAddress, "IPv4 address after the move")
        .Field("t_link_lost", &HandoffRecord::tLinkLost, "disassociation / beacon loss")
        .Field("t_associated", &HandoffRecord::tAssociated, "associated with the new AP")
        .Field("t_lease", &HandoffRecord::tLease, "new lease bound, address configured")
        .Field("t_detected", &HandoffRecord::tDetected, "the UA noticed the new address")
        .Field("t_register_sent", &HandoffRecord::tRegisterSent, "first REGISTER after the move")
        .Field("t_register_ok", &HandoffRecord::tRegisterOk, "its final 2xx")
        .Field("t_reinvite_sent", &HandoffRecord::tReinviteSent, "re-INVITE sent")
        .Field("t_reinvite_ok", &HandoffRecord::tReinviteOk, "its 2xx")
        .Field("t_last_media_down", &HandoffRecord::tLastMediaDown,
               "last media packet received at the old address")
        .Field("t_last_media_up", &HandoffRecord::tLastMediaUp,
               "last media packet from the old address seen by the peer")
        .Field("t_media_down", &HandoffRecord::tMediaDown,
               "first media packet received at the new address")
        .Field("t_media_up", &HandoffRecord::tMediaUp,
               "first media packet from the new address seen by the peer")
        .Derived("l2_ms", &HandoffRecord::L2Ms, "link lost -> associated (ms)")
        .Derived("dhcp_ms", &HandoffRecord::DhcpMs, "associated -> lease bound (ms)")
        .Derived("detection_ms", &HandoffRecord::DetectionMs, "lease bound -> UA noticed (ms)")
        .Derived("registration_ms", &HandoffRecord::RegistrationMs, "REGISTER -> 2xx (ms)")
        .Derived("reinvite_ms", &HandoffRecord::ReinviteMs, "re-INVITE -> 2xx (ms)")
        .Derived("media_gap_down_ms", &HandoffRecord::MediaGapDownMs,
                 "media gap towards the mobile (ms)")
        .Derived("media_gap_up_ms", &HandoffRecord::MediaGapUpMs,
                 "media gap from the mobile, at the peer (ms)")
        .Derived("total_ms", &HandoffRecord::TotalMs,
                 "link lost -> first downlink media at the new address (ms)")
        .Field("media_lost_down", &HandoffRecord::mediaLostDown,
               "media packets lost towards the mobile")
        .Field("media_lost_up", &HandoffRecord::mediaLostUp, "media packets lost from the mobile")
        .Finish();

    using ns3::RegistrationRecord;
    RecordBinder<RegistrationRecord>(m, "RegistrationRecord",
                                     "One registration transaction as the UA saw it.")
        .Field("ua", &RegistrationRecord::ua, "AoR")
        .Field("contact", &RegistrationRecord::contact, "Contact URI registered")
        .Field("via", &RegistrationRecord::via, "host:port the REGISTER was sent to")
        .Field("model", &RegistrationRecord::model, "registration model")
        .Field("t_sent", &RegistrationRecord::tSent, "first REGISTER sent (s)")
        .Field("t_final", &RegistrationRecord::tFinal, "final response (s); None on timeout")
        .Field("status", &RegistrationRecord::status, "final status; 408 on timeout")
        .Field("expires", &RegistrationRecord::expires, "expiry granted (s)")
        .Finish();

    using ns3::CallRecord;
    RecordBinder<CallRecord>(m, "CallRecord", "One call (dialog) as one end saw it.")
        .Field("call_id", &CallRecord::callId, "Call-ID")
        .Field("ua", &CallRecord::ua, "AoR of this end")
        .Field("peer", &CallRecord::peer, "AoR of the other end")
        .Field("outgoing", &CallRecord::outgoing, "this end sent the INVITE")
        .Field("t_invite", &CallRecord::tInvite, "INVITE sent or received (s)")
        .Field("t_ringing", &CallRecord::tRinging, "180 (s)")
        .Field("t_answered", &CallRecord::tAnswered, "200 OK (s)")
        .Field("t_ended", &CallRecord::tEnded, "BYE or failure (s)")
        .Field("final_status", &CallRecord::finalStatus, "final response to the INVITE")
        .Field("end_reason", &CallRecord::endReason, "bye-sent, bye-received, cancelled, ...")
        .Finish();

    using ns3::MediaRecord;
    RecordBinder<MediaRecord>(m, "MediaRecord",
                              "Media statistics of one direction of a call at the receiver.")
        .Field("call_id", &MediaRecord::callId, "Call-ID")
        .Field("ua", &MediaRecord::ua, "AoR of the receiving end")
        .Field("sent", &MediaRecord::sent, "packets this end sent")
        .Field("received", &MediaRecord::received, "packets this end received")
        .Field("lost", &MediaRecord::lost, "expected - received (RFC 3550 A.3)")
        .Field("max_gap_ms", &MediaRecord::maxGapMs, "largest inter-arrival gap (ms)")
        .Field("jitter_ms", &MediaRecord::jitterMs, "RFC 3550 interarrival jitter (ms)")
        .Field("mean_delay_ms", &MediaRecord::meanDelayMs, "mean one-way delay (ms)")
        .Finish();
}

} // namespace

PYBIND11_MODULE(_sipmob, m)
{
    m.doc() = "sipmob simulation core (use the `sipmob` package, not this module)";
    m.attr("__version__") = SIPMOB_VERSION;

    py::register_exception<ns3::ScenarioError>(m, "ScenarioError", PyExc_ValueError);
    BindRecords(m);

    py::class_<ns3::RunOutput>(m, "RunOutput", "What one simulation produced.")
        .def_property_readonly(
            "handoffs", [](const ns3::RunOutput& o) { return o.results.handoffs; },
            "hand-off records (a new list on each access)")
        .def_property_readonly(
            "registrations", [](const ns3::RunOutput& o) { return o.results.registrations; },
            "registration records")
        .def_property_readonly(
            "calls", [](const ns3::RunOutput& o) { return o.results.calls; }, "call records")
        .def_property_readonly(
            "media", [](const ns3::RunOutput& o) { return o.results.media; }, "media records")
        .def_readonly("sim_time_s", &ns3::RunOutput::simTimeS, "simulated seconds run")
        .def_readonly("wall_time_s", &ns3::RunOutput::wallTimeS, "wall-clock seconds")
        .def_readonly("events", &ns3::RunOutput::events, "simulator events executed")
        .def_readonly("max_lag_ms", &ns3::RunOutput::maxLagMs, "real-time lag (ms)")
        .def_readonly("model", &ns3::RunOutput::model, "registration model used");

    m.def(
        "load_scenario",
        [](const std::string& path, const Overrides& overrides)
        { return ConfigToDict(ns3::ScenarioLoader::Load(path, overrides)); },
        py::arg("path"), py::arg("overrides") = Overrides{},
        "Validate a scenario file; return its content as nested dicts. Raises ScenarioError.");

    m.def(
        "run",
        [](const std::string& path, const Overrides& overrides, const std::string& model,
           uint32_t seed, uint32_t run)
        {
            ns3::RunOptions options;
            options.model = model;
            options.seed = seed;
            options.run = run;
            py::gil_scoped_release release;
            // Load under the lock too: validation looks up ns-3 TypeIds while another thread's
            // simulation may be building.
            std::lock_guard<std::mutex> lock(g_simulationMutex);
            ns3::TestbedConfig config = ns3::ScenarioLoader::Load(path, overrides);
            return ns3::SimulationRunner::Run(config, options);
        },
        py::arg("path"), py::arg("overrides") = Overrides{}, py::arg("model") = std::string(),
        py::arg("seed") = 1u, py::arg("run") = 1u,
        "Load a scenario and run one simulation with the GIL released. Raises ScenarioError "
        "for an invalid scenario and RuntimeError when the run fails.");
}
