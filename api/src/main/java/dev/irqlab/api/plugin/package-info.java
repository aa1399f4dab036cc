/**
 * The plugin entry point and the factories a plugin binds by name.
 *
 * <p>A plugin is one Maven module with one entry-point class, listed in
 * {@code META-INF/services/dev.irqlab.api.plugin.IrqlabPlugin}. That class implements
 * {@link dev.irqlab.api.plugin.IrqlabPlugin} and is also its Guice module
 * ({@code com.google.inject.Module}; this module does not depend on Guice, so the runtime checks
 * that at start). In {@code configure()} it adds its factories to the runtime's {@code MapBinder}s,
 * keyed by the names scenario files use:
 *
 * <pre>{@code
 * MapBinder.newMapBinder(binder(), String.class, PhysicalControllerFactory.class)
 *          .addBinding("gicv3").to(GicV3Factory.class);
 * }</pre>
 */
package dev.irqlab.api.plugin;
