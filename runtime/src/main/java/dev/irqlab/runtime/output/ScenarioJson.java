package dev.irqlab.runtime.output;

import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.plugin.Role;
import dev.irqlab.runtime.scenario.DeviceSpec;
import dev.irqlab.runtime.scenario.Platform;
import dev.irqlab.runtime.scenario.Scenario;
import dev.irqlab.runtime.scenario.Workload;
import java.util.Map;
import java.util.TreeMap;

/**
 * The scenario as it ran, as one JSON object of a result: the platform with the virtual controller
 * the run used (the scenario's or the hypervisor's choice), the fixes, the seed, the run length,
 * and every configuration after defaults (each role's, each kernel's, each device's and driver's).
 * Durations are nanoseconds; keys are the scenario's own. A scenario with latency ranges appears as
 * the run resolved them.
 */
public final class ScenarioJson {

    private ScenarioJson() {
    }

    /**
     * Writes the {@code "scenario-as-run"} value (an object) at the writer's position.
     *
     * @param virtualController the virtual controller the run used
     */
    public static void write(Scenario s, String virtualController, JsonWriter w) {
        w.beginObject();
        w.name("name").value(s.name());
        w.name("source").value(s.source());
        w.name("seed").value(s.seed());
        w.name("run").beginObject()
                .name("duration-ns").value(s.run().durationNs())
                .name("drain-ns").value(s.run().drainNs())
                .endObject();
        Platform p = s.platform();
        w.name("platform").beginObject()
                .name("controller").value(p.controller())
                .name("virtual-controller").value(virtualController)
                .name("kernel").value(p.kernel())
                .name("hypervisor").value(p.hypervisor())
                .name("vmm").value(p.vmm())
                .name("forwarder").value(p.forwarder())
                .name("system-sleep").value(p.systemSleep())
                .name("host-cpus").value(p.hostCpus())
                .name("vcpus").value(p.vcpus())
                .endObject();
        w.name("fixes").beginArray();
        for (String f : s.fixes()) {
            w.value(f);
        }
        w.endArray();
        w.name("config").beginObject();
        for (Role r : Role.values()) {
            Config c = s.config().get(r);
            if (c != null) {
                w.name(r.label());
                config(c, w);
            }
        }
        w.endObject();
        w.name("kernels").beginObject();
        for (String k : new TreeMap<>(s.kernels()).keySet()) {
            w.name(k);
            config(s.kernels().get(k), w);
        }
        w.endObject();
        w.name("vmm").beginObject().name("vm-start-ns").value(s.vmm().vmStartNs()).endObject();
        w.name("devices").beginArray();
        for (DeviceSpec d : s.devices()) {
            device(d, w);
        }
        w.endArray();
        w.endObject();
    }

    private static void device(DeviceSpec d, JsonWriter w) {
        w.beginObject()
                .name("name").value(d.name())
                .name("model").value(d.model())
                .name("line").value(d.line())
                .name("trigger").value(d.trigger().dtName())
                .name("guest-pin").value(d.guestPin())
                .name("forwarding").value(d.forwarding().label());
        w.name("config");
        config(d.config(), w);
        w.name("driver").beginObject()
                .name("name").value(d.driver().name())
                .name("flow").value(d.driver().flow().label());
        w.name("config");
        config(d.driver().config(), w);
        w.endObject();
        w.name("workload");
        workload(d.workload(), w);
        w.endObject();
    }

    private static void workload(Workload wl, JsonWriter w) {
        w.beginObject();
        if (wl instanceof Workload.Periodic p) {
            w.name("kind").value("periodic")
                    .name("start-ns").value(p.startNs())
                    .name("period-ns").value(p.periodNs())
                    .name("count").value(p.count())
                    .name("jitter-ns").value(p.jitterNs());
        } else if (wl instanceof Workload.AtTimes t) {
            w.name("kind").value("at-times").name("times-ns").beginArray();
            for (long at : t.timesNs()) {
                w.value(at);
            }
            w.endArray().name("jitter-ns").value(t.jitterNs());
        } else {
            w.name("kind").value("none");
        }
        w.endObject();
    }

    /** A configuration's values by key, in key order: numbers, booleans and strings as they are typed. */
    private static void config(Config c, JsonWriter w) {
        w.beginObject();
        for (Map.Entry<String, Object> e : new TreeMap<>(c.values()).entrySet()) {
            w.name(e.getKey());
            Object v = e.getValue();
            if (v instanceof Boolean b) {
                w.value(b.booleanValue());
            } else if (v instanceof Number n) {
                w.value(n.longValue());
            } else {
                w.value(String.valueOf(v));
            }
        }
        w.endObject();
    }
}
