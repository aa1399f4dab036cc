/**
 * The plugin entry point and the factories a plugin binds by name.
 *
 * <p>A plugin is one Maven module with one entry-point class, listed in
 * {@code META-INF/services/dev.irqlab.api.plugin.IrqlabPlugin}. That class implements
 * {@link dev.irqlab.api.plugin.IrqlabPlugin} and is also its Guice module
 * ({@code com.google.inject.Module}; this module does not depend on Guice, so the runtime checks
 * that at start). In {@code configure()} it binds its factories, each under its role's factory
 * interface annotated with the name scenario files use ({@code dev.irqlab.plugin.FactoryBindings}):
 *
 * <pre>{@code
 * bindFactory(PhysicalControllerFactory.class, "gicv3", GicV3Factory.class);
 * // that is: bind(Key.get(PhysicalControllerFactory.class, Names.named("gicv3"))).to(GicV3Factory.class);
 * }</pre>
 */
package dev.irqlab.api.plugin;
