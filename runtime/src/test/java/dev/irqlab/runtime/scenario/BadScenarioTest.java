package dev.irqlab.runtime.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Malformed scenario files (src/test/resources/scenarios/bad): each is refused with exactly the
 * listed problems — file, 1-based line and column, dotted key, message — all of them, in file
 * order, never only the first.
 */
class BadScenarioTest {

    private final ScenarioLoader loader = new ScenarioLoader();
    private final FixedCatalog catalog = new FixedCatalog();

    /** A problem without its file (added by {@link #assertProblems}). */
    private record Expected(int line, int column, String key, String message) {
    }

    private static Expected p(int line, int column, String key, String message) {
        return new Expected(line, column, key, message);
    }

    private void assertProblems(String file, Expected... expected) {
        ScenarioException e = assertThrows(ScenarioException.class,
                () -> loader.load(file, Resources.text(file), catalog));
        List<Problem> want = java.util.Arrays.stream(expected)
                .map(x -> new Problem(file, x.line(), x.column(), x.key(), x.message())).toList();
        assertEquals(want, e.problems());
    }

    @Test
    @DisplayName("kernel-call actions: side, call, device, flag words list the allowed ones; on/flag only with their call; times within the run and after the VM start; cpu of the side; keys of the other form and unknown keys refused")
    void badActionsKernelCalls() {
        assertProblems("bad/bad-actions-kernel-calls.yaml",
                p(11, 23, "actions[0].kernel",
                        "found 'hypervisor', allowed: host, guest"),
                p(12, 35, "actions[1].call",
                        "found 'disable_irq_sync', allowed: disable_irq, disable_irq_nosync, enable_irq, irq_set_irq_wake, irq_set_status_flags, irq_clear_status_flags"),
                p(13, 55, "actions[2].device",
                        "found 'tuchpad', allowed: touchpad"),
                p(14, 5, "actions[3].on",
                        "missing required key"),
                p(15, 48, "actions[4].on",
                        "only with call: irq_set_irq_wake"),
                p(15, 58, "actions[4].flag",
                        "only with call: irq_set_status_flags or irq_clear_status_flags"),
                p(16, 63, "actions[5].flag",
                        "found 'IRQ_NOAUTOEN', allowed: IRQ_DISABLE_UNLAZY"),
                p(17, 10, "actions[6].at",
                        "found '11ms', after the run ends (run.duration 10ms)"),
                p(18, 10, "actions[7].at",
                        "found '1ms', before the VM starts (vmm.vm-start 2ms): the guest runs no code yet"),
                p(19, 71, "actions[8].cpu",
                        "found '1', allowed: 0..0 (platform.vcpus is 1)"),
                p(20, 65, "actions[9].write",
                        "only in a register access (controller:), not in a kernel call"),
                p(21, 65, "actions[10].when",
                        "unknown key 'when', allowed: at, kernel, call, device, on, flag, controller, write, read, value, cpu"),
                p(22, 5, "actions[11].at",
                        "missing required key"),
                p(22, 5, "actions[11].call",
                        "missing required key"));
    }

    @Test
    @DisplayName("register-access actions: register names in the manual's capitals, write needs a value and read takes none, one access per action, kernel-call keys refused, a side is required")
    void badActionsRegisterAccess() {
        assertProblems("bad/bad-actions-register-access.yaml",
                p(10, 40, "actions[0].write",
                        "found 'gicd_ispendr1', a register name is the manual's, in capitals ([A-Z][A-Z0-9_]*), such as GICD_ISPENDR1 or IOWIN"),
                p(11, 5, "actions[1].value",
                        "missing required key"),
                p(12, 62, "actions[2].value",
                        "found '-1', allowed: >= 0"),
                p(13, 54, "actions[3].value",
                        "only with write; a read takes no value"),
                p(14, 55, "actions[4].read",
                        "not allowed together with write; one access per action"),
                p(15, 5, "actions[5].write",
                        "missing required key (or read)"),
                p(16, 54, "actions[6].device",
                        "only in a kernel call (kernel:), not in a register access"),
                p(16, 72, "actions[6].call",
                        "only in a kernel call (kernel:), not in a register access"),
                p(17, 15, "actions[7].controller",
                        "not allowed together with kernel; an action is either a kernel call (kernel, call, device) or a register access (controller, write and value, or read)"),
                p(18, 59, "actions[8].cpu",
                        "found '1', allowed: 0..0 (platform.host-cpus is 1)"),
                p(19, 5, "actions[9].kernel",
                        "missing required key (or controller, for a register access)"),
                p(21, 17, "actions[10].controller",
                        "found 'vm', allowed: host, guest"),
                p(22, 11, "actions[10].read",
                        "found a sequence, expected text"));
    }

    @Test
    @DisplayName("config values are typed per ConfigKey type: CHOICE, INTEGER, BOOLEAN, STRING, DURATION; a non-mapping config and an overflowing seed are refused")
    void badConfigValues() {
        assertProblems("bad/bad-config-values.yaml",
                p(2, 7, "seed",
                        "found '99999999999999999999', allowed: -9223372036854775808..9223372036854775807"),
                p(6, 26, "config.controller.security",
                        "found 'three', allowed: single, two"),
                p(7, 40, "config.virtual-controller.list-registers",
                        "found 'four', expected an integer"),
                p(8, 24, "config.kernel.threadirqs",
                        "found '1', allowed: true, false"),
                p(9, 15, "config.hypervisor",
                        "found '2us', expected a mapping"),
                p(13, 22, "devices[0].config.vendor",
                        "found a sequence, expected text"),
                p(15, 77, "devices[0].driver.config.i2c-transfer",
                        "found 'true', expected a duration: a whole number and a unit; allowed units: ns, us, µs, ms, s"));
    }

    @Test
    @DisplayName("a device name outside [a-z0-9][a-z0-9_-]* and a zero run duration are refused")
    void badDeviceName() {
        assertProblems("bad/bad-device-name.yaml",
                p(2, 17, "run.duration",
                        "found '0ms', allowed: >= 1ns"),
                p(5, 11, "devices[0].name",
                        "found 'Touch Pad', a device name must match [a-z0-9][a-z0-9_-]*"));
    }

    @Test
    @DisplayName("a single unknown fix lists none and every catalog fix")
    void badFixScalar() {
        assertProblems("bad/bad-fix-scalar.yaml",
                p(4, 6, "fix",
                        "found 'resample', allowed: none, ioapic-ack-pending, irqfd-mask-notifier, resample-on-unmask, vgic-resample-on-enable"));
    }

    @Test
    @DisplayName("in a fix list, 'none' must stand alone, duplicates point at the second, unknown names list the catalog")
    void badFix() {
        assertProblems("bad/bad-fix.yaml",
                p(6, 5, "fix[1]",
                        "found 'none' in a list of fixes; 'none' stands alone"),
                p(7, 5, "fix[2]",
                        "duplicate fix 'resample-on-unmask'"),
                p(8, 5, "fix[3]",
                        "found 'resample-on-mask', allowed: none, ioapic-ack-pending, irqfd-mask-notifier, resample-on-unmask, vgic-resample-on-enable"));
    }

    @Test
    @DisplayName("expect: unknown metrics, causes, drivers and statistics list the allowed forms; min > max, unknown bound keys and negative counts are refused")
    void badMetric() {
        assertProblems("bad/bad-metric.yaml",
                p(10, 3, "expect.spurios",
                        "found 'spurios', allowed: device-events, served, lost, double-served, delivered, handled, spurious, host-lazy-disable-hits, exits, exit-cost-ns, exits.<cause>, spurious.<driver>, handled.<driver>, messages.<key>, device.<device>.<metric>, vcpu.<n>.<metric>, latency.assert-to-handler.{samples,min,median,p99,max}, latency.assert-to-ack.{samples,min,median,p99,max}, note-interrupt.{irqs_unhandled,irq_count}"),
                p(11, 3, "expect.exits.mmmio",
                        "found 'exits.mmmio', allowed: exits.mmio, exits.apic-eoi, exits.maintenance, exits.sysreg, exits.external-interrupt, exits.idle, exits.ioapic-eoi"),
                p(12, 3, "expect.spurious.elan",
                        "found 'spurious.elan', allowed: spurious, spurious.elan_i2c (drivers of this scenario)"),
                p(13, 3, "expect.latency.assert-to-handler.p95",
                        "found 'latency.assert-to-handler.p95', allowed: latency.assert-to-handler.samples, latency.assert-to-handler.min, latency.assert-to-handler.median, latency.assert-to-handler.p99, latency.assert-to-handler.max, latency.assert-to-ack.samples, latency.assert-to-ack.min, latency.assert-to-ack.median, latency.assert-to-ack.p99, latency.assert-to-ack.max"),
                p(14, 3, "expect.messages.",
                        "found 'messages.', allowed: messages.<key>"),
                p(15, 12, "expect.handled",
                        "min 5 is greater than max 3"),
                p(16, 15, "expect.delivered.at-least",
                        "unknown key 'at-least', allowed: min, max"),
                p(17, 9, "expect.lost",
                        "found '-1', allowed: >= 0"),
                p(18, 3, "expect.device.mouse.spurious",
                        "found 'device.mouse.spurious', a device this scenario does not have; allowed devices: touchpad (device.<device>.<metric>)"),
                p(19, 3, "expect.device.touchpad.exits",
                        "found 'device.touchpad.exits', allowed: device.touchpad.{device-events,served,lost,double-served,delivered,handled,spurious,host-lazy-disable-hits}, device.touchpad.latency.assert-to-handler.{samples,min,median,p99,max}, device.touchpad.latency.assert-to-ack.{samples,min,median,p99,max}"),
                p(20, 3, "expect.vcpu.1.exits",
                        "found 'vcpu.1.exits', a vCPU this scenario does not have; allowed vCPUs: 0 (vcpu.<n>.<metric>)"),
                p(21, 3, "expect.vcpu.0.spurious",
                        "found 'vcpu.0.spurious', allowed: vcpu.0.{exits,exit-cost-ns}, vcpu.0.exits.{mmio,apic-eoi,maintenance,sysreg,external-interrupt,idle,ioapic-eoi}"));
    }

    @Test
    @DisplayName("trigger, forwarding and flow words list their allowed spellings")
    void badTrigger() {
        assertProblems("bad/bad-trigger.yaml",
                p(7, 35, "devices[0].interrupt.trigger",
                        "found 'levelhigh', allowed: edge-rising, edge-falling, edge-both, level-high, level-low"),
                p(8, 17, "devices[0].forwarding",
                        "found 'irqfd-resampler', allowed: irqfd-resample, irqfd, hw-mapped"),
                p(9, 41, "devices[0].driver.flow",
                        "found 'fasteoi', allowed: edge, level, oneshot-threaded"));
    }

    @Test
    @DisplayName("a bare number, an unknown unit, a space, a fraction and an overflow are refused naming the units")
    void badUnits() {
        assertProblems("bad/bad-units.yaml",
                p(2, 17, "run.duration",
                        "found '100', a duration needs a unit; allowed units: ns, us, µs, ms, s"),
                p(2, 29, "run.drain",
                        "found '5min', unknown unit 'min'; allowed units: ns, us, µs, ms, s"),
                p(5, 27, "config.kernel.thread-wakeup",
                        "found '10 us', expected a duration: a whole number and a unit; allowed units: ns, us, µs, ms, s"),
                p(11, 24, "devices[0].workload.period",
                        "found '1.5ms', expected a duration: a whole number and a unit; allowed units: ns, us, µs, ms, s"),
                p(11, 49, "devices[0].workload.jitter",
                        "found '99999999999s', more than the largest duration 9223372036854775807ns"));
    }

    @Test
    @DisplayName("a duplicate device name points at the second and names the first")
    void duplicateDeviceNames() {
        assertProblems("bad/duplicate-device-names.yaml",
                p(14, 11, "devices[2].name",
                        "duplicate device name 'touchpad', first at line 5, column 11"));
    }

    @Test
    @DisplayName("duplicate keys in a mapping point at the second and name the first")
    void duplicateKeys() {
        assertProblems("bad/duplicate-keys.yaml",
                p(3, 1, "name",
                        "duplicate key, first at line 1, column 1"),
                p(8, 47, "devices[0].interrupt.line",
                        "duplicate key, first at line 8, column 17"));
    }

    @Test
    @DisplayName("an empty document is one problem at 1:1")
    void empty() {
        assertProblems("bad/empty.yaml",
                p(1, 1, "",
                        "the file is empty; a scenario needs at least name, run, platform and devices"));
    }

    @Test
    @DisplayName("missing required keys are reported at their parent mapping, at every level")
    void missingKeys() {
        assertProblems("bad/missing-keys.yaml",
                p(1, 1, "name",
                        "missing required key"),
                p(1, 1, "run",
                        "missing required key"),
                p(3, 3, "platform.controller",
                        "missing required key"),
                p(5, 5, "devices[0].driver",
                        "missing required key"),
                p(8, 7, "devices[0].interrupt.trigger",
                        "missing required key"),
                p(9, 5, "devices[1].model",
                        "missing required key"),
                p(10, 13, "devices[1].driver.name",
                        "missing required key"),
                p(11, 10, "suspend.at",
                        "missing required key"),
                p(11, 10, "suspend.duration",
                        "missing required key"));
    }

    @Test
    @DisplayName("negative durations are refused wherever a duration is read")
    void negativeDurations() {
        assertProblems("bad/negative-durations.yaml",
                p(2, 17, "run.duration",
                        "found '-5ms', a duration must not be negative"),
                p(2, 30, "run.drain",
                        "found '-0ns', a duration must not be negative"),
                p(9, 23, "devices[0].workload.start",
                        "found '-1ms', a duration must not be negative"),
                p(9, 60, "devices[0].workload.jitter",
                        "found '-1us', a duration must not be negative"),
                p(10, 15, "suspend.at",
                        "found '-1ms', a duration must not be negative"));
    }

    @Test
    @DisplayName("a document that is not a mapping is refused at its start")
    void notAMapping() {
        assertProblems("bad/not-a-mapping.yaml",
                p(1, 1, "",
                        "found a sequence, expected a mapping"));
    }

    @Test
    @DisplayName("integers and durations outside the limits of the language and of the schema show the range")
    void outOfRange() {
        assertProblems("bad/out-of-range.yaml",
                p(3, 42, "platform.host-cpus",
                        "found '65', allowed: 1..64"),
                p(3, 53, "platform.vcpus",
                        "found '0', allowed: 1..64"),
                p(5, 26, "config.controller.eoi-mode",
                        "found '2', allowed: 0..1"),
                p(6, 39, "config.hypervisor.exit-cost.maintenance",
                        "found '5s', allowed: 100ns..1ms"),
                p(10, 23, "devices[0].interrupt.line",
                        "found '-1', allowed: 0..2147483647"),
                p(11, 16, "devices[0].guest-pin",
                        "found '4294967296', allowed: 0..2147483647"),
                p(13, 36, "devices[0].workload.count",
                        "found '0', allowed: 1..100000000"),
                p(18, 36, "devices[1].workload.count",
                        "found '100000001', allowed: 1..100000000"));
    }

    @Test
    @DisplayName("workload: at with period/count, count without period, period without count and empty at are refused")
    void periodAndAt() {
        assertProblems("bad/period-and-at.yaml",
                p(12, 7, "devices[0].workload.at",
                        "not allowed together with period, count; give either explicit times (at or file) or start/period/count"),
                p(17, 15, "devices[1].workload.period",
                        "missing required key (or give explicit times with 'at')"),
                p(22, 15, "devices[2].workload.count",
                        "missing required key"),
                p(27, 20, "devices[3].workload.at",
                        "found an empty list, expected a list of times"));
    }

    @Test
    @DisplayName("a YAML syntax error becomes a problem at the parser position with its context")
    void syntaxError() {
        assertProblems("bad/syntax-error.yaml",
                p(3, 9, "",
                        "YAML syntax: while parsing a flow mapping (started at line 2, column 6): expected ',' or '}', but got :"));
    }

    @Test
    @DisplayName("unknown keys are refused at every level: run, platform, config schema, interrupt, driver config, workload, device, vmm")
    void unknownKeysNested() {
        assertProblems("bad/unknown-keys-nested.yaml",
                p(2, 22, "run.drian",
                        "unknown key 'drian', allowed: duration, drain"),
                p(5, 3, "platform.cpus",
                        "unknown key 'cpus', allowed: controller, virtual-controller, kernel, hypervisor, vmm, forwarder, system-sleep, host-cpus, vcpus"),
                p(7, 33, "config.kernel.wakeup",
                        "unknown key 'wakeup', allowed: thread-wakeup, threadirqs"),
                p(11, 47, "devices[0].interrupt.polarity",
                        "unknown key 'polarity', allowed: line, trigger"),
                p(15, 16, "devices[0].driver.config.anything",
                        "unknown key 'anything', allowed: (none)"),
                p(16, 39, "devices[0].workload.phase",
                        "unknown key 'phase', allowed: start, period, count, jitter, at, file"),
                p(17, 5, "devices[0].irq",
                        "unknown key 'irq', allowed: name, model, interrupt, guest-pin, forwarding, config, driver, workload"),
                p(18, 7, "vmm.force-unmask",
                        "unknown key 'force-unmask', allowed: vm-start, force-unmask-at-start, vm-name"));
    }

    @Test
    @DisplayName("plugin names the catalog does not bind list the names it does")
    void unknownPlugins() {
        assertProblems("bad/unknown-plugins.yaml",
                p(4, 15, "platform.controller",
                        "found 'gicv4', allowed: gicv2, gicv3, ioapic"),
                p(5, 11, "platform.kernel",
                        "found 'freebsd', allowed: linux"),
                p(6, 23, "platform.virtual-controller",
                        "found 'vgic-v4', allowed: kvm-ioapic, vgic-v2, vgic-v3"),
                p(9, 12, "devices[0].model",
                        "found 'elan-i2c2', allowed: cros-ec, edge-pulse, elan-i2c, level-status"),
                p(12, 20, "devices[0].driver.name",
                        "found 'elan', allowed: cros_ec, edge, elan_i2c, level-fasteoi, missing"));
    }

    @Test
    @DisplayName("an unknown root key lists the root keys")
    void unknownRootKey() {
        assertProblems("bad/unknown-root-key.yaml",
                p(2, 1, "colour",
                        "unknown key 'colour', allowed: name, description, seed, run, platform, fix, config, devices, suspend, vmm, actions, expect"));
    }

    @Test
    @DisplayName("configuring the virtual controller needs it named in platform")
    void virtualControllerConfigWithoutName() {
        assertProblems("bad/virtual-controller-config-without-name.yaml",
                p(5, 3, "config.virtual-controller",
                        "needs platform.virtual-controller: without it the runtime picks the controller's default"));
    }

    @Test
    @DisplayName("wrong YAML types: sequence for text, word for integer, scalar for mapping, quoted number, float, yes/1 for booleans")
    void wrongTypes() {
        assertProblems("bad/wrong-types.yaml",
                p(1, 7, "name",
                        "found a sequence, expected text"),
                p(2, 7, "seed",
                        "found 'forty-two', expected an integer"),
                p(3, 6, "run",
                        "found '100ms', expected a mapping"),
                p(6, 14, "platform.host-cpus",
                        "found '2' in quotes (text), expected an integer"),
                p(7, 10, "platform.vcpus",
                        "found '1.5', expected an integer"),
                p(9, 24, "config.kernel.threadirqs",
                        "found 'yes', allowed: true, false"),
                p(11, 3, "devices",
                        "found a mapping, expected a list of devices"),
                p(12, 30, "vmm.force-unmask-at-start",
                        "found '1', allowed: true, false"));
    }

    @Test
    @DisplayName("config.host-kernel / config.guest-kernel are checked against the kernel's schema, with file:line:column")
    void badKernelSides() {
        assertProblems("bad/bad-kernel-sides.yaml",
                p(6, 17, "config.host-kernel.threadirq",
                        "unknown key 'threadirq', allowed: thread-wakeup, threadirqs"),
                p(7, 33, "config.guest-kernel.thread-wakeup", "found 'fast', expected a duration: a whole number "
                        + "and a unit; allowed units: ns, us, µs, ms, s"),
                p(8, 3, "config.hyper-kernel",
                        "unknown key 'hyper-kernel', allowed: controller, virtual-controller, kernel, hypervisor, "
                                + "forwarder, system-sleep, host-kernel, guest-kernel"));
    }
}
