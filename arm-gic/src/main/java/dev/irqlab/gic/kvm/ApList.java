package dev.irqlab.gic.kvm;

import java.util.Arrays;
import java.util.Comparator;

/**
 * One vCPU's ap_list ({@code vgic_cpu.ap_list_head}) in the kernel's order: queued at the tail
 * ({@code vgic_queue_irq_unlock}: {@code list_add_tail}), pruned in place ({@code vgic_prune_ap_list}),
 * sorted only by {@link #sort} ({@code list_sort}, stable).
 *
 * <p>The kernel walks the whole list at every exit (the prune) and, up to 6.18, sorts it at every
 * entry while it holds more than the list registers ({@code vgic_flush_lr_state}). The model gives
 * the same order and prunes the same interrupts without those walks: every change of an interrupt's
 * state that can move it in {@link #AP_ORDER} or change its target ({@link Vgic#targetOracle}) is
 * reported ({@link #touched}), and only those interrupts are looked at again. Between reports an
 * interrupt keeps its key and its target, so a list found in order stays in order but around the
 * interrupts reported and the gaps the prune leaves, and an interrupt found on its target stays there.
 */
final class ApList {

    /**
     * vgic.c {@code vgic_irq_cmp} up to 6.18 as one number per interrupt, lower first: active, then
     * enabled and pending by priority, then the rest (ties equal: the stable sort keeps their order).
     */
    static final Comparator<VgicIrq> AP_ORDER = Comparator.comparingInt(ApList::orderKey);

    private final int vcpu;
    /**
     * The entries, at {@code irqs[head..end)}: an entry's {@link VgicIrq#apIndex} is its slot. A removal
     * moves the shorter side of the list, so taking an entry off near the head (where the sort puts the
     * interrupts being handled) moves the few before it, not the many after.
     */
    private VgicIrq[] irqs = new VgicIrq[16];
    private int head;
    private int end;

    /**
     * Whether {@link #AP_ORDER} held for every adjacent pair at the last {@link #inOrder}, and still
     * holds for every pair but those next to {@link #orderSuspects}.
     */
    private boolean ordered = true;
    /** Interrupts whose key may have changed, or that got a new left neighbour, since {@link #inOrder}. */
    private final Reports orderSuspects = new Reports();
    /** Interrupts whose target may have changed since the last prune ({@link #startPrune}). */
    private final Reports pruneSuspects = new Reports();
    /** Every interrupt's target may have changed (the distributor was enabled or disabled). */
    private boolean pruneAll;
    /** What {@link #startPrune} found leaving. */
    private VgicIrq[] leaving = new VgicIrq[8];
    /** {@link #remove(VgicIrq)}'s argument as an array. */
    private final VgicIrq[] one = new VgicIrq[1];

    /**
     * Longest list walked whole rather than tracked: reporting every change costs more than a walk of
     * a few entries, and a list that fits the list registers is not even sorted.
     */
    static final int WALKED = 16;
    private int walked = WALKED;
    /** The list is longer than {@link #walked}: changes are reported and the checks use the reports. */
    private boolean tracking;

    /** Tests: each answer of the tracking is checked against the kernel's walk ({@link #checkAgainstWalks}). */
    private boolean checked;
    /** In check mode: order checks answered from the reports, and prunes that took interrupts off from them. */
    long orderChecks;
    long targetedPrunes;

    ApList(int vcpu) {
        this.vcpu = vcpu;
    }

    /** {@link #AP_ORDER}'s key. */
    static int orderKey(VgicIrq irq) {
        if (irq.active) {
            return -1;
        }
        return irq.enabled && irq.isPending() ? irq.priority : Integer.MAX_VALUE;
    }

    /**
     * From now on, {@link #inOrder} and {@link #startPrune} also walk the whole list as the kernel does
     * and throw when the answers differ: a change of state not reported through {@link #touched}. The
     * list is tracked while longer than {@code walkedLongest} entries (a test's lists are short).
     */
    void checkAgainstWalks(int walkedLongest) {
        checked = true;
        walked = walkedLongest;
    }

    int size() {
        return end - head;
    }

    VgicIrq get(int i) {
        return irqs[head + i];
    }

    /** {@code list_add_tail}. The caller has checked that the interrupt targets this vCPU. */
    void add(VgicIrq irq) {
        if (end == irqs.length) {
            int size = size();
            VgicIrq[] to = 2 * size > irqs.length ? new VgicIrq[2 * irqs.length] : irqs;
            System.arraycopy(irqs, head, to, 0, size);
            if (to == irqs) {
                Arrays.fill(irqs, size, end, null);
            }
            irqs = to;
            head = 0;
            end = size;
            renumber(0, size);
        }
        irq.apIndex = end;
        irqs[end++] = irq;
        if (tracking) {
            suspectOrder(irq);
        } else if (size() > walked) {
            // Nothing was reported so far: the first check and prune walk the whole list.
            tracking = true;
            ordered = false;
            pruneAll = true;
        }
    }

    /** A list down to half the longest walked is walked again, its reports dropped. */
    private void shrunk() {
        if (tracking && size() <= walked / 2) {
            tracking = false;
            orderSuspects.clear();
            pruneSuspects.clear();
            pruneAll = false;
        }
    }

    private void renumber(int from, int to) {
        for (int i = from; i < to; i++) {
            irqs[i].apIndex = i;
        }
    }

    /** Whether {@code irq} is on this list. */
    private boolean holds(VgicIrq irq) {
        int i = irq.apIndex;
        return irq.vcpu == vcpu && i >= head && i < end && irqs[i] == irq;
    }

    /** The state of {@code irq}, on this list, changed: its key or its target may have. */
    void touched(VgicIrq irq) {
        if (tracking) {
            orderSuspects.add(irq);
            pruneSuspects.add(irq);
        }
    }

    /** The target of every interrupt on the list may have changed. */
    void allTouched() {
        pruneAll = true;
        ordered = false;
    }

    private void suspectOrder(VgicIrq irq) {
        if (tracking) {
            orderSuspects.add(irq);
        }
    }

    private static VgicIrq[] push(VgicIrq[] a, int at, VgicIrq irq) {
        VgicIrq[] b = at == a.length ? Arrays.copyOf(a, 2 * at) : a;
        b[at] = irq;
        return b;
    }

    /**
     * Whether a stable sort by {@link #AP_ORDER} would leave the list as it is: the pairs next to the
     * interrupts reported since the last call, or every pair when the list was not in order then.
     */
    boolean inOrder() {
        if (ordered && tracking) {
            if (checked) {
                orderChecks++;
            }
            for (int s = 0; s < orderSuspects.count && ordered; s++) {
                VgicIrq irq = orderSuspects.irqs[s];
                if (holds(irq)) {
                    int i = irq.apIndex;
                    int key = orderKey(irq);
                    ordered = (i == head || orderKey(irqs[i - 1]) <= key)
                            && (i == end - 1 || key <= orderKey(irqs[i + 1]));
                }
            }
        } else {
            ordered = walkInOrder();
        }
        orderSuspects.clear();
        if (checked && ordered != walkInOrder()) {
            throw new IllegalStateException("vcpu" + vcpu + " ap_list: the order check missed a change");
        }
        return ordered;
    }

    private boolean walkInOrder() {
        for (int i = head + 1; i < end; i++) {
            if (orderKey(irqs[i - 1]) > orderKey(irqs[i])) {
                return false;
            }
        }
        return true;
    }

    /** {@code list_sort}: a stable sort. */
    void sort(Comparator<VgicIrq> order) {
        Arrays.sort(irqs, head, end, order);
        renumber(head, end);
        ordered = order == AP_ORDER;
        orderSuspects.clear();
    }

    /**
     * Starts a prune and consumes the reports: -1 when every entry must be looked at (the distributor
     * was switched since the last prune); else the number of reported interrupts still on the list
     * whose target is no longer this vCPU, put in {@link #leaving} in list order. Reports made during
     * the prune (a migration's kick) are kept for the next one.
     */
    int startPrune(Vgic vgic) {
        if (pruneAll || !tracking) {
            pruneAll = false;
            pruneSuspects.clear();
            return -1;
        }
        int n = 0;
        for (int s = 0; s < pruneSuspects.count; s++) {
            VgicIrq irq = pruneSuspects.take(s);
            if (holds(irq) && vgic.targetOracle(irq) != vcpu) {
                leaving = push(leaving, n++, irq);
            }
        }
        pruneSuspects.count = 0;
        for (int i = 1; i < n; i++) { // list order: few entries
            VgicIrq irq = leaving[i];
            int j = i;
            for (; j > 0 && leaving[j - 1].apIndex > irq.apIndex; j--) {
                leaving[j] = leaving[j - 1];
            }
            leaving[j] = irq;
        }
        if (checked) {
            checkLeaving(vgic, n);
            targetedPrunes += n > 0 ? 1 : 0;
        }
        return n;
    }

    private void checkLeaving(Vgic vgic, int n) {
        int k = 0;
        for (int i = head; i < end; i++) {
            if (vgic.targetOracle(irqs[i]) != vcpu && (k >= n || leaving[k++] != irqs[i])) {
                throw new IllegalStateException("vcpu" + vcpu + " ap_list: the prune missed a change of intid "
                        + irqs[i].intid);
            }
        }
        if (k != n) {
            throw new IllegalStateException("vcpu" + vcpu + " ap_list: the prune takes an interrupt that stays");
        }
    }

    /** The {@code i}th interrupt {@link #startPrune} found leaving. */
    VgicIrq leaving(int i) {
        return leaving[i];
    }

    /** Removes the {@code n} interrupts {@link #startPrune} found leaving. */
    void removeLeaving(int n) {
        remove(leaving, n);
        Arrays.fill(leaving, 0, n, null);
    }

    /**
     * Takes off {@code which[0..n)}, entries of the list in list order, moving the shorter side. An
     * entry that gets a new left neighbour is an order suspect.
     */
    private void remove(VgicIrq[] which, int n) {
        int first = which[0].apIndex;
        int last = which[n - 1].apIndex;
        if (first - head <= end - 1 - last) {
            // Towards the tail: the entries before the last one taken move right.
            int to = last;
            int k = n - 1;
            for (int i = last; i >= head; i--) {
                VgicIrq irq = irqs[i];
                if (k >= 0 && which[k] == irq) {
                    k--;
                    if (to + 1 < end) {
                        suspectOrder(irqs[to + 1]);
                    }
                    continue;
                }
                irq.apIndex = to;
                irqs[to--] = irq;
            }
            Arrays.fill(irqs, head, to + 1, null);
            head = to + 1;
            shrunk();
        } else {
            int to = first;
            int k = 0;
            boolean gap = false;
            for (int i = first; i < end; i++) {
                VgicIrq irq = irqs[i];
                if (k < n && which[k] == irq) {
                    k++;
                    gap = true;
                    continue;
                }
                irq.apIndex = to;
                irqs[to++] = irq;
                if (gap) {
                    suspectOrder(irq);
                    gap = false;
                }
            }
            Arrays.fill(irqs, to, end, null);
            end = to;
            shrunk();
        }
    }

    /**
     * Interrupts reported to one of the list's checks since it last looked, each once: a mark per SPI
     * (by INTID) says it is in. An entry stays when its interrupt leaves the list; it is then skipped
     * ({@link #holds}), and one that came back and was reported again is still looked at once.
     */
    static final class Reports {
        private VgicIrq[] irqs = new VgicIrq[16];
        private boolean[] marked = new boolean[0];
        int count;

        void add(VgicIrq irq) {
            int i = irq.intid - 32;
            if (i >= marked.length) {
                marked = Arrays.copyOf(marked, Math.max(i + 1, 2 * marked.length));
            }
            if (!marked[i]) {
                marked[i] = true;
                irqs = push(irqs, count++, irq);
            }
        }

        /** Report {@code i}, consumed. */
        VgicIrq take(int i) {
            VgicIrq irq = irqs[i];
            irqs[i] = null;
            marked[irq.intid - 32] = false;
            return irq;
        }

        void clear() {
            for (int i = 0; i < count; i++) {
                take(i);
            }
            count = 0;
        }
    }

    /** Removes the entries whose {@code keep[i]} ({@code i} from the head) is false, the rest keeping their order. */
    void removeWhere(boolean[] keep) {
        int n = 0;
        for (int i = 0; i < size(); i++) {
            if (!keep[i]) {
                leaving = push(leaving, n++, irqs[head + i]);
            }
        }
        if (n > 0) {
            removeLeaving(n);
        }
    }

    /** {@code list_del} of one entry; nothing if it is not on the list. */
    void remove(VgicIrq irq) {
        if (holds(irq)) {
            one[0] = irq;
            remove(one, 1);
            one[0] = null;
        }
    }

    /** The entries, in order, as a new array. */
    VgicIrq[] toArray() {
        return Arrays.copyOfRange(irqs, head, end);
    }
}
