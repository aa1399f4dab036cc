package dev.irqlab.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The command's standard output (a {@link PrintWriter}, so tests can capture it) as a byte stream
 * for the writers of {@code -} outputs: UTF-8 decoded as it streams, a sequence split across writes
 * kept until complete. Closing flushes; the writer stays open.
 */
final class WriterOutputStream extends OutputStream {

    private final PrintWriter out;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
    private final ByteBuffer pending = ByteBuffer.allocate(1 << 16);
    private final CharBuffer chars = CharBuffer.allocate(1 << 16);

    WriterOutputStream(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        int at = off;
        while (at < off + len) {
            int n = Math.min(pending.remaining(), off + len - at);
            pending.put(b, at, n);
            at += n;
            drain(false);
        }
    }

    private void drain(boolean end) {
        pending.flip();
        while (true) {
            var result = decoder.decode(pending, chars, end);
            chars.flip();
            out.append(chars);
            chars.clear();
            if (!result.isOverflow()) {
                break;
            }
        }
        pending.compact();
    }

    @Override
    public void flush() {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        drain(true);
        out.flush();
    }
}
