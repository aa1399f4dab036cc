package dev.irqlab.runtime.output;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The irqlab version of this build (the Maven project version), as results report it. */
public final class ToolVersion {

    private ToolVersion() {
    }

    /** The version, e.g. {@code 0.1.0-SNAPSHOT}; read from the build's filtered resource. */
    public static String get() {
        try (InputStream in = ToolVersion.class.getResourceAsStream("/dev/irqlab/runtime/version.properties")) {
            if (in == null) {
                throw new IllegalStateException("version.properties missing from the runtime jar");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
