package dev.irqlab.pci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.api.device.DeviceContext;
import dev.irqlab.api.irq.Trigger;
import dev.irqlab.api.pci.Pci;
import dev.irqlab.api.pci.PciHostBridge;
import dev.irqlab.api.pci.PciIntxPin;
import dev.irqlab.api.plugin.Config;
import dev.irqlab.pci.device.PciIntxDevice;
import dev.irqlab.pci.device.PciIntxDeviceFactory;
import dev.irqlab.tck.SimHarness;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The PCI function's configuration space and INTx (PCI Local Bus 3.0, 6.2.2-6.2.4) and the host routing. */
class PciIntxDeviceTest {

    private final SimHarness harness = new SimHarness();
    private final List<Boolean> wire = new ArrayList<>();

    private PciIntxDevice device(String masking, String pin, Trigger trigger) {
        Map<String, Object> cfg = new TreeMap<>(Config.defaults(new PciIntxDeviceFactory().schema()).values());
        cfg.put(PciIntxDeviceFactory.INTX_MASKING, masking);
        cfg.put(PciIntxDeviceFactory.INTERRUPT_PIN, pin);
        PciIntxDevice d = new PciIntxDevice(new DeviceContext(harness.sim(), "f0", trigger, Config.of(cfg)));
        d.connect(wire::add);
        return d;
    }

    private static boolean statusBit(PciIntxDevice d) {
        return (d.config().read(Pci.STATUS, 2) & Pci.STATUS_INTERRUPT) != 0;
    }

    @Test
    @DisplayName("INTx asserted (active low) while an event is pending; ACK releases it; Interrupt Status follows")
    void assertsUntilServiced() {
        PciIntxDevice d = device("pci-2.3", "INTA", Trigger.LEVEL_LOW);
        assertEquals(List.of(true), wire, "idle high after connect");
        d.dataArrives();
        assertFalse(d.lineLevel());
        assertTrue(statusBit(d));
        d.dataArrives();
        assertEquals(2, d.registers().read(PciIntxDevice.STATUS));
        d.registers().write(PciIntxDevice.ACK, 1);
        assertTrue(d.lineLevel());
        assertFalse(statusBit(d));
        assertEquals(0, d.pendingEvents());
    }

    @Test
    @DisplayName("6.2.2: Interrupt Disable de-asserts INTx; 6.2.3: Interrupt Status stays set; clearing it re-asserts")
    void interruptDisable() {
        PciIntxDevice d = device("pci-2.3", "INTA", Trigger.LEVEL_HIGH);
        d.dataArrives();
        assertTrue(d.lineLevel());
        d.config().write(Pci.COMMAND, 2, Pci.COMMAND_INTX_DISABLE);
        assertFalse(d.lineLevel());
        assertTrue(statusBit(d));
        assertEquals(Pci.COMMAND_INTX_DISABLE, d.config().read(Pci.COMMAND, 2));
        assertEquals(Pci.COMMAND_INTX_DISABLE | (Pci.STATUS_INTERRUPT << 16), d.config().read(Pci.COMMAND, 4),
                "the command/status dword pci_check_and_set_intx_mask reads");
        d.config().write(Pci.COMMAND + 1, 1, 0);
        assertTrue(d.lineLevel(), "a byte write of the command's high half clears bit 10");
    }

    @Test
    @DisplayName("before PCI 2.3: Interrupt Disable reads 0 and does nothing; Interrupt Status is reserved (0)")
    void pre23() {
        PciIntxDevice d = device("pre-2.3", "INTA", Trigger.LEVEL_HIGH);
        d.config().write(Pci.COMMAND, 2, Pci.COMMAND_INTX_DISABLE | 0x2);
        assertEquals(0x2, d.config().read(Pci.COMMAND, 2));
        d.dataArrives();
        assertTrue(d.lineLevel());
        assertFalse(statusBit(d));
    }

    @Test
    @DisplayName("broken masking: the bit reads back but INTx stays asserted")
    void broken() {
        PciIntxDevice d = device("broken", "INTA", Trigger.LEVEL_HIGH);
        d.dataArrives();
        d.config().write(Pci.COMMAND, 2, Pci.COMMAND_INTX_DISABLE);
        assertTrue(d.intxDisabled());
        assertTrue(d.lineLevel());
    }

    @Test
    @DisplayName("Interrupt Pin reads 1..4 for INTA..INTD; Interrupt Line is scratch")
    void pinAndLine() {
        assertEquals(3, device("pci-2.3", "INTC", Trigger.LEVEL_HIGH).config().read(Pci.INTERRUPT_PIN, 1));
        PciIntxDevice d = device("pci-2.3", "INTA", Trigger.LEVEL_HIGH);
        d.config().write(Pci.INTERRUPT_LINE, 1, 16);
        assertEquals(0x0110, d.config().read(Pci.INTERRUPT_LINE, 2));
    }

    @Test
    @DisplayName("routing: pci_swizzle_interrupt_pin (pin - 1 + slot) % 4 + 1, then the bridge's INTA..INTD lines")
    void routing() {
        assertEquals(1, PciHostBridge.swizzle(0, 1));
        assertEquals(4, PciHostBridge.swizzle(3, 1));
        assertEquals(1, PciHostBridge.swizzle(1, 4));
        PciHostBridge bridge = new PciHostBridge(List.of(16, 17, 18, 19), Trigger.LEVEL_LOW, "test");
        assertEquals(16, bridge.line(4, 1));
        assertEquals(19, bridge.line(2, 2));
        assertThrows(IllegalArgumentException.class, () -> PciHostBridge.swizzle(0, 5));
        assertThrows(IllegalArgumentException.class, () -> PciHostBridge.swizzle(32, 1));
    }

    @Test
    @DisplayName("pci_common_swizzle: swizzled at every bridge up to the root bus, then the host bridge's routing")
    void routingThroughBridges() {
        PciHostBridge bridge = new PciHostBridge(List.of(16, 17, 18, 19), Trigger.LEVEL_LOW, "test");
        // behind a root port in slot 28: device 0's INTB stays INTB at the port, (2 - 1 + 28) % 4 + 1 = INTB -> 17
        assertEquals(new PciIntxPin(List.of(), 28, 2), new PciIntxPin(List.of(28), 0, 2).atRootBus());
        assertEquals(17, bridge.line(new PciIntxPin(List.of(28), 0, 2)));
        // a switch: root port 1, upstream port 0, downstream port 2, endpoint device 0 INTB:
        // at the downstream port's bus INTB; the downstream port (slot 2) turns it into INTD; the upstream
        // port (slot 0) keeps INTD; root port slot 1 INTD -> (4 - 1 + 1) % 4 + 1 = INTA -> 16
        assertEquals(new PciIntxPin(List.of(), 1, 4), new PciIntxPin(List.of(1, 0, 2), 0, 2).atRootBus());
        assertEquals(16, bridge.line(new PciIntxPin(List.of(1, 0, 2), 0, 2)));
        // on the root bus the pin is the function's own
        assertEquals(bridge.line(4, 3), bridge.line(new PciIntxPin(List.of(), 4, 3)));
        assertEquals("slot 1/0/2/0 INTB", new PciIntxPin(List.of(1, 0, 2), 0, 2).toString());
    }

    @Test
    @DisplayName("pci-intx places its INTx from slot, bridges and interrupt-pin; a bridge path out of range is refused")
    void pciIntxPinFromConfig() {
        PciIntxDeviceFactory f = new PciIntxDeviceFactory();
        Map<String, Object> cfg = new TreeMap<>(Config.defaults(f.schema()).values());
        assertEquals(new PciIntxPin(List.of(), 0, 1), f.pciIntxPin(Config.of(cfg)).orElseThrow(), "slot 0 INTA, root bus");
        cfg.put(PciIntxDeviceFactory.BRIDGES, "1/0/2");
        cfg.put(PciIntxDeviceFactory.SLOT, 3L);
        cfg.put(PciIntxDeviceFactory.INTERRUPT_PIN, "INTD");
        assertEquals(new PciIntxPin(List.of(1, 0, 2), 3, 4), f.pciIntxPin(Config.of(cfg)).orElseThrow());
        for (String bad : List.of("32", "1//2", "x", "-1", "/")) {
            cfg.put(PciIntxDeviceFactory.BRIDGES, bad);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> f.pciIntxPin(Config.of(cfg)), bad);
            assertTrue(e.getMessage().contains("allowed: device numbers 0..31"), e.getMessage());
        }
    }

    @Test
    @DisplayName("Vendor and Device ID read as configured, read-only (6.2.1); no-status: Interrupt Disable gates INTx "
            + "but Interrupt Status never sets")
    void idsAndNoStatus() {
        Map<String, Object> cfg = new TreeMap<>(Config.defaults(new PciIntxDeviceFactory().schema()).values());
        cfg.put(PciIntxDeviceFactory.INTX_MASKING, "no-status");
        cfg.put(PciIntxDeviceFactory.VENDOR_ID, 0x8086L);
        cfg.put(PciIntxDeviceFactory.DEVICE_ID, 0x1563L);
        PciIntxDevice d = new PciIntxDevice(new DeviceContext(harness.sim(), "x550", Trigger.LEVEL_HIGH, Config.of(cfg)));
        assertEquals(0x15638086, d.config().read(Pci.VENDOR_ID, 4));
        d.config().write(Pci.VENDOR_ID, 4, 0);
        assertEquals(0x8086, d.config().read(Pci.VENDOR_ID, 2), "read-only");
        d.dataArrives();
        assertTrue(d.lineLevel());
        assertFalse(statusBit(d), "the defect vfio_pci_nointx names");
        d.config().write(Pci.COMMAND, 2, Pci.COMMAND_INTX_DISABLE);
        assertFalse(d.lineLevel(), "Interrupt Disable works");
        PciIntxDevice plain = device("pci-2.3", "INTA", Trigger.LEVEL_HIGH);
        assertEquals(0x00051b36, plain.config().read(Pci.VENDOR_ID, 4), "default: QEMU's test device, in no quirk list");
    }
}
