package dev.irqlab.genirq;

import java.util.Locale;

/**
 * kernel/irq/spurious.c {@code __report_bad_irq} (Kingxukai/linux 9b44fff6, ≈ v6.17), called by
 * {@code note_interrupt} when 99,900 of 100,000 interrupts of a line went unhandled, before it prints
 * "Disabling IRQ #N". Its printk records, in order:
 *
 * <pre>
 * irq 1: nobody cared (try booting with the "irqpoll" option)      pr_err   genirq.nobody_cared
 * (dump_stack)                                                      not modelled, see below
 * handlers:                                                         pr_err   genirq.bad_irq_handlers
 * [&lt;00000000f1e2d3c4&gt;] irq_default_primary_handler threaded [&lt;000000001a2b3c4d&gt;] elan_isr
 * </pre>
 *
 * One line per action of the descriptor in list order ({@code for_each_action_of_desc}):
 * {@code pr_err("[<%p>] %ps", action->handler, action->handler)}, then
 * {@code pr_cont(" threaded [<%p>] %ps", ...)} when the action has a {@code thread_fn}. The
 * {@code handlers:} record and the action lines are one trace message (they print at the same instant;
 * the kernel log writer timestamps each line).
 *
 * <p>How the two parts of an entry are rendered:
 * <ul>
 * <li>{@code %ps}: the function's symbol without offset. The model's functions are named by the plugin
 * that requests the irq ({@code IrqHandler.named}); genirq's own are {@code irq_default_primary_handler}
 * (a threaded request with a NULL handler, and every forced-threaded action) and the driver's handler as
 * the forced thread's {@code thread_fn} (kernel/irq/manage.c {@code irq_setup_forced_threading}). A
 * function given no name has no symbol: {@code %ps} then prints the address, {@code 0x} and 16 hex
 * digits (lib/vsprintf.c {@code symbol_string} → {@code sprint_symbol_no_offset}: "0x%lx" when kallsyms
 * finds nothing), here the stand-in address below.</li>
 * <li>{@code %p}: a hashed pointer (lib/vsprintf.c {@code ptr_to_id}: {@code siphash_1u64} of the
 * address under {@code ptr_key}, a random key filled once per boot, masked to its low 32 bits on 64-bit,
 * printed zero-padded to 16 hex digits). The model has no addresses and no siphash key: it prints the
 * low 32 bits of a 64-bit mix of the symbol with a key drawn from the run's seeded random stream
 * "{@code <kernel> ptr_key}". Like the kernel's, the value is the same for the same function within
 * one boot (two actions of one driver print the same value), differs between functions, and says
 * nothing about the address; unlike it, the same seed gives the same value.</li>
 * </ul>
 *
 * <p>{@code dump_stack()} is not printed. Its lines are the interrupted task's CPU, PID and
 * {@code comm}, the build's release and version string, the firmware's "Hardware name", then the call
 * trace with each frame's offset and size in the build's symbol table ({@code handle_fasteoi_irq+0x9c/0x220})
 * and the arch's entry frames below the interrupt: none of these exists in the model, and frames with
 * made-up offsets would read as a real kernel's. The {@code bad_action_ret} form ("irq event %d: bogus
 * return value %x") cannot occur: a model handler returns an {@code IrqReturn}.
 */
final class BadIrqReport {

    private final KernelTrace trace;
    /** {@code ptr_key}, drawn on first use. */
    private long ptrKey;
    private boolean keyed;

    BadIrqReport(KernelTrace trace) {
        this.trace = trace;
    }

    /** The records of {@code __report_bad_irq(desc, IRQ_NONE)}. */
    void report(IrqDesc desc) {
        trace.message("genirq.nobody_cared",
                "irq " + desc.irq + ": nobody cared (try booting with the \"irqpoll\" option)");
        StringBuilder b = new StringBuilder("handlers:");
        for (IrqAction a : desc.actions) {
            b.append('\n');
            entry(b, a.handlerSymbol, a.name + " handler");
            if (a.threadFn != null) {
                b.append(" threaded ");
                entry(b, a.threadSymbol, a.name + " thread_fn");
            }
        }
        trace.message("genirq.bad_irq_handlers", b.toString());
    }

    /** {@code "[<%p>] %ps"} of one function: {@code symbol}, or {@code anonymous} when it has none. */
    private void entry(StringBuilder b, String symbol, String anonymous) {
        long address = mix(fnv1a(symbol != null ? symbol : anonymous));
        b.append("[<").append(String.format(Locale.ROOT, "%016x", hashed(address))).append(">] ");
        b.append(symbol != null ? symbol : String.format(Locale.ROOT, "0x%016x", address));
    }

    /** {@code ptr_to_id} on 64-bit: the keyed hash masked to 32 bits. */
    private long hashed(long address) {
        if (!keyed) {
            ptrKey = trace.random("ptr_key").nextLong();
            keyed = true;
        }
        return mix(address ^ ptrKey) & 0xffff_ffffL;
    }

    private static long fnv1a(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h = (h ^ s.charAt(i)) * 0x100000001b3L;
        }
        return h;
    }

    /** The SplitMix64 finaliser: a 64-bit bijection that spreads every input bit. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
