/*
 * kvm-roundtrip: the real interrupt round trip on this machine's /dev/kvm, as fast as a host can
 * drive it, for the alternating benchmark of issue 18 (benchmarks: KvmAlternation).
 *
 * A VM with the in-kernel irqchip and one vCPU in flat 32-bit protected mode. A level device on an
 * IO-APIC pin is forwarded the way vfio-pci INTx does it (drivers/vfio/pci/vfio_pci_intx.c): the
 * device asserts, vfio masks its host line (automask) and signals the irqfd trigger (KVM_IRQFD with
 * KVM_IRQFD_FLAG_RESAMPLE); when KVM signals the resamplefd, vfio unmasks
 * (vfio_pci_intx_unmask), and a device still asserted fires again at once. The guest's handler is
 * Linux's flow: ONESHOT (handle_fasteoi_irq with IRQS_ONESHOT: mask the entry through IOREGSEL /
 * IOWIN and read it back as io_apic_sync does, LAPIC EOI, the thread services the device,
 * irq_finalize_oneshot unmasks) or plain level (the handler services the device, then EOI).
 *
 * Only two exits per interrupt reach this host: the guest's "thread" marker, where the host's device
 * is serviced, and its "done" marker. Everything else (MMIO to the IO-APIC and LAPIC, hlt, the
 * injection) stays in the kernel. The guest idles in hlt, so no idle loop exits either. One round
 * trip = the device asserts, every interrupt it causes is taken and done, the device is serviced
 * and no re-fire is outstanding. Spurious interrupts (taken while the device has nothing) are
 * counted and belong to the round trip that caused them.
 *
 * usage: kvm-roundtrip oneshot|level EVENTS [PIN]
 * prints one line of key=value pairs; exit 0 when the run completed, 2 when this machine cannot run
 * it (the reason on stdout, starting "skipped:"), 1 on any failure.
 *
 * This is a measuring tool, not a model: no irqlab rule depends on it. Never run it at a real-time
 * priority (chrt -f): KVM injects from a kernel worker that the spinning caller would starve.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define RAM_SIZE 0x200000
#define GDT 0x500
#define PARAMS 0x600 /* IOREGSEL value of the pin's low dword, the entry unmasked, the entry masked */
#define LOAD 0x1000
#define STACK 0x7000
#define IDT 0x8000

/* A bound on a hung guest, not a performance figure: on a loaded host the kworker that injects, or
 * this process, may wait for a CPU long enough that a tighter bound fails a run that is only slow. */
#define ROUND_TIMEOUT_S 20
#define P_READY 0x11
#define P_THREAD 0x15
#define P_DONE 0x17
#define P_UNEXPECTED 0x18

/*
 * The guest. Position independent except for the fixed guest-physical addresses (PARAMS, the
 * IO-APIC at 0xfec00000, the LAPIC at 0xfee00000), so it runs wherever it is copied to (LOAD).
 * The handlers never iret: KVM's instruction emulator, which runs every instruction of a non-PVM
 * guest on kvm_pvm, lacks protected-mode IRET (shared/tools/kvm-probe); they drop the three-dword
 * frame and go back to the idle loop, where they always interrupted the guest.
 */
__asm__(
    ".pushsection .rodata\n"
    ".code32\n"
    ".globl guest_start, guest_oneshot, guest_level, guest_unexpected, guest_end\n"
    "guest_start:\n"
    "  mov $0xff, %al\n"
    "  out %al, $0x21\n"              /* mask both 8259s */
    "  out %al, $0xa1\n"
    "  movl $0x1ff, 0xfee000f0\n"     /* SPIV: APIC software enabled (setup_local_APIC) */
    "  movl $0x10000, 0xfee00350\n"   /* LVT0 masked */
    "  movl $0x10000, 0xfee00360\n"   /* LVT1 masked */
    "  movl 0x604, %eax\n"            /* the pin's entry: high dword 0 (destination APIC 0) */
    "  movl 0x600, %ebx\n"
    "  inc %ebx\n"
    "  movl %ebx, 0xfec00000\n"
    "  movl $0, 0xfec00010\n"
    "  movl 0x600, %ebx\n"            /* low dword: vector, fixed, level, unmasked */
    "  movl %ebx, 0xfec00000\n"
    "  movl %eax, 0xfec00010\n"
    "  out %al, $0x11\n"              /* ready */
    "idle:\n"
    "  sti\n"
    "  hlt\n"
    "  jmp idle\n"
    "guest_oneshot:\n"
    "  movl 0x600, %eax\n"            /* mask_ioapic_irq: IOREGSEL, IOWIN, io_apic_sync read */
    "  movl %eax, 0xfec00000\n"
    "  movl 0x608, %eax\n"
    "  movl %eax, 0xfec00010\n"
    "  movl 0xfec00010, %eax\n"
    "  movl $0, 0xfee000b0\n"         /* ioapic_ack_level -> apic_eoi */
    "  out %al, $0x15\n"              /* the irq thread: the host's device is serviced */
    "  movl 0x600, %eax\n"            /* irq_finalize_oneshot -> unmask_ioapic_irq */
    "  movl %eax, 0xfec00000\n"
    "  movl 0x604, %eax\n"
    "  movl %eax, 0xfec00010\n"
    "  out %al, $0x17\n"              /* done */
    "  add $12, %esp\n"
    "  jmp idle\n"
    "guest_level:\n"
    "  out %al, $0x15\n"              /* the handler services the device */
    "  movl $0, 0xfee000b0\n"         /* then EOI */
    "  out %al, $0x17\n"
    "  add $12, %esp\n"
    "  jmp idle\n"
    "guest_unexpected:\n"
    "  out %al, $0x18\n"
    "  cli\n"
    "  hlt\n"
    "guest_end:\n"
    ".code64\n"
    ".popsection\n");

extern const unsigned char guest_start[], guest_oneshot[], guest_level[], guest_unexpected[], guest_end[];

static void die(const char *what) {
    printf("error: %s: %s\n", what, strerror(errno));
    exit(1);
}

static void skip(const char *why) {
    printf("skipped: %s\n", why);
    exit(2);
}

static void on_alarm(int sig) {
    (void)sig; /* KVM_RUN returns EINTR: the round did not finish in time */
}

static uint32_t gate_offset(const unsigned char *label) {
    return LOAD + (uint32_t)(label - guest_start);
}

static void gate(unsigned char *ram, int vector, uint32_t handler) {
    uint64_t g = (handler & 0xffffu) | (uint64_t)0x08 << 16 | (uint64_t)0x8e00 << 32
                 | (uint64_t)(handler >> 16) << 48; /* 32-bit interrupt gate, selector 0x08, DPL 0 */
    memcpy(ram + IDT + 8 * vector, &g, 8);
}

static void flat(struct kvm_segment *s, int code) {
    memset(s, 0, sizeof(*s));
    s->limit = 0xffffffff;
    s->selector = code ? 0x08 : 0x10;
    s->type = code ? 0xb : 0x3;
    s->present = 1;
    s->db = 1;
    s->s = 1;
    s->g = 1;
}

static uint64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static int cmp_u64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
    if (argc < 3 || argc > 4 || (strcmp(argv[1], "oneshot") && strcmp(argv[1], "level"))) {
        fprintf(stderr, "usage: kvm-roundtrip oneshot|level EVENTS [PIN]\n");
        return 1;
    }
    int oneshot = !strcmp(argv[1], "oneshot");
    long events = atol(argv[2]);
    int pin = argc > 3 ? atoi(argv[3]) : 16;
    int vector = 0x30;
    if (events < 1 || pin < 1 || pin > 23 || pin == 2) {
        fprintf(stderr, "EVENTS >= 1, PIN 1..23 except 2\n");
        return 1;
    }

    int kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
    if (kvm < 0) {
        char why[160];
        snprintf(why, sizeof(why), "cannot open /dev/kvm: %s", strerror(errno));
        skip(why);
    }
    if (ioctl(kvm, KVM_GET_API_VERSION, 0) != KVM_API_VERSION) {
        skip("unexpected KVM API version");
    }
    if (ioctl(kvm, KVM_CHECK_EXTENSION, KVM_CAP_IRQCHIP) <= 0) skip("KVM lacks KVM_CAP_IRQCHIP");
    if (ioctl(kvm, KVM_CHECK_EXTENSION, KVM_CAP_IRQFD) <= 0) skip("KVM lacks KVM_CAP_IRQFD");
    if (ioctl(kvm, KVM_CHECK_EXTENSION, KVM_CAP_IRQFD_RESAMPLE) <= 0) skip("KVM lacks KVM_CAP_IRQFD_RESAMPLE");

    int vm = ioctl(kvm, KVM_CREATE_VM, 0);
    if (vm < 0) die("KVM_CREATE_VM");
    ioctl(vm, KVM_SET_TSS_ADDR, 0xfffbd000ul); /* VMX needs it below 4 GiB; other backends may refuse */
    if (ioctl(vm, KVM_CREATE_IRQCHIP, 0) < 0) die("KVM_CREATE_IRQCHIP");

    unsigned char *ram = mmap(NULL, RAM_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (ram == MAP_FAILED) die("mmap guest RAM");
    struct kvm_userspace_memory_region region = {
        .slot = 0, .guest_phys_addr = 0, .memory_size = RAM_SIZE, .userspace_addr = (uintptr_t)ram};
    if (ioctl(vm, KVM_SET_USER_MEMORY_REGION, &region) < 0) die("KVM_SET_USER_MEMORY_REGION");

    memcpy(ram + LOAD, guest_start, (size_t)(guest_end - guest_start));
    uint64_t gdt[3] = {0, 0x00cf9a000000ffffull, 0x00cf92000000ffffull}; /* null, flat code, flat data */
    memcpy(ram + GDT, gdt, sizeof(gdt));
    uint32_t params[3] = {0x10 + 2 * (uint32_t)pin, (uint32_t)vector | 0x8000, (uint32_t)vector | 0x8000 | 0x10000};
    memcpy(ram + PARAMS, params, sizeof(params));
    for (int v = 0; v < 256; v++) {
        gate(ram, v, v == vector ? gate_offset(oneshot ? guest_oneshot : guest_level) : gate_offset(guest_unexpected));
    }

    int vcpu = ioctl(vm, KVM_CREATE_VCPU, 0);
    if (vcpu < 0) die("KVM_CREATE_VCPU");
    int run_size = ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
    if (run_size <= 0) die("KVM_GET_VCPU_MMAP_SIZE");
    struct kvm_run *run = mmap(NULL, (size_t)run_size, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0);
    if (run == MAP_FAILED) die("mmap kvm_run");

    struct kvm_sregs sregs;
    if (ioctl(vcpu, KVM_GET_SREGS, &sregs) < 0) die("KVM_GET_SREGS");
    flat(&sregs.cs, 1);
    flat(&sregs.ds, 0);
    flat(&sregs.es, 0);
    flat(&sregs.fs, 0);
    flat(&sregs.gs, 0);
    flat(&sregs.ss, 0);
    sregs.gdt.base = GDT;
    sregs.gdt.limit = sizeof(gdt) - 1;
    sregs.idt.base = IDT;
    sregs.idt.limit = 256 * 8 - 1;
    sregs.cr0 = 0x31; /* PE | ET | NE */
    if (ioctl(vcpu, KVM_SET_SREGS, &sregs) < 0) die("KVM_SET_SREGS");
    struct kvm_regs regs;
    memset(&regs, 0, sizeof(regs));
    regs.rip = LOAD;
    regs.rsp = STACK;
    regs.rflags = 0x2;
    if (ioctl(vcpu, KVM_SET_REGS, &regs) < 0) die("KVM_SET_REGS");

    int trigger = eventfd(0, EFD_CLOEXEC);
    int resample = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (trigger < 0 || resample < 0) die("eventfd");
    struct kvm_irqfd irqfd = {.fd = (uint32_t)trigger, .gsi = (uint32_t)pin, .flags = KVM_IRQFD_FLAG_RESAMPLE,
                              .resamplefd = (uint32_t)resample};
    if (ioctl(vm, KVM_IRQFD, &irqfd) < 0) die("KVM_IRQFD");

    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_alarm; /* no SA_RESTART: KVM_RUN comes back with EINTR */
    sigaction(SIGALRM, &sa, NULL);

    uint64_t *trip = calloc((size_t)events, sizeof(uint64_t));
    if (!trip) die("calloc");
    long interrupts = 0, spurious = 0, resamples = 0, exits = 0;
    int ready = 0;
    uint64_t one = 1, count;
    uint64_t t0 = 0;

    for (long round = -1; round < events; round++) { /* round -1: the guest's init, up to "ready" */
        int asserted = 0;
        long fired = 0, taken = 0, done = 0, acked = 0;
        uint64_t start = now_ns();
        if (round == 0) t0 = start;
        if (round >= 0) {
            asserted = 1; /* the device asserts: vfio_intx_handler automasks, signals the trigger */
            if (write(trigger, &one, 8) != 8) die("write trigger");
            fired = 1;
        }
        alarm(ROUND_TIMEOUT_S);
        for (;;) {
            if (ioctl(vcpu, KVM_RUN, 0) < 0) {
                if (errno == EINTR) {
                    printf("error: round %ld not done within %d s (triggers %ld, resamples %ld, interrupts %ld, done %ld)\n",
                           round, ROUND_TIMEOUT_S, fired, acked, taken, done);
                    return 1;
                }
                die("KVM_RUN");
            }
            exits++;
            if (run->exit_reason != KVM_EXIT_IO || run->io.direction != KVM_EXIT_IO_OUT) {
                printf("error: unexpected exit reason %u\n", run->exit_reason);
                return 1;
            }
            if (read(resample, &count, 8) == 8) { /* vfio_pci_intx_unmask; a device still asserted re-fires */
                resamples += (long)count;
                acked += (long)count;
                if (asserted) {
                    if (write(trigger, &one, 8) != 8) die("write trigger");
                    fired++;
                }
            }
            int port = run->io.port;
            if (port == P_READY) {
                ready = 1;
                break;
            } else if (port == P_THREAD) {
                interrupts++;
                taken++;
                if (!asserted) spurious++;
                asserted = 0;
            } else if (port == P_DONE) {
                done++;
                /* Each trigger raised the line once; KVM resamples it once, either when the interrupt
                 * it caused is acknowledged or, raised while the guest had the entry masked, when the
                 * guest unmasks it and KVM drops it (ioapic.c ioapic_write_indirect, Linux 6.4+). */
                if (!asserted && done == taken && acked >= fired) break;
            } else {
                printf("error: the guest took an unexpected vector (port 0x%x)\n", port);
                return 1;
            }
        }
        alarm(0);
        if (round >= 0) trip[round] = now_ns() - start;
        else if (!ready) return 1;
    }
    uint64_t wall = now_ns() - t0;
    qsort(trip, (size_t)events, sizeof(uint64_t), cmp_u64);
    printf("flow=%s pin=%d events=%ld interrupts=%ld spurious=%ld resamples=%ld exits=%ld wall_ns=%llu median_ns=%llu"
           " per_s=%.0f\n",
           oneshot ? "oneshot" : "level", pin, events, interrupts, spurious, resamples, exits,
           (unsigned long long)wall, (unsigned long long)trip[events / 2], events / (wall / 1e9));
    return 0;
}
