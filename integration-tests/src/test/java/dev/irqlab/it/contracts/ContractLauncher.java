package dev.irqlab.it.contracts;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs one test class (a contract run, or any class) in a JUnit Platform launcher of its own with the
 * given configuration parameters, and collects what each test did. Only the Jupiter engine on the
 * class path takes part; listeners registered through {@code ServiceLoader} are left out, so the
 * surrounding build's reporting does not see the inner tests twice.
 */
public final class ContractLauncher {

    private ContractLauncher() {
    }

    public static List<ContractOutcome> run(Class<?> testClass, Map<String, String> parameters) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(testClass))
                .configurationParameters(parameters)
                .build();
        Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
                .enableTestExecutionListenerAutoRegistration(false)
                .enableLauncherSessionListenerAutoRegistration(false)
                .enablePostDiscoveryFilterAutoRegistration(false)
                .build());
        Collector collector = new Collector();
        launcher.execute(request, collector);
        return collector.outcomes;
    }

    /** Collects the end of every test, and of every container that did not succeed. */
    private static final class Collector implements TestExecutionListener {
        private final List<ContractOutcome> outcomes = new ArrayList<>();
        private TestPlan plan;

        @Override
        public void testPlanExecutionStarted(TestPlan testPlan) {
            plan = testPlan;
        }

        @Override
        public void executionSkipped(TestIdentifier id, String reason) {
            outcomes.add(new ContractOutcome(path(id), ContractOutcome.Status.SKIPPED, null, reason));
        }

        @Override
        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            switch (result.getStatus()) {
                case SUCCESSFUL -> {
                    if (id.isTest()) {
                        outcomes.add(new ContractOutcome(path(id), ContractOutcome.Status.PASSED, null, null));
                    }
                }
                case ABORTED -> outcomes.add(new ContractOutcome(path(id), ContractOutcome.Status.SKIPPED, null,
                        result.getThrowable().map(Throwable::getMessage).orElse("aborted")));
                case FAILED -> outcomes.add(new ContractOutcome(path(id) + (id.isTest() ? "" : " (set-up)"),
                        ContractOutcome.Status.FAILED, result.getThrowable().orElse(
                        new AssertionError("failed without a throwable")), null));
            }
        }

        /** Display names below the test class, outermost first. */
        private String path(TestIdentifier id) {
            List<String> names = new ArrayList<>();
            for (TestIdentifier t = id; t != null; t = plan.getParent(t).orElse(null)) {
                names.add(0, t.getDisplayName());
            }
            // names[0] is the engine, names[1] the launched class
            List<String> below = names.size() > 2 ? names.subList(2, names.size()) : names;
            return String.join(" / ", below);
        }
    }
}
