package dev.irqlab.tck;

import dev.irqlab.api.controller.CpuIrqLine;
import dev.irqlab.api.controller.IrqChip;
import dev.irqlab.api.controller.PhysicalInterruptController;
import dev.irqlab.api.controller.PinState;
import dev.irqlab.api.controller.Registers;
import dev.irqlab.api.irq.LineSink;
import dev.irqlab.api.plugin.ControllerContext;
import dev.irqlab.api.plugin.PhysicalControllerFactory;
import dev.irqlab.tck.doubles.ToyPic;

/**
 * A deliberately broken controller: the kit's {@link ToyPic} with its CPU output cut, so it never
 * signals a CPU (acknowledge still works). It must fail the physical-controller contract's delivery
 * tests and pass the rest.
 */
final class BrokenPicFactory implements PhysicalControllerFactory {

    @Override
    public PhysicalInterruptController create(ControllerContext context) {
        ToyPic pic = new ToyPic();
        return new PhysicalInterruptController() {
            @Override
            public int hwirqForLine(int line) {
                return pic.hwirqForLine(line);
            }

            @Override
            public LineSink input(int hwirq) {
                return pic.input(hwirq);
            }

            @Override
            public String name() {
                return "broken";
            }

            @Override
            public IrqChip chip() {
                return pic.chip();
            }

            @Override
            public void connectCpu(int cpu, CpuIrqLine line) {
                pic.connectCpu(cpu, asserted -> { }); // the bug: the CPU never hears of an interrupt
            }

            @Override
            public int acknowledge(int cpu) {
                return pic.acknowledge(cpu);
            }

            @Override
            public PinState state(int hwirq) {
                return pic.state(hwirq);
            }

            @Override
            public Registers registers() {
                return pic.registers();
            }
        };
    }
}
