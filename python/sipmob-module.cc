// SPDX-License-Identifier: GPL-2.0-only
// The pybind11 extension `sipmob._sipmob`: scenario loading and simulation runs for Python. The
// public API is the pure-Python package python/sipmob/__init__.py, which wraps this module
// (doc/python.md).

#include "mobility/registration-model-registry.h"
#include "records/run-records.h"
#include "results/results-schema.h"
#include "scenario/scenario-loader.h"
#include "scenario/simulation-runner.h"
#include "testbed/testbed-config.h"
#include "wire/quantity.h"
#include "wire/summary-statistics.h"

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
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

/// \return the cell as a Python value (None for NULL; bool for a Boolean column)
py::object
CellToPy(const ns3::Cell& cell, ns3::ColumnType type)
{
    if (const auto* i = std::get_if<int64_t>(&cell))
    {
        return type == ns3::ColumnType::Boolean ? py::object(py::bool_(*i != 0))
                                                : py::object(py::int_(*i));
    }
    if (const auto* d = std::get_if<double>(&cell))
    {
        return py::float_(*d);
    }
    if (const auto* t = std::get_if<std::string>(&cell))
    {
        return py::str(*t);
    }
    return py::none();
}

/// \return the Python value as a cell of a column of @p type; raises TypeError on a mismatch
ns3::Cell
PyToCell(const py::handle& value, ns3::ColumnType type, const std::string& column)
{
    if (value.is_none())
    {
        return ns3::Cell{};
    }
    switch (type)
    {
    case ns3::ColumnType::Text:
        if (py::isinstance<py::str>(value))
        {
            return value.cast<std::string>();
        }
        break;
    case ns3::ColumnType::Real:
        if (py::isinstance<py::float_>(value) || py::isinstance<py::int_>(value))
        {
            return value.cast<double>();
        }
        break;
    case ns3::ColumnType::Integer:
    case ns3::ColumnType::Boolean:
        if (py::isinstance<py::int_>(value)) // bool is an int
        {
            return value.cast<int64_t>();
        }
        break;
    }
    throw py::type_error(column + ": " + std::string(ns3::SqlType(type)) + " value expected, got " +
                         std::string(py::str(py::type::of(value).attr("__name__"))));
}

/// \return the names as a tuple of str
template <class R>
py::tuple
ColumnNames(const ns3::RecordColumns<R>& columns, bool derivedOnly)
{
    py::list out;
    for (const auto& c : columns)
    {
        if (!derivedOnly || c.spec.derived)
        {
            out.append(py::str(c.spec.name));
        }
    }
    return py::tuple(out);
}

/**
 * Binds a plain record struct from its columns in the results schema (results-schema.h): one
 * property per column (read-only for derived ones), the class attributes `fields` (every column,
 * in table order) and `derived`, `to_dict()` and `__repr__`. A new column appears here by itself.
 * \param m the module
 * \param name Python class name
 * \param doc class docstring
 * \param columns the record's columns
 */
template <class R>
void
BindRecord(py::module_& m, const char* name, const char* doc, const ns3::RecordColumns<R>& columns)
{
    py::class_<R> cls(m, name, doc);
    cls.def(py::init<>());
    for (const auto& column : columns)
    {
        const ns3::ColumnSpec& spec = column.spec;
        const std::string help = spec.doc + (spec.unit.empty() ? "" : " (" + spec.unit + ")");
        const auto get = column.get;
        const ns3::ColumnType type = spec.type;
        py::cpp_function fget([get, type](const R& r) { return CellToPy(get(r), type); });
        if (column.set)
        {
            const auto set = column.set;
            const std::string columnName = spec.name;
            py::cpp_function fset([set, type, columnName](R& r, py::handle v)
                                  { set(r, PyToCell(v, type, columnName)); });
            cls.def_property(spec.name.c_str(), fget, fset, help.c_str());
        }
        else
        {
            cls.def_property_readonly(spec.name.c_str(), fget, help.c_str());
        }
    }
    cls.attr("fields") = ColumnNames(columns, false);
    cls.attr("derived") = ColumnNames(columns, true);
    cls.def(
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
    cls.def("__repr__",
            [](py::object self)
            {
                std::string text = py::str(py::type::of(self).attr("__name__"));
                text += "(";
                bool first = true;
                for (py::handle f : self.attr("fields"))
                {
                    text += first ? "" : ", ";
                    first = false;
                    text += std::string(py::str(f)) + "=" + std::string(py::repr(self.attr(f)));
                }
                return text + ")";
            });
}

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
NetworkToDict(const ns3::NetworkConfig& n, const std::vector<ns3::ExternalPeerConfig>& peers)
{
    py::dict d;
    d["name"] = n.name;
    d["domain"] = n.domain;
    d["prefix"] = n.prefix;
    d["subscribers"] =
        ToList(n.subscribers, [](const ns3::SubscriberConfig& s)
               { return py::dict(py::arg("user") = s.user, py::arg("password") = s.password); });
    d["dial_plan"] = ToList(n.dialPlan,
                            [&peers](const ns3::DialPlanConfig& p)
                            {
                                // the next hop is a network or an external peer (`peer:`)
                                bool peer = std::any_of(peers.begin(), peers.end(),
                                                        [&p](const ns3::ExternalPeerConfig& e)
                                                        { return e.name == p.network; });
                                py::dict e;
                                e["pattern"] = p.pattern;
                                e[peer ? "peer" : "network"] = p.network;
                                return e;
                            });
    d["access_points"] = ToList(n.accessPoints,
                                [](const ns3::AccessPointConfig& ap)
                                {
                                    py::object channel = py::none();
                                    if (ap.channel != 0)
                                    {
                                        channel = py::int_(ap.channel);
                                    }
                                    return py::dict(py::arg("x") = ap.x, py::arg("y") = ap.y,
                                                    py::arg("channel") = channel);
                                });
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
    if (!u.registrar.empty())
    {
        d["registrar"] = u.registrar;
    }
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
    d["networks"] = ToList(c.networks, [&c](const ns3::NetworkConfig& n)
                           { return NetworkToDict(n, c.externalPeers); });
    // Keyword dicts like lan and wifi below: keys in scenario-file order.
    d["external_peers"] =
        ToList(c.externalPeers,
               [](const ns3::ExternalPeerConfig& p)
               {
                   return py::dict(py::arg("name") = p.name, py::arg("address") = p.address,
                                   py::arg("port") = p.port, py::arg("domain") = p.domain,
                                   py::arg("network") = p.network,
                                   py::arg("gateway_port") = p.gatewayPort);
               });
    d["wan_links"] = ToList(
        c.wanLinks,
        [](const ns3::WanLinkConfig& l)
        {
            return py::dict(py::arg("a") = l.a, py::arg("b") = l.b, py::arg("delay_ms") = l.delayMs,
                            py::arg("data_rate") = l.dataRate, py::arg("port_a") = l.portA,
                            py::arg("port_b") = l.portB);
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

/// Binds the four record types of records/run-records.h from the results schema.
void
BindRecords(py::module_& m)
{
    BindRecord(m, "HandoffRecord",
               "One hand-off: timestamps (simulated s) and latency components (ms); None where a "
               "step did not happen.",
               ns3::HandoffColumns());
    BindRecord(m, "RegistrationRecord", "One registration transaction as the UA saw it.",
               ns3::RegistrationColumns());
    BindRecord(m, "CallRecord", "One call (dialog) as one end saw it.", ns3::CallColumns());
    BindRecord(m, "MediaRecord", "Media statistics of one direction of one call at the receiver.",
               ns3::MediaColumns());
    BindRecord(m, "SipMessageRecord",
               "One SIP message sent or received by one entity (`sipmob run --trace-sip`).",
               ns3::SipMessageColumns());
    m.attr("schema_sql") = ns3::SchemaDdl();
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
        .def_property_readonly(
            "sip_messages", [](const ns3::RunOutput& o) { return o.results.sipMessages; },
            "SIP message records (empty unless the run traced SIP)")
        .def_readonly("sim_time_s", &ns3::RunOutput::simTimeS, "simulated seconds run")
        .def_readonly("wall_time_s", &ns3::RunOutput::wallTimeS, "wall-clock seconds")
        .def_readonly("events", &ns3::RunOutput::events, "simulator events executed")
        .def_readonly("max_lag_ms", &ns3::RunOutput::maxLagMs, "real-time lag (ms)")
        .def_readonly("model", &ns3::RunOutput::model, "registration model used");

    m.def(
        "summarize",
        [](const std::vector<double>& values, double level)
        {
            if (!(level > 0.0 && level < 1.0))
            {
                throw py::value_error("level must be in (0, 1)");
            }
            const sipmob::SummaryStatistics s(values, level);
            py::dict d;
            d["n"] = s.Count();
            d["mean"] = s.Mean();
            d["std"] = s.StdDev();
            d["ci"] = s.CiHalfWidth();
            d["median"] = s.Median();
            d["p90"] = s.P90();
            d["p99"] = s.P99();
            d["min"] = s.Min();
            d["max"] = s.Max();
            d["level"] = s.Level();
            return d;
        },
        py::arg("values"), py::arg("level") = 0.95,
        "Summary of a sample (NaN ignored), the implementation of `sipmob report`: dict n, mean, "
        "std (n - 1), ci (half-width of the Student-t interval at `level`), median, p90, p99, "
        "min, max, level; NaN where undefined (std and ci need n >= 2).");
    m.def(
        "parse_quantity",
        [](const std::string& text) -> py::object
        {
            const auto q = sipmob::ParseQuantity(text);
            if (!q)
            {
                return py::none();
            }
            return py::make_tuple(q->value, q->dimension);
        },
        py::arg("text"),
        "A number with an optional unit ('0.5s', '50ms', '10Mbps') as (value in the base unit, "
        "dimension), dimension '' for a plain number; None when it is not one.");
    m.def(
        "sort_parameter_values",
        [](std::vector<std::string> values)
        {
            std::stable_sort(values.begin(), values.end(), sipmob::ParameterValueLess);
            return values;
        },
        py::arg("values"),
        "Parameter values in report order: quantities of one dimension by value, then texts.");

    m.def(
        "registration_models", [] { return ns3::RegistrationModelRegistry::Names(); },
        "Names of the registration models this build knows (the registry the CLI and loader use)");
    m.def(
        "load_scenario",
        [](const std::string& path, const Overrides& overrides)
        { return ConfigToDict(ns3::ScenarioLoader::Load(path, overrides)); },
        py::arg("path"), py::arg("overrides") = Overrides{},
        "Validate a scenario file; return its content as nested dicts. Raises ScenarioError.");

    m.def(
        "run",
        [](const std::string& path, const Overrides& overrides, const std::string& model,
           uint32_t seed, uint32_t run, const std::string& traceSip)
        {
            ns3::RunOptions options;
            options.model = model;
            options.seed = seed;
            options.run = run;
            options.traceSip = traceSip;
            py::gil_scoped_release release;
            // Load under the lock too: validation looks up ns-3 TypeIds while another thread's
            // simulation may be building.
            std::lock_guard<std::mutex> lock(g_simulationMutex);
            ns3::TestbedConfig config = ns3::ScenarioLoader::Load(path, overrides);
            return ns3::SimulationRunner::Run(config, options);
        },
        py::arg("path"), py::arg("overrides") = Overrides{}, py::arg("model") = std::string(),
        py::arg("seed") = 1u, py::arg("run") = 1u, py::arg("trace_sip") = std::string(),
        "Load a scenario and run one simulation with the GIL released. trace_sip: '' records no "
        "SIP message, 'headers' or 'full' (with the text) fill RunOutput.sip_messages like "
        "`sipmob run --trace-sip[=full]`. Raises ScenarioError for an invalid scenario and "
        "RuntimeError when the run fails.");
}
