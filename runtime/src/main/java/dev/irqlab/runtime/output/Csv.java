package dev.irqlab.runtime.output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;

/**
 * CSV as RFC 4180 writes it: comma-separated fields, CRLF after each record, a field quoted (with
 * its quotes doubled) when it holds a comma, a quote or a line break. Spreadsheets and
 * {@code csv} readers of every language take it as is.
 */
public final class Csv {

    private final Writer out;

    public Csv(Writer out) {
        this.out = out;
    }

    /** Writes one record. */
    public Csv record(List<String> fields) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(field(fields.get(i)));
        }
        b.append("\r\n");
        try {
            out.append(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    static String field(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
