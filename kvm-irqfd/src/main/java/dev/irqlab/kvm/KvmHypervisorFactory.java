package dev.irqlab.kvm;

import com.google.inject.Inject;
import dev.irqlab.api.hypervisor.Hypervisor;
import dev.irqlab.api.hypervisor.HypervisorContext;
import dev.irqlab.api.plugin.ConfigKey;
import dev.irqlab.api.plugin.HypervisorFactory;
import dev.irqlab.api.plugin.VirtualControllerFactory;
import java.util.List;
import java.util.Map;

/**
 * Factory "kvm". The virtual controller's component name is {@code <vm>.<its factory name>}; the
 * name is found in the runtime's {@code VirtualControllerFactory} map (the {@code VmSpec} carries
 * only the factory), falling back to {@code <vm>.irqchip} when the factory is not found there
 * unambiguously.
 */
public final class KvmHypervisorFactory implements HypervisorFactory {

    static final String FALLBACK_IRQCHIP_NAME = "irqchip";

    private Map<String, VirtualControllerFactory> virtualControllers = Map.of();

    public KvmHypervisorFactory() {
    }

    /** Filled by Guice when some plugin binds virtual controllers. */
    @Inject(optional = true)
    void setVirtualControllers(Map<String, VirtualControllerFactory> factories) {
        this.virtualControllers = Map.copyOf(factories);
    }

    @Override
    public List<ConfigKey> schema() {
        return KvmConfig.schema();
    }

    @Override
    public Hypervisor create(HypervisorContext context) {
        return new Kvm(context, KvmConfig.from(context.config()), this::irqchipName);
    }

    /** The MapBinder key of a virtual-controller factory: by identity, else by unique class, else the fallback. */
    String irqchipName(VirtualControllerFactory factory) {
        for (Map.Entry<String, VirtualControllerFactory> e : virtualControllers.entrySet()) {
            if (e.getValue() == factory) {
                return e.getKey();
            }
        }
        List<String> sameClass = virtualControllers.entrySet().stream()
                .filter(e -> e.getValue().getClass() == factory.getClass()).map(Map.Entry::getKey).toList();
        return sameClass.size() == 1 ? sameClass.get(0) : FALLBACK_IRQCHIP_NAME;
    }
}
